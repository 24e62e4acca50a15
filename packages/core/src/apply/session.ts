import type { ClusterRef, LiveProfile } from '../account/types';
import type { ClusterPlan } from '../plan/types';
import type { ApplyContext, StepScope } from './context';
import type { OperationRecorder } from './recorder';
import { callWithRetry } from './retry';
import { waitUntil } from './waiters';

/** Statuses during which EKS refuses another create or delete in the same cluster. */
const BUSY_STATUSES = new Set(['CREATING', 'DELETING']);

/**
 * One cluster's working state during an apply: the profiles as last seen (from a full scan and
 * from our own calls) and the reads every step shares. A cluster's changes run one at a time, so
 * this state needs no locking.
 */
export class ClusterSession {
  readonly ref: ClusterRef;
  /** Profiles by name as last seen; absent means gone (or never seen). */
  readonly known = new Map<string, LiveProfile>();
  private scanned = false;

  constructor(
    readonly ctx: ApplyContext,
    readonly plan: ClusterPlan,
  ) {
    this.ref = { region: plan.region, name: plan.cluster };
  }

  /** Deadline for plain reads and writes: transient errors are retried at most this long. */
  callDeadline(): number {
    return this.ctx.clock.now() + Math.max(this.ctx.timeouts.createMs, this.ctx.timeouts.deleteMs);
  }

  label(profile: string): string {
    return `${this.ref.name}/${profile}`;
  }

  async describe(scope: StepScope, name: string): Promise<LiveProfile | undefined> {
    const profile = await callWithRetry(
      this.ctx,
      scope,
      () => this.ctx.account.describeFargateProfile(this.ref, name),
      {
        deadline: this.callDeadline(),
      },
    );
    if (profile) this.known.set(name, profile);
    else this.known.delete(name);
    return profile;
  }

  /**
   * Reads every profile of the cluster (ours and others') and the cluster itself. Returns what
   * blocks a create or delete right now: busy profiles, or a cluster that is not ACTIVE or updating.
   */
  async scan(scope: StepScope): Promise<string[]> {
    const deadline = this.callDeadline();
    const blockers: string[] = [];
    const cluster = await callWithRetry(this.ctx, scope, () => this.ctx.account.describeCluster(this.ref), {
      deadline,
    });
    if (cluster && cluster.status !== 'ACTIVE') blockers.push(`cluster ${cluster.status}`);
    if (cluster?.updateInProgress) blockers.push('cluster update in progress');
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const page = await callWithRetry(this.ctx, scope, () => this.ctx.account.listFargateProfiles(this.ref, token), {
        deadline,
      });
      names.push(...page.names);
      nextToken = page.nextToken;
    } while (nextToken);
    for (const name of [...this.known.keys()]) if (!names.includes(name)) this.known.delete(name);
    const profiles = await Promise.all(names.map(name => this.describe(scope, name)));
    for (const profile of profiles) {
      if (profile && BUSY_STATUSES.has(profile.status)) blockers.push(`${profile.name} ${profile.status}`);
    }
    this.scanned = true;
    return blockers;
  }

  /**
   * Waits until no profile of the cluster is CREATING or DELETING (ours or not) and the cluster
   * is ACTIVE without an update: EKS refuses a create or delete otherwise. A full scan is made
   * before the cluster's first operation and after every ResourceInUseException; in between, our
   * own waits keep the picture current.
   */
  async waitIdle(recorder: OperationRecorder, force = false): Promise<void> {
    if (this.scanned && !force && !this.knownBusy()) return;
    const since = this.ctx.clock.now();
    const first = await this.scan(recorder.scope('wait-cluster-idle'));
    if (first.length === 0) return;
    await recorder.step('wait-cluster-idle', this.ref.name, async scope =>
      waitUntil(this.ctx, scope, {
        target: 'cluster-idle',
        since,
        timeoutMs: Math.max(this.ctx.timeouts.createMs, this.ctx.timeouts.deleteMs),
        delayFirstPoll: true,
        describe: `for cluster ${this.ref.name} to be idle`,
        poll: async () => {
          const blockers = await this.scan(scope);
          return blockers.length === 0
            ? { done: true, value: undefined }
            : { done: false, status: blockers.join(', ') };
        },
      }),
    );
  }

  private knownBusy(): boolean {
    return [...this.known.values()].some(p => BUSY_STATUSES.has(p.status));
  }
}
