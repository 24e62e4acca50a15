import type { HealthIssue } from '../types';

/** Every API the simulated account answers, by its AWS operation name (the keys of `sim.calls`). */
export type SimApi =
  | 'AssumeRole'
  | 'GetCallerIdentity'
  | 'DescribeCluster'
  | 'ListFargateProfiles'
  | 'DescribeFargateProfile'
  | 'CreateFargateProfile'
  | 'DeleteFargateProfile'
  | 'TagResource'
  | 'UntagResource'
  | 'GetServiceQuota'
  | 'DescribeSubnets'
  | 'DescribeRouteTables'
  | 'GetRole'
  | 'ListRoles'
  | 'CreateRole'
  | 'TagRole'
  | 'AttachRolePolicy'
  | 'DetachRolePolicy'
  | 'DeleteRole';

/** Matches a profile by exact name, by spec prefix (`payments` matches `payments-1a2b3c`), or by a pattern. */
export type ProfileMatcher = string | RegExp;

/**
 * A fault to inject. Each fires `times` times (default 1) and is then spent.
 * - `error`: the next calls of `api` fail with this error (after their latency, before any effect;
 *   with `afterEffect` the call takes effect and then fails, like a lost response).
 * - `create-failed`: the next matching create ends in CREATE_FAILED with these health issues.
 * - `delete-failed`: the next matching delete ends in DELETE_FAILED.
 */
export type SimFault =
  | {
      type: 'error';
      api: SimApi;
      name: string;
      message?: string;
      statusCode?: number;
      times?: number;
      afterEffect?: boolean;
    }
  | { type: 'create-failed'; profile?: ProfileMatcher; cluster?: string; health: HealthIssue[]; times?: number }
  | { type: 'delete-failed'; profile?: ProfileMatcher; cluster?: string; health?: HealthIssue[]; times?: number };

export function profileMatches(matcher: ProfileMatcher | undefined, name: string): boolean {
  if (matcher === undefined) return true;
  if (matcher instanceof RegExp) return matcher.test(name);
  return name === matcher || name.startsWith(`${matcher}-`);
}

/** Faults still to fire, consumed in the order they were added. */
export class FaultQueue {
  private readonly entries: { fault: SimFault; left: number }[] = [];

  constructor(faults: readonly SimFault[] = []) {
    for (const fault of faults) this.add(fault);
  }

  add(fault: SimFault): void {
    this.entries.push({ fault, left: fault.times ?? 1 });
  }

  get remaining(): number {
    return this.entries.reduce((sum, e) => sum + e.left, 0);
  }

  /** Takes the first unspent fault satisfying `accept`. */
  take<T extends SimFault['type']>(
    type: T,
    accept: (fault: Extract<SimFault, { type: T }>) => boolean,
  ): Extract<SimFault, { type: T }> | undefined {
    for (const entry of this.entries) {
      if (entry.left <= 0 || entry.fault.type !== type) continue;
      const fault = entry.fault as Extract<SimFault, { type: T }>;
      if (!accept(fault)) continue;
      entry.left--;
      return fault;
    }
    return undefined;
  }
}

/** A small seeded PRNG (mulberry32): throttling decisions repeat exactly from run to run. */
export function seededRandom(seed = 1): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
