import type { Diagnostic } from '../diagnostics';
import { PROTECTED_TAG, PROTECTED_VALUE } from '../account/types';
import { serving } from './liveState';
import type { ClusterPlan, LiveState, Operation } from './types';

/**
 * Delete guards, over the whole plan: each refusal is an error, so apply changes nothing it concerns.
 * - `maxDeletes`: more profile deletions than allowed (a specs folder pointed at by mistake, a
 *   subset of the specs) refuses the run;
 * - deletion protection: a live profile tagged protected is neither deleted (its spec removed) nor
 *   replaced while it serves pods. Lifting it is a retag that removes the tag, in an earlier run.
 */
export function guardDiagnostics(clusters: readonly ClusterPlan[], options: { maxDeletes?: number }): Diagnostic[] {
  const operations = clusters.flatMap(c => c.operations);
  const diagnostics = operations.flatMap(protectionRefusal);
  const deletes = operations.filter(o => o.op === 'delete-profile').length;
  if (options.maxDeletes !== undefined && deletes > options.maxDeletes) {
    diagnostics.push({
      severity: 'error',
      code: 'plan.too-many-deletes',
      message: `The plan deletes ${deletes} profile${deletes === 1 ? '' : 's'}, more than the ${options.maxDeletes} allowed by max-deletes; nothing is applied.`,
      hint: 'check that the specs folder holds every spec of the clusters (or limit the run with --target), or raise max-deletes',
    });
  }
  return diagnostics;
}

const isProtected = (state: LiveState): boolean => state.tags[PROTECTED_TAG] === PROTECTED_VALUE;

function protectionRefusal(o: Operation): Diagnostic[] {
  switch (o.op) {
    case 'delete-profile':
      // Leftovers of a replacement and failed creates served no pods as this profile; a removed spec's did.
      if (o.reason.code !== 'spec-removed' || !isProtected(o.before)) return [];
      return [
        refusal(
          o.cluster,
          o.profile,
          `Profile \`${o.profile}\` (spec \`${o.spec}\`) has deletion protection; its spec was removed, but it is not deleted.`,
          'set `deletionProtection: false` in the spec and apply that first, then remove the spec',
        ),
      ];
    case 'replace':
    case 'adopt-by-replace':
      // A failed profile serves no pods: replacing it loses nothing protection guards.
      if (!isProtected(o.before) || !serving(o.before.status)) return [];
      return [
        {
          ...refusal(
            o.cluster,
            o.spec,
            `Profile \`${o.replaces}\` (spec \`${o.spec}\`) has deletion protection; the change needs a replacement, so it is refused.`,
            'set `deletionProtection: false` (and nothing else) and apply that first, then make the change',
          ),
          source: o.source,
        },
      ];
    case 'create':
    case 'adopt-in-place':
    case 'retag':
    case 'delete-role':
    case 'wait':
    case 'no-op':
    case 'unmanaged':
      return [];
  }
}

function refusal(cluster: string, profile: string, message: string, hint: string): Diagnostic {
  return { severity: 'error', code: 'plan.deletion-protected', cluster, profile, message, hint };
}
