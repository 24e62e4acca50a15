import type { Diagnostic } from '../diagnostics';
import { sourceOf, specOf } from '../plan/operations';
import type { Plan } from '../plan/types';
import { healthOf } from './common';

/** Code of a health finding: EKS's own code is in the message (its codes are EKS's vocabulary, not ours). */
export const HEALTH_CODE = 'profile.health';

/**
 * Every health issue EKS reports on a live profile of the plan (managed or not), one warning each,
 * at the profile's spec when it has one: for front doors that show findings one by one, such as the
 * Action's annotations. The plan's renderers show the same issues on the profile's own line.
 */
export function healthFindings(plan: Plan): Diagnostic[] {
  return plan.clusters.flatMap(cluster =>
    cluster.operations.flatMap(o => {
      const health = healthOf(o);
      if (!health) return [];
      const source = sourceOf(o);
      const spec = specOf(o);
      return health.issues.map((issue): Diagnostic => ({
        severity: 'warning',
        code: HEALTH_CODE,
        message: `profile \`${health.profile}\` (${health.status}) reports \`${issue.code}\`: ${issue.message}${issue.resourceIds && issue.resourceIds.length > 0 ? ` (${issue.resourceIds.join(', ')})` : ''}`,
        cluster: cluster.cluster,
        profile: spec ?? health.profile,
        ...(source ? { source } : {}),
      }));
    }),
  );
}
