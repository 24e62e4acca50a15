import type { Diagnostic, ParseResult, ProfileSpec } from '@fargatekeeper/core';
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
