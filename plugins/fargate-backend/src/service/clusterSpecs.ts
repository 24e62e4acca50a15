import type { Diagnostic, FailedSpec, ParseResult, PlanInput, ProfileSpec } from '@fargatekeeper/core';
import type { ClusterConfig } from '../config';

/** Specs of one configured cluster (names are unique in the configuration; a spec without region is in it). */
export function specsOfCluster(specs: ProfileSpec[], config: ClusterConfig): ProfileSpec[] {
  return specs.filter(s => s.cluster === config.name && (s.region === undefined || s.region === config.region));
}

/**
 * Parse findings that concern a cluster: those about it, and those that name no cluster in files
 * without a spec of another cluster (a file that failed to parse may hide one of its specs).
 */
export function diagnosticsOfCluster(parsed: ParseResult, config: ClusterConfig, specs: ProfileSpec[]): Diagnostic[] {
  const ownFiles = new Set(specs.map(s => s.source.file));
  const otherFiles = new Set(parsed.specs.filter(s => !specs.includes(s)).map(s => s.source.file));
  return parsed.diagnostics.filter(d => {
    if (d.cluster !== undefined) return d.cluster === config.name;
    const file = d.source?.file;
    return file === undefined || ownFiles.has(file) || !otherFiles.has(file);
  });
}

/**
 * Documents that failed to parse and may be this cluster's: those naming it, and those naming no
 * cluster in files without a spec of another cluster (as for the findings above). The plan keeps their
 * live profiles, or holds deletes back when it cannot tell which spec a document was.
 */
export function failedOfCluster(parsed: ParseResult, config: ClusterConfig, specs: ProfileSpec[]): FailedSpec[] {
  const otherFiles = new Set(parsed.specs.filter(s => !specs.includes(s)).map(s => s.source.file));
  const ownFiles = new Set(specs.map(s => s.source.file));
  return parsed.failed.filter(f =>
    f.cluster !== undefined ? f.cluster === config.name : ownFiles.has(f.file) || !otherFiles.has(f.file),
  );
}

/** What one cluster's plan is made from: its specs, its failed documents and its parse findings. */
export function planInputOf(parsed: ParseResult, config: ClusterConfig, specs: ProfileSpec[]): PlanInput {
  return {
    specs,
    failed: failedOfCluster(parsed, config, specs),
    diagnostics: diagnosticsOfCluster(parsed, config, specs),
  };
}
