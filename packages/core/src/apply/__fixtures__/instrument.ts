import { MANAGED_BY_TAG, SPEC_TAG, type Account } from '../../account/types';
import type { World } from './world';

export interface Instrumented {
  account: Account;
  controller: AbortController;
  /** Deletes of a profile while another profile of the same spec was not ACTIVE (a broken replacement). */
  violations: string[];
  /** ARNs returned by CreateFargateProfile per profile name: more than one means a profile was created twice. */
  createdArns: Map<string, Set<string>>;
  /** Account calls made so far through this wrapper. */
  calls: number;
  /** The API of every call, in order (index 0 is call 1). */
  log: string[];
}

/**
 * Wraps the world's simulated account: checks the replacement invariant on every delete, records
 * created profiles, and can "kill the process" at the k-th call, before the call reaches AWS or
 * after AWS acted but before the answer arrives (the AbortSignal stops the apply like a SIGKILL
 * would, the in-flight call's effect stays).
 */
export function instrument(w: World, kill?: { at: number; when: 'before' | 'after' }): Instrumented {
  const controller = new AbortController();
  const state: Instrumented = {
    account: undefined as unknown as Account,
    controller,
    violations: [],
    createdArns: new Map(),
    calls: 0,
    log: [],
  };
  const sim = w.sim;
  state.account = new Proxy(sim, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'toJSON' || property === 'constructor') return value;
      return async (...args: unknown[]) => {
        const index = ++state.calls;
        state.log.push(String(property));
        if (kill && index === kill.at && kill.when === 'before') {
          controller.abort(new Error(`killed before call ${index} (${String(property)})`));
          throw new Error('killed');
        }
        if (property === 'deleteFargateProfile')
          checkReplacement(w, state, args[0] as { name: string }, args[1] as string);
        const killAfter = () => {
          if (kill && index === kill.at && kill.when === 'after') {
            controller.abort(new Error(`killed after call ${index} (${String(property)})`));
            throw new Error('killed');
          }
        };
        let answer: unknown;
        try {
          answer = await value.apply(target, args);
        } catch (error) {
          killAfter(); // the process may die while an error is on its way back, too
          throw error;
        }
        if (property === 'createFargateProfile') {
          const profile = answer as { name: string; arn: string };
          const arns = state.createdArns.get(profile.name) ?? new Set<string>();
          arns.add(profile.arn);
          state.createdArns.set(profile.name, arns);
        }
        killAfter();
        return answer;
      };
    },
  });
  return state;
}

function checkReplacement(w: World, state: Instrumented, cluster: { name: string }, name: string): void {
  const profiles = w.sim.toJSON().clusters.find(c => c.name === cluster.name)?.profiles ?? [];
  const doomed = profiles.find(p => p.name === name);
  const spec = doomed?.tags[MANAGED_BY_TAG] ? doomed.tags[SPEC_TAG] : undefined;
  if (!spec || doomed?.status === 'CREATE_FAILED') return;
  for (const other of profiles) {
    if (
      other.name !== name &&
      other.tags[SPEC_TAG] === spec &&
      (other.status === 'CREATING' || other.status === 'CREATE_FAILED')
    ) {
      state.violations.push(`${name} deleted while its replacement ${other.name} was ${other.status}`);
    }
  }
}
