import { clusterKey } from '../account/types';
import type { Diagnostic } from '../diagnostics';
import type { ProfileSpec } from '../spec/types';
import { quote } from '../spec/quote';
import { specDiagnostic } from './staticPosition';

/** Specs are grouped by the cluster they target. */
export const specClusterKey = (spec: ProfileSpec, defaultRegion?: string): string =>
  clusterKey({ region: spec.region ?? defaultRegion ?? '', name: spec.cluster });

const where = (spec: ProfileSpec): string =>
  spec.source ? `${spec.source.file}:${spec.source.line}` : `spec ${quote(spec.name)}`;

/** Names must be unique per cluster, and no two specs may claim the same EKS profile. */
export function checkAcrossSpecs(specs: readonly ProfileSpec[], defaultRegion?: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byName = new Map<string, ProfileSpec>();
  const byProfile = new Map<string, { spec: ProfileSpec; field: 'profileName' | 'adopt' }>();
  for (const spec of specs) {
    const cluster = specClusterKey(spec, defaultRegion);
    const nameKey = `${cluster}\u0000${spec.name}`;
    const first = byName.get(nameKey);
    if (first) {
      out.push(
        specDiagnostic(
          spec,
          'error',
          'spec.duplicate-name',
          `spec ${quote(spec.name)} is defined twice for cluster ${quote(spec.cluster)} (also at ${where(first)})`,
          'name',
          { hint: '`metadata.name` must be unique per cluster' },
        ),
      );
    } else byName.set(nameKey, spec);

    // A fixed name and an adopted profile are both EKS names this spec claims.
    const claims = new Map<string, 'profileName' | 'adopt'>();
    if (spec.adopt !== undefined) claims.set(spec.adopt, 'adopt');
    if (spec.profileName !== undefined) claims.set(spec.profileName, 'profileName');
    for (const [profile, field] of claims) {
      const key = `${cluster}\u0000${profile}`;
      const other = byProfile.get(key);
      if (other && other.spec !== spec) {
        out.push(
          specDiagnostic(
            spec,
            'error',
            'spec.same-profile',
            `specs ${quote(other.spec.name)} and ${quote(spec.name)} both map to EKS profile ${quote(profile)} in cluster ${quote(spec.cluster)} (the other at ${where(other.spec)})`,
            field,
            { hint: 'one EKS profile can have only one spec' },
          ),
        );
      } else if (!other) byProfile.set(key, { spec, field });
    }
  }
  return out;
}
