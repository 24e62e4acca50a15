import type { Diagnostic } from '../diagnostics';
import type { ClusterRef } from '../account/types';
import type { FailedSpec, ProfileSpec } from '../spec/types';
import type { HoldBack } from './classifyOrphans';

/** What errors keep from changing: specs that are not planned, and per cluster what their live profiles need. */
export interface HoldBacks {
  /** Specs with errors: they produce no operation and their live profiles stay as they are. */
  invalid: ReadonlySet<ProfileSpec>;
  in(ref: ClusterRef): HoldBack;
}

/**
 * From the documents that failed to parse and the errors validation found (each names its spec by
 * `cluster` and `profile`): a failed document with a name keeps that spec's profiles (in its cluster,
 * or in every cluster when the cluster is unknown); one without a name might be any spec, so deletes
 * are held back in its cluster, or everywhere.
 */
export function holdBacks(
  specs: readonly ProfileSpec[],
  failed: readonly FailedSpec[],
  errors: readonly Diagnostic[],
): HoldBacks {
  const erroneous = new Set(
    errors.filter(d => d.severity === 'error' && d.profile).map(d => `${d.cluster ?? ''}\u0000${d.profile}`),
  );
  const invalid = new Set(specs.filter(s => erroneous.has(`${s.cluster}\u0000${s.name}`)));
  const protectedNames = [
    ...failed.flatMap(f => (f.name ? [{ name: f.name, cluster: f.cluster }] : [])),
    ...[...invalid].map(s => ({ name: s.name, cluster: s.cluster })),
  ];
  const holds = failed.filter(f => !f.name).map(f => ({ cluster: f.cluster, why: holdReason(f) }));
  return {
    invalid,
    in: ref => {
      const hold = holds.find(h => h.cluster === ref.name) ?? holds.find(h => h.cluster === undefined);
      return {
        protectedSpecs: new Set(
          protectedNames.filter(p => p.cluster === undefined || p.cluster === ref.name).map(p => p.name),
        ),
        ...(hold ? { holdDeletes: hold.why } : {}),
      };
    },
  };
}

function holdReason(failed: FailedSpec): string {
  const line = failed.diagnostics.find(d => d.source)?.source?.line;
  return `spec files have errors (${failed.file}${line !== undefined ? `:${line}` : ''}), so a spec that looks removed may only have failed to parse`;
}
