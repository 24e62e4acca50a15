import type { Account } from '../account/types';

/** At most `limit` tasks run at once; the others start in the order they asked (FIFO keeps plans fair across clusters). */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError(`concurrency must be at least 1, got ${limit}`);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>(resolve => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** The Account port's calls (all asynchronous); other members of an implementation pass through untouched. */
const ACCOUNT_CALLS: ReadonlySet<PropertyKey> = new Set<keyof Account>([
  'getAccountId',
  'describeCluster',
  'listFargateProfiles',
  'describeFargateProfile',
  'createFargateProfile',
  'deleteFargateProfile',
  'tagResource',
  'untagResource',
  'getFargateProfileQuota',
  'describeSubnets',
  'describeRouteTables',
  'getRole',
  'listRoles',
  'createRole',
  'tagRole',
  'attachRolePolicy',
  'detachRolePolicy',
  'deleteRole',
]);

/**
 * The same account with at most `limit` calls in flight over all its methods, so a plan over many
 * clusters stays within AWS's request rates however its reads fan out (validation's included).
 * With `shared`, each call also takes a slot of that bound (the plan's over all its accounts), after
 * its own: a call waiting for its account never holds a slot another account could use.
 */
export function limitConcurrency<A extends Account>(account: A, limit: number, shared?: Semaphore): A {
  const own = new Semaphore(limit);
  const gate = shared ? { run: <T>(task: () => Promise<T>) => own.run(() => shared.run(task)) } : own;
  return new Proxy(account, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (!ACCOUNT_CALLS.has(property)) return value.bind(target);
      return (...args: unknown[]) => gate.run(() => Promise.resolve(value.apply(target, args)));
    },
  });
}
