import type { LiveProfile } from '../account/types';
import { byString } from './canonical';
import { emptyDecision, finding, mergeDecisions, operationId, removal, type ClusterView, type Decision } from './clusterView';

/** What the specs that failed to parse protect in this cluster. */
export interface HoldBack {
  /** Spec names with errors (or that failed to parse): their live profiles stay as they are. */
  protectedSpecs: ReadonlySet<string>;
  /** Why deletes are held back in this cluster (spec files with errors that name no spec). */
  holdDeletes?: string;
}

/** Managed profiles whose spec is gone from Git are deleted, unless a spec with errors may still want them. */
export function classifyOrphans(view: ClusterView, desiredSpecs: ReadonlySet<string>, hold: HoldBack): Decision {
  const orphans = [...view.owned].filter(([spec]) => !desiredSpecs.has(spec)).sort((a, b) => byString(a[0], b[0]));
  return mergeDecisions(orphans.flatMap(([spec, profiles]) => profiles.map(profile => orphan(view, profile, spec, hold))));
}

function orphan(view: ClusterView, profile: LiveProfile, spec: string, hold: HoldBack): Decision {
  const keep = (severity: 'warning', code: string, message: string): Decision => ({
    ...emptyDecision(),
    kept: [profile],
    claimed: [profile.name],
    diagnostics: [finding(view, severity, code, message, profile.name)],
  });
  if (hold.protectedSpecs.has(spec)) {
    return keep('warning', 'plan.kept-spec-errors', `Profile \`${profile.name}\` (spec \`${spec}\`) is kept as it is: the spec has errors.`);
  }
  if (hold.holdDeletes) {
    if (profile.status === 'DELETING') {
      // Already going; its default role is kept while the spec may only have failed to parse.
      return { ...emptyDecision(), claimed: [profile.name], diagnostics: [finding(view, 'info', 'plan.deleting', `Profile \`${profile.name}\` is already being deleted.`, profile.name)] };
    }
    return keep('warning', 'plan.delete-held-back', `Profile \`${profile.name}\` (spec \`${spec}\`) is not deleted: ${hold.holdDeletes}.`);
  }
  return removal(view, profile, spec, { code: 'spec-removed', lastDeleteFailed: profile.status === 'DELETE_FAILED' });
}

/** Every live profile no step accounted for is reported as unmanaged and never touched. */
export function classifyUnmanaged(view: ClusterView, claimed: ReadonlySet<string>): Decision {
  const operations = view.live
    .filter(p => !claimed.has(p.name))
    .map(p => ({
      op: 'unmanaged' as const,
      id: operationId(view, 'unmanaged', p.name),
      region: view.region,
      cluster: view.cluster,
      profile: p.name,
      before: view.stateOf(p),
      reason: { code: 'not-managed' as const },
    }));
  return { ...emptyDecision(), operations, claimed: operations.map(o => o.profile) };
}
