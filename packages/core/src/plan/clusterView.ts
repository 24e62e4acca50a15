import type { Diagnostic, Severity, SourcePosition } from '../diagnostics';
import { managedSpecOf, type HealthIssue, type LiveProfile } from '../account/types';
import { byString } from './canonical';
import type { DesiredProfile } from './desired';
import { liveStateOf } from './liveState';
import { ownershipOf } from './ownership';
import type { DeleteReason, LiveState, Operation } from './types';

/** One cluster's live profiles, read-only and indexed once: what every classification step looks at. */
export interface ClusterView {
  region: string;
  cluster: string;
  /** Sorted by name. */
  live: readonly LiveProfile[];
  byName: ReadonlyMap<string, LiveProfile>;
  /** The run's specs source, when it names one. */
  source?: string;
  /** Managed profiles of this source (or claimed by it: no source tag yet) by the spec their tags name. */
  owned: ReadonlyMap<string, readonly LiveProfile[]>;
  /** Managed profiles another source owns, by name, with that source: this run never touches them. */
  foreign: ReadonlyMap<string, string>;
  /** Names of managed profiles without a source tag, which this run claims. */
  unclaimed: ReadonlySet<string>;
  /** EKS names the cluster's desired specs want. */
  desiredNames: ReadonlySet<string>;
  /** Live states computed once per profile, so operations of one plan share them. */
  stateOf(profile: LiveProfile): LiveState;
}

export function clusterView(
  region: string,
  cluster: string,
  live: readonly LiveProfile[],
  desired: readonly DesiredProfile[],
  source?: string,
): ClusterView {
  const sorted = [...live].sort((a, b) => byString(a.name, b.name));
  const owned = new Map<string, LiveProfile[]>();
  const foreign = new Map<string, string>();
  const unclaimed = new Set<string>();
  for (const profile of sorted) {
    const spec = managedSpecOf(profile.tags);
    if (!spec) continue;
    const ownership = ownershipOf(profile.tags, source, true);
    if (ownership.kind === 'other') {
      foreign.set(profile.name, ownership.source);
      continue;
    }
    if (ownership.kind === 'unclaimed') unclaimed.add(profile.name);
    owned.set(spec, [...(owned.get(spec) ?? []), profile]);
  }
  const states = new Map(sorted.map(p => [p, liveStateOf(p)]));
  return {
    region,
    cluster,
    ...(source !== undefined ? { source } : {}),
    live: sorted,
    byName: new Map(sorted.map(p => [p.name, p])),
    owned,
    foreign,
    unclaimed,
    desiredNames: new Set(desired.map(d => d.name)),
    stateOf: profile => states.get(profile) ?? liveStateOf(profile),
  };
}

/** What one classification step decided: operations, live profiles it keeps as they are, and findings. */
export interface Decision {
  operations: Operation[];
  /** Live profiles left exactly as they are (a spec with errors, deletes held back). */
  kept: LiveProfile[];
  /** Names of live profiles this step accounted for (no later step reports them as unmanaged). */
  claimed: string[];
  diagnostics: Diagnostic[];
}

export const emptyDecision = (): Decision => ({ operations: [], kept: [], claimed: [], diagnostics: [] });

export function mergeDecisions(decisions: readonly Decision[]): Decision {
  return {
    operations: decisions.flatMap(d => d.operations),
    kept: decisions.flatMap(d => d.kept),
    claimed: decisions.flatMap(d => d.claimed),
    diagnostics: decisions.flatMap(d => d.diagnostics),
  };
}

export function finding(
  view: ClusterView,
  severity: Severity,
  code: string,
  message: string,
  profile?: string,
  source?: SourcePosition,
): Diagnostic {
  return {
    severity,
    code,
    message,
    cluster: view.cluster,
    ...(profile ? { profile } : {}),
    ...(source ? { source } : {}),
  };
}

export const operationId = (view: ClusterView, op: Operation['op'], name: string): string =>
  `${view.region}/${view.cluster}/${op}/${name}`;

export const healthText = (health: readonly HealthIssue[]): string =>
  health.length > 0 ? `: ${health.map(h => `${h.code}: ${h.message}`).join('; ')}` : '';

/**
 * A managed profile goes: deleted, or (already DELETING from an earlier run) waited for, taking its
 * default role with it. A DELETING profile whose name a desired spec wants again is only noted: the
 * spec's create waits for it itself.
 */
export function removal(
  view: ClusterView,
  profile: LiveProfile,
  spec: string,
  reason: DeleteReason,
  options: { successor?: string; ownership?: 'managed' | 'adopted' } = {},
): Decision {
  const before = view.stateOf(profile);
  if (profile.status === 'DELETING') {
    if (view.desiredNames.has(profile.name)) {
      return {
        ...emptyDecision(),
        claimed: [profile.name],
        diagnostics: [
          finding(
            view,
            'info',
            'plan.deleting',
            `Profile \`${profile.name}\` is already being deleted; its new profile is created after.`,
            profile.name,
          ),
        ],
      };
    }
    return {
      ...emptyDecision(),
      claimed: [profile.name],
      operations: [
        {
          op: 'wait',
          id: operationId(view, 'wait', profile.name),
          region: view.region,
          cluster: view.cluster,
          spec,
          profile: profile.name,
          before,
          until: 'deleted',
          reason,
        },
      ],
    };
  }
  const diagnostics =
    profile.status === 'DELETE_FAILED'
      ? [
          finding(
            view,
            'warning',
            'plan.delete-failed',
            `Profile \`${profile.name}\` failed to delete before${healthText(profile.health)}; the delete is retried.`,
            profile.name,
          ),
        ]
      : [];
  return {
    ...emptyDecision(),
    claimed: [profile.name],
    diagnostics,
    operations: [
      {
        op: 'delete-profile',
        id: operationId(view, 'delete-profile', profile.name),
        region: view.region,
        cluster: view.cluster,
        spec,
        profile: profile.name,
        before,
        ...(options.successor && options.successor !== profile.name ? { successor: options.successor } : {}),
        ownership: options.ownership ?? 'managed',
        reason,
      },
    ],
  };
}
