import type { Diagnostic } from '../diagnostics';
import { managedSpecOf, type LiveProfile, type RoleInfo } from '../account/types';
import { specPosition } from '../spec/positions';
import type { OverlapProfile } from '../match/overlaps';
import { byString } from './canonical';
import { classifyOrphans, classifyUnmanaged, type HoldBack } from './classifyOrphans';
import { classifySpec } from './classifySpec';
import { clusterView, finding, mergeDecisions, type ClusterView, type Decision } from './clusterView';
import type { DesiredProfile } from './desired';
import { profileAfter, subjectOf } from './operations';
import { planRoles } from './planRoles';
import { orderReplacements } from './replaceOrder';
import { OPERATION_KINDS, type Operation } from './types';

export interface ClusterInput {
  region: string;
  cluster: string;
  quota?: number;
  live: readonly LiveProfile[];
  /** Specs of this cluster without errors. */
  desired: readonly DesiredProfile[];
  hold: HoldBack;
  /** Default roles as read by name (undefined: does not exist; absent: could not be read). */
  roles: ReadonlyMap<string, RoleInfo | undefined>;
  /** Names of roles listed under the default roles' path that may be this cluster's (read into `roles`). */
  listedRoles: readonly string[];
  /** The run's specs source, when it names one (see ownership.ts). */
  source?: string;
}

/** A profile as it will be after the plan, for overlap analysis (the spec's positions and format point warnings at its selectors). */
export interface FinalProfile extends OverlapProfile {
  podExecutionRoleArn: string;
}

export interface ClusterOutcome {
  operations: Operation[];
  diagnostics: Diagnostic[];
  final: FinalProfile[];
}

/**
 * Desired against live for one cluster, as small steps that each return what they decided: every
 * spec on its own, then the profiles of specs gone from Git, then whatever is left (unmanaged); then
 * the order of each replacement and the default roles, which depend on the whole cluster.
 */
export function classifyCluster(input: ClusterInput): ClusterOutcome {
  const view = clusterView(input.region, input.cluster, input.live, input.desired, input.source);
  const desired = [...input.desired].sort((a, b) => byString(a.spec.name, b.spec.name));
  const known = mergeDecisions([
    ...desired.map(d => classifySpec(view, d)),
    classifyOrphans(view, new Set(desired.map(d => d.spec.name)), input.hold),
  ]);
  const decided = mergeDecisions([known, classifyUnmanaged(view, new Set(known.claimed))]);
  const final = finalProfiles(desired, decided);
  const ordered = orderReplacements(view, input.quota, desired, decided.operations);
  const roled = planRoles(
    view,
    {
      ...input,
      desired,
      arnsInUse: new Set(final.map(f => f.podExecutionRoleArn)),
      protectedSpecs: input.hold.protectedSpecs,
      ...(input.hold.holdDeletes ? { holdDeletes: input.hold.holdDeletes } : {}),
    },
    ordered.operations,
  );
  return {
    operations: sortOperations(roled.operations),
    diagnostics: [
      ...decided.diagnostics,
      ...ordered.diagnostics,
      ...roled.diagnostics,
      ...claimNotes(view, decided.operations),
    ],
    final,
  };
}

/** A spec's profile without a source tag (made before the tag existed) is claimed by the source that plans it; its operation adds the tag. */
function claimNotes(view: ClusterView, operations: readonly Operation[]): Diagnostic[] {
  const notes: Diagnostic[] = [];
  for (const o of operations) {
    const claimed =
      o.op === 'replace' || o.op === 'adopt-by-replace'
        ? o.replaces
        : o.op === 'retag' || o.op === 'wait' || o.op === 'no-op'
          ? o.profile
          : undefined;
    if (claimed === undefined || !view.unclaimed.has(claimed) || o.op === 'unmanaged' || o.op === 'delete-role')
      continue;
    notes.push(
      finding(
        view,
        'info',
        'plan.claimed',
        `Profile \`${claimed}\` (spec \`${o.spec}\`) carries no source tag; ${view.source} claims it.`,
        claimed,
      ),
    );
  }
  return notes;
}

/** The cluster once the plan is applied: what the operations keep or make, unmanaged profiles, and what is kept as it is. */
function finalProfiles(desired: readonly DesiredProfile[], decided: Decision): FinalProfile[] {
  const bySpec = new Map(desired.map(d => [d.spec.name, d]));
  const fromOperations = decided.operations.flatMap((o): FinalProfile[] => {
    if (o.op === 'unmanaged') return o.before.status === 'DELETING' ? [] : [liveFinal(o.before)];
    const after = profileAfter(o);
    const d = bySpec.get(o.spec);
    if (!after || !d) return [];
    return [
      {
        name: after.name,
        spec: o.spec,
        podExecutionRoleArn: after.podExecutionRoleArn,
        selectors: d.spec.selectors,
        source: specPosition(d.spec),
        fields: d.spec.source.fields,
        format: d.spec.source.format,
      },
    ];
  });
  return [...fromOperations, ...decided.kept.map(liveFinal)].sort((a, b) => byString(a.name, b.name));
}

function liveFinal(profile: Pick<LiveProfile, 'name' | 'tags' | 'podExecutionRoleArn' | 'selectors'>): FinalProfile {
  const spec = managedSpecOf(profile.tags);
  return {
    name: profile.name,
    ...(spec ? { spec } : {}),
    podExecutionRoleArn: profile.podExecutionRoleArn,
    selectors: profile.selectors,
  };
}

/** A cluster's list: what does something first (OPERATION_KINDS), then by the name worked on. */
export function sortOperations(operations: readonly Operation[]): Operation[] {
  return [...operations].sort(
    (a, b) =>
      OPERATION_KINDS.indexOf(a.op) - OPERATION_KINDS.indexOf(b.op) ||
      byString(subjectOf(a).name, subjectOf(b).name) ||
      byString(a.id, b.id),
  );
}
