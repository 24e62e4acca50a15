import { sortDiagnostics, type Diagnostic } from '../diagnostics';
import { analyzeOverlaps } from '../match/overlaps';
import type { ProfileSpec } from '../spec/types';
import { profileNameFor } from '../plan/naming';
import { checkAcrossSpecs, specClusterKey } from './staticCrossRules';
import { checkSpec } from './staticSpecRules';

export interface StaticOptions {
  /** The run's region, for specs that name none (two specs of one cluster may differ only in saying it). */
  defaultRegion?: string;
  /**
   * Overlap analysis between the specs of each cluster (default true). A caller that analyses overlaps
   * itself, with live unmanaged profiles included, passes false to avoid reporting pairs twice.
   */
  overlaps?: boolean;
  /** The EKS name of a spec's profile, for the alphanumeric tie-break; defaults to the name the plan gives it. */
  profileName?: (spec: ProfileSpec) => string;
}

/**
 * Every rule that needs no AWS call: the EKS limits of DESIGN.md per spec, names unique per cluster,
 * one spec per EKS profile, and selector overlaps per cluster. Each finding at the offending field.
 */
export function validateStatic(specs: readonly ProfileSpec[], options: StaticOptions = {}): Diagnostic[] {
  const diagnostics = [...specs.flatMap(checkSpec), ...checkAcrossSpecs(specs, options.defaultRegion)];
  if (options.overlaps !== false) {
    // The EKS names decide the tie-break: `<name>-<hash>` (or the adopted / fixed name), as the plan names them.
    const nameOf =
      options.profileName ?? ((spec: ProfileSpec) => spec.profileName ?? spec.adopt ?? profileNameFor(spec));
    const clusters = new Map<string, ProfileSpec[]>();
    for (const spec of specs) {
      const key = specClusterKey(spec, options.defaultRegion);
      const group = clusters.get(key);
      if (group) group.push(spec);
      else clusters.set(key, [spec]);
    }
    for (const group of clusters.values()) {
      diagnostics.push(
        ...analyzeOverlaps(
          group[0]!.cluster,
          group.map(spec => ({
            name: nameOf(spec),
            spec: spec.name,
            selectors: spec.selectors,
            source: spec.source,
            fields: spec.source?.fields,
            format: spec.source?.format,
          })),
        ),
      );
    }
  }
  return sortDiagnostics(diagnostics);
}
