import type { Diagnostic } from '../diagnostics';
import { clusterKey } from '../account/types';
import { byString } from '../order';
import { profileAfter } from '../plan/operations';
import type { ClusterPlan, Operation } from '../plan/types';
import { connectAll } from '../kube/connect';
import { onFargate, placementAfter, type MatchingProfile } from '../kube/placement';
import { FARGATE_PROFILE_LABEL, type ClusterApi, type ClusterPod, type PodAccess } from '../kube/types';
import type { OperationOutcome } from './types';

/** How far `--recycle-pending` goes: at most `maxPods` deletes per run, none started after `withinMs`. */
export interface RecycleBounds {
  maxPods: number;
  withinMs: number;
}

export const DEFAULT_RECYCLE_BOUNDS: RecycleBounds = { maxPods: 50, withinMs: 60_000 };

/**
 * Why a Pending pod will not go to the new profile by itself:
 * - `default-scheduler`: it was created while no profile took it (the old profile was gone), so the
 *   Fargate webhook passed it by and it waits for a node that a Fargate-only cluster never has;
 * - `profile-gone`: Fargate took it for the profile the replacement deleted, which stopped it and left
 *   it Pending; the Fargate scheduler does not place it again.
 */
export type PendingReason = { code: 'default-scheduler' } | { code: 'profile-gone'; profile: string };

/** What apply did with a Pending pod. */
export type PendingOutcome =
  | { kind: 'reported' }
  | { kind: 'deleted' }
  | { kind: 'kept'; why: 'no-controller' | 'max-pods' | 'time' }
  | { kind: 'delete-failed'; error: string };

export interface PendingPod {
  namespace: string;
  name: string;
  /** `Kind/name` of its controller; a pod without one is never deleted (nothing would create it again). */
  controller?: string;
  /** The new profile that takes it once it is created again. */
  profile: string;
  reason: PendingReason;
  outcome: PendingOutcome;
}

/** One cluster after its replacements: the Pending pods their new profiles should take. */
export interface PendingPodsReport {
  region: string;
  cluster: string;
  /** The new profiles of the replacements that succeeded. */
  profiles: string[];
  read: { kind: 'read'; via: string } | { kind: 'not-read'; reason: string };
  pods: PendingPod[];
}

/** The new profile of a replacement. */
const replacementProfile = (o: Operation): string | undefined =>
  o.op === 'replace' || o.op === 'adopt-by-replace' ? o.profile : undefined;

/** The cluster's profiles once its operations are done (the plan's view: what each operation leaves, and the profiles it leaves alone). */
function profilesAfter(plan: ClusterPlan): MatchingProfile[] {
  return plan.operations.flatMap(o => {
    const after = profileAfter(o) ?? (o.op === 'unmanaged' && o.before.status === 'ACTIVE' ? o.before : undefined);
    return after ? [{ name: after.name, selectors: after.selectors }] : [];
  });
}

/** Pending pods a new profile should take, with why they stay Pending. */
function strandedPods(
  pods: readonly ClusterPod[],
  plan: ClusterPlan,
  newProfiles: ReadonlySet<string>,
): Omit<PendingPod, 'outcome'>[] {
  const profiles = profilesAfter(plan);
  const existing = new Set(profiles.map(p => p.name));
  const stranded: Omit<PendingPod, 'outcome'>[] = [];
  for (const pod of pods) {
    if (pod.phase !== 'Pending') continue;
    const to = placementAfter(pod, profiles, false);
    if (to.kind !== 'profile' || !newProfiles.has(to.profile)) continue;
    const label = pod.labels[FARGATE_PROFILE_LABEL];
    // A Fargate pod on its way to a profile that exists is left to the Fargate scheduler.
    const reason: PendingReason | undefined = onFargate(pod)
      ? label !== undefined && !existing.has(label)
        ? { code: 'profile-gone', profile: label }
        : undefined
      : pod.nodeName
        ? undefined
        : { code: 'default-scheduler' };
    if (!reason) continue;
    stranded.push({
      namespace: pod.namespace,
      name: pod.name,
      ...(pod.controller ? { controller: `${pod.controller.kind}/${pod.controller.name}` } : {}),
      profile: to.profile,
      reason,
    });
  }
  return stranded.sort((a, b) => byString(a.namespace, b.namespace) || byString(a.name, b.name));
}

/**
 * After the replacements of a run: per cluster where one succeeded, the Pending pods its new profile
 * should take, reported, and with `recycle` deleted (controller-owned ones only, bounded in number and
 * time) so their controllers create them again, this time on the new profile. Never throws: a cluster
 * it cannot read says why.
 */
export async function checkPendingPods(
  plans: readonly ClusterPlan[],
  outcomes: readonly OperationOutcome[],
  options: { access: PodAccess; recycle?: RecycleBounds; now?: () => number },
): Promise<{ reports: PendingPodsReport[]; diagnostics: Diagnostic[] }> {
  const replaced = new Map<string, string[]>();
  for (const { operation, status } of outcomes) {
    const profile = replacementProfile(operation);
    if (status !== 'succeeded' || profile === undefined) continue;
    const key = clusterKey({ region: operation.region, name: operation.cluster });
    replaced.set(key, [...(replaced.get(key) ?? []), profile]);
  }
  const clusters = plans.filter(p => replaced.has(clusterKey({ region: p.region, name: p.cluster })));
  if (clusters.length === 0) return { reports: [], diagnostics: [] };
  const refs = clusters.map(c => ({ region: c.region, name: c.cluster }));
  const connections = await connectAll(options.access, refs);
  const now = options.now ?? Date.now;
  const started = now();
  let deleted = 0;
  const reports: PendingPodsReport[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const plan of clusters) {
    const key = clusterKey({ region: plan.region, name: plan.cluster });
    const profiles = replaced.get(key)!;
    const base = { region: plan.region, cluster: plan.cluster, profiles };
    const connection = connections.get(key)!;
    if (connection.kind === 'unavailable') {
      reports.push({ ...base, read: { kind: 'not-read', reason: connection.reason }, pods: [] });
      diagnostics.push(notRead(plan.cluster, connection.reason));
      continue;
    }
    let pods: ClusterPod[];
    try {
      pods = await connection.api.listPods();
    } catch (error) {
      reports.push({ ...base, read: { kind: 'not-read', reason: (error as Error).message }, pods: [] });
      diagnostics.push(notRead(plan.cluster, (error as Error).message));
      continue;
    }
    const stranded = strandedPods(pods, plan, new Set(profiles));
    const handled: PendingPod[] = [];
    for (const pod of stranded) {
      const outcome = options.recycle
        ? await recycle(connection.api, pod, options.recycle, { deleted, elapsedMs: now() - started })
        : { kind: 'reported' as const };
      if (outcome.kind === 'deleted') deleted++;
      handled.push({ ...pod, outcome });
    }
    reports.push({ ...base, read: { kind: 'read', via: connection.via }, pods: handled });
    diagnostics.push(...pendingFindings(plan.cluster, handled));
  }
  return { reports, diagnostics };
}

async function recycle(
  api: ClusterApi,
  pod: Omit<PendingPod, 'outcome'>,
  bounds: RecycleBounds,
  /** What the run spent of its bounds so far. */
  spent: { deleted: number; elapsedMs: number },
): Promise<PendingOutcome> {
  if (!pod.controller) return { kind: 'kept', why: 'no-controller' };
  if (spent.deleted >= bounds.maxPods) return { kind: 'kept', why: 'max-pods' };
  if (spent.elapsedMs >= bounds.withinMs) return { kind: 'kept', why: 'time' };
  try {
    await api.deletePod(pod.namespace, pod.name);
    return { kind: 'deleted' };
  } catch (error) {
    return { kind: 'delete-failed', error: (error as Error).message };
  }
}

function notRead(cluster: string, reason: string): Diagnostic {
  return {
    severity: 'info',
    code: 'apply.pods-not-read',
    cluster,
    message: `Pending pods of cluster \`${cluster}\` were not looked for after its replacement (${reason})`,
  };
}

/** Pods by name for a message: the first ten, and how many more. */
const podList = (pods: readonly PendingPod[]) => {
  const names = pods.map(p => `${p.namespace}/${p.name}`);
  return names.length > 10 ? `${names.slice(0, 10).join(', ')} and ${names.length - 10} more` : names.join(', ');
};

function pendingFindings(cluster: string, pods: readonly PendingPod[]): Diagnostic[] {
  const findings: Diagnostic[] = [];
  const left = pods.filter(p => p.outcome.kind !== 'deleted');
  const deleted = pods.filter(p => p.outcome.kind === 'deleted');
  if (deleted.length > 0) {
    findings.push({
      severity: 'info',
      code: 'apply.pods-recycled',
      cluster,
      message: `Deleted ${deleted.length} Pending pod${deleted.length === 1 ? '' : 's'} (${podList(deleted)}) so their controllers create them on the new profile`,
    });
  }
  if (left.length > 0) {
    findings.push({
      severity: 'warning',
      code: 'apply.pods-pending',
      cluster,
      message: `${left.length} pod${left.length === 1 ? ' is' : 's are'} Pending that the new profile should take (${podList(left)})`,
      hint: "delete them so their controllers create them again (the CLI's `--recycle-pending`, the Action's `recycle-pending: true`, or `kubectl delete pod`); a pod without a controller must be created again by hand",
    });
  }
  return findings;
}
