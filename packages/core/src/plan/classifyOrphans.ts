import type { LiveProfile } from '../account/types';
import { byString } from './canonical';
import {
  emptyDecision,
  finding,
  mergeDecisions,
  operationId,
  removal,
  type ClusterView,
  type Decision,
} from './clusterView';
import type { UnmanagedOperation } from './types';

/** What the specs that failed to parse protect in this cluster. */
export interface HoldBack {
  /** Spec names with errors (or that failed to parse): their live profiles stay as they are. */
  protectedSpecs: ReadonlySet<string>;
  /** Why deletes are held back in this cluster (spec files with errors that name no spec). */
  holdDeletes?: string;
  /** With `--target`: true for a spec name outside the targets, whose profiles and roles stay as they are, unreported. */
  outside?: (spec: string) => boolean;
}

/** Managed profiles whose spec is gone from Git are deleted, unless a spec with errors may still want them. */
export function classifyOrphans(view: ClusterView, desiredSpecs: ReadonlySet<string>, hold: HoldBack): Decision {
  const orphans = [...view.owned].filter(([spec]) => !desiredSpecs.has(spec)).sort((a, b) => byString(a[0], b[0]));
  return mergeDecisions(
    orphans.flatMap(([spec, profiles]) => profiles.map(profile => orphan(view, profile, spec, hold))),
  );
}

function orphan(view: ClusterView, profile: LiveProfile, spec: string, hold: HoldBack): Decision {
  const keep = (severity: 'warning', code: string, message: string): Decision => ({
    ...emptyDecision(),
    kept: [profile],
    claimed: [profile.name],
    diagnostics: [finding(view, severity, code, message, profile.name)],
  });
  // Outside the run's targets: kept as it is without a word (it is not this run's business).
  if (hold.outside?.(spec)) return { ...emptyDecision(), kept: [profile], claimed: [profile.name] };
  if (hold.protectedSpecs.has(spec)) {
    return keep(
      'warning',
      'plan.kept-spec-errors',
      `Profile \`${profile.name}\` (spec \`${spec}\`) is kept as it is: the spec has errors.`,
    );
  }
  if (hold.holdDeletes) {
    if (profile.status === 'DELETING') {
      // Already going; its default role is kept while the spec may only have failed to parse.
      return {
        ...emptyDecision(),
        claimed: [profile.name],
        diagnostics: [
          finding(view, 'info', 'plan.deleting', `Profile \`${profile.name}\` is already being deleted.`, profile.name),
        ],
      };
    }
    return keep(
      'warning',
      'plan.delete-held-back',
      `Profile \`${profile.name}\` (spec \`${spec}\`) is not deleted: ${hold.holdDeletes}.`,
    );
  }
  const gone = removal(view, profile, spec, {
    code: 'spec-removed',
    lastDeleteFailed: profile.status === 'DELETE_FAILED',
  });
  if (!view.unclaimed.has(profile.name) || gone.operations.length === 0) return gone;
  // Made before profiles carried their source: it may be another source's that has not planned since.
  const message = `Profile \`${profile.name}\` (spec \`${spec}\`) carries no source tag and its spec is not in ${view.source}: ${view.source} claims it and deletes it.`;
  return mergeDecisions([
    gone,
    {
      ...emptyDecision(),
      diagnostics: [
        {
          ...finding(view, 'warning', 'plan.claimed', message, profile.name),
          hint: 'if another specs source owns it, plan that source first (it tags the profile as its own), or limit this run with --target',
        },
      ],
    },
  ]);
}

/**
 * Every live profile no step accounted for is reported as unmanaged and never touched: made outside
 * fargatekeeper, or managed by another specs source (said once more as a note).
 */
export function classifyUnmanaged(view: ClusterView, claimed: ReadonlySet<string>): Decision {
  const operations: UnmanagedOperation[] = view.live
    .filter(p => !claimed.has(p.name))
    .map(p => {
      const other = view.foreign.get(p.name);
      return {
        op: 'unmanaged',
        id: operationId(view, 'unmanaged', p.name),
        region: view.region,
        cluster: view.cluster,
        profile: p.name,
        before: view.stateOf(p),
        reason: other !== undefined ? { code: 'other-source', source: other } : { code: 'not-managed' },
      };
    });
  const diagnostics = operations.flatMap(o =>
    o.reason.code === 'other-source'
      ? [
          finding(
            view,
            'info',
            'plan.other-source',
            `\`${o.profile}\` is managed by ${o.reason.source}; left alone.`,
            o.profile,
          ),
        ]
      : [],
  );
  return { ...emptyDecision(), operations, claimed: operations.map(o => o.profile), diagnostics };
}
