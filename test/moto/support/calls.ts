import type { Account } from '@fargatekeeper/core';
import type { AwsAccount } from '@fargatekeeper/core/aws';
import { REGION } from './moto';

/** Per AWS operation: commands sent, HTTP attempts (the SDK's own retries included), and moto's CPU time for each attempt (µs). */
export interface CallCounts {
  commands: Map<string, number>;
  attempts: Map<string, number>;
  cpuUs: Map<string, number[]>;
}

interface Stack {
  middlewareStack: { add(middleware: unknown, options: Record<string, unknown>): void };
}

const bump = (counts: Map<string, number>, name: string) => counts.set(name, (counts.get(name) ?? 0) + 1);

type Handler = (args: unknown) => Promise<{ response?: { headers?: Record<string, string> } }>;

/**
 * Counts every call an AwsAccount makes in `REGION`, at the SDK: a middleware at `initialize` sees
 * each command once; one at the end of `deserialize` sees each attempt's raw HTTP answer, errors
 * included (it sits inside the retry middleware and before the answer is parsed).
 */
export function countCalls(account: AwsAccount): CallCounts {
  const counts: CallCounts = { commands: new Map(), attempts: new Map(), cpuUs: new Map() };
  const clients: Stack[] = [
    account.eks(REGION),
    account.ec2(REGION),
    account.serviceQuotas(REGION),
    account.iam(),
    account.sts(),
  ];
  for (const client of clients) {
    client.middlewareStack.add(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => {
        bump(counts.commands, context.commandName?.replace(/Command$/, '') ?? 'unknown');
        return next(args);
      },
      { step: 'initialize', name: 'fargatekeeperCountCommands' },
    );
    client.middlewareStack.add(
      (next: Handler, context: { commandName?: string }) => async (args: unknown) => {
        const name = context.commandName?.replace(/Command$/, '') ?? 'unknown';
        bump(counts.attempts, name);
        const answer = await next(args);
        const cpu = Number(answer.response?.headers?.['x-moto-cpu-us']);
        if (Number.isFinite(cpu)) counts.cpuUs.set(name, [...(counts.cpuUs.get(name) ?? []), cpu]);
        return answer;
      },
      { step: 'deserialize', name: 'fargatekeeperCountAttempts', priority: 'low' },
    );
  }
  return counts;
}

export const total = (counts: Map<string, number>): number => [...counts.values()].reduce((a, b) => a + b, 0);

export interface Killer {
  account: Account;
  signal: AbortSignal;
  /** The Account method of every call so far, in order (index 0 is call 1). */
  log: string[];
  /** ARNs CreateFargateProfile answered per profile name: two for one name is a duplicate. */
  createdArns: Map<string, Set<string>>;
}

/**
 * Wraps an Account to "kill the process" at its `at`-th call: before the call reaches AWS, or after
 * AWS acted and before the answer arrives. The AbortSignal stops the apply as a SIGKILL would; the
 * call's effect (if any) stays. Without `kill` it only records.
 */
export function killer(inner: Account, kill?: { at: number; when: 'before' | 'after' }): Killer {
  const controller = new AbortController();
  const state: Killer = { account: inner, signal: controller.signal, log: [], createdArns: new Map() };
  const die = (index: number, method: string) => {
    controller.abort(new Error(`killed ${kill!.when} call ${index} (${method})`));
    throw new Error('killed');
  };
  state.account = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'constructor') return value;
      const method = String(property);
      return async (...args: unknown[]) => {
        state.log.push(method);
        const index = state.log.length;
        const dies = kill !== undefined && index === kill.at;
        if (dies && kill.when === 'before') die(index, method);
        let answer: unknown;
        try {
          answer = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (error) {
          if (dies) die(index, method);
          throw error;
        }
        if (method === 'createFargateProfile') {
          const { name, arn } = answer as { name: string; arn: string };
          state.createdArns.set(name, new Set([...(state.createdArns.get(name) ?? []), arn]));
        }
        if (dies) die(index, method);
        return answer;
      };
    },
  });
  return state;
}
