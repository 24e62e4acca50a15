import type { Account, LiveProfile } from '../../account/types';
import { SimulatedAccount, type SimulatedAccountOptions } from '../../account/sim/SimulatedAccount';
import { VirtualClock } from '../../account/sim/VirtualClock';
import { seededRandom, type SimFault } from '../../account/sim/faults';
import { accountState, REGION } from '../../account/sim/__fixtures__/accountState';
import type { SimProfile, SimState } from '../../account/sim/state';
import { plan } from '../../plan/plan';
import type { Plan } from '../../plan/types';
import type { ProfileSpec, Selector } from '../../spec/types';
import { apply } from '../apply';
import type { ApplyEvent, ApplyOptions, ApplyResult } from '../types';

export { REGION } from '../../account/sim/__fixtures__/accountState';

export const ACCOUNT = '123456789012';
export const FOREIGN_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/pods`;

/** A profile nobody manages (no fargatekeeper tags): apply must never touch it. */
export function handmade(name = 'handmade'): SimProfile {
  return {
    name,
    status: 'ACTIVE',
    podExecutionRoleArn: FOREIGN_ROLE_ARN,
    subnets: ['subnet-a'],
    selectors: [{ namespace: 'legacy', labels: {} }],
    tags: { team: 'legacy' },
    createdAt: '2025-06-01T00:00:00.000Z',
  };
}

/** `clusters` EKS clusters in one VPC with two private subnets; the foreign role `pods` trusts Fargate. */
export function simState(clusters: string[], extra: Partial<Record<string, SimProfile[]>> = {}): SimState {
  return {
    ...accountState(
      ACCOUNT,
      clusters.map(name => ({ name, profiles: extra[name] })),
    ),
    region: REGION,
    quotas: { fargateProfilesPerCluster: 10 },
    timings: { createSeconds: 90, deleteSeconds: 120, iamPropagationSeconds: 10 },
  };
}

let line = 1;
/** A native spec; `role: 'default'` leaves the role out so fargatekeeper makes one. */
export function spec(
  name: string,
  cluster: string,
  options: {
    namespace?: string;
    labels?: Record<string, string>;
    role?: string | 'default';
    subnets?: string[];
    tags?: Record<string, string>;
  } = {},
): ProfileSpec {
  const selectors: Selector[] = [{ namespace: options.namespace ?? name, labels: options.labels ?? {} }];
  const role = options.role ?? FOREIGN_ROLE_ARN;
  return {
    name,
    cluster,
    region: REGION,
    ...(role === 'default' ? {} : { podExecutionRoleArn: role }),
    subnets: options.subnets ?? ['subnet-a', 'subnet-b'],
    selectors,
    tags: options.tags ?? {},
    source: { file: `fargate/${cluster}.yaml`, line: line++, column: 1, format: 'native', document: 0, fields: {} },
  };
}

export interface World {
  clock: VirtualClock;
  sim: SimulatedAccount;
  events: ApplyEvent[];
}

export function world(state: SimState, options: Omit<SimulatedAccountOptions, 'clock'> = {}): World {
  const clock = new VirtualClock();
  return { clock, sim: SimulatedAccount.fromJSON(state, { clock, ...options }), events: [] };
}

export const planOptions = { defaultRegion: REGION };

/** Plans `specs` on `account`, then applies with a re-plan, as the CLI and the Action do. */
export async function planAndApply(
  w: World,
  specs: ProfileSpec[],
  options: Partial<ApplyOptions> & { account?: Account } = {},
): Promise<{ plan: Plan; result: ApplyResult }> {
  const account = options.account ?? w.sim;
  // Every cluster of the account is inspected, so removing a cluster's last spec deletes its profiles.
  const settings = { ...planOptions, clusters: w.sim.toJSON().clusters.map(c => ({ region: c.region, name: c.name })) };
  const reviewed = await plan({ specs }, account, settings);
  const result = await apply(reviewed, account, {
    clock: w.clock,
    random: seededRandom(7),
    replan: () => plan({ specs }, account, settings),
    onEvent: e => w.events.push(e),
    ...options,
  });
  return { plan: reviewed, result };
}

/** Profiles of a cluster as the simulator holds them now (transitions settled). */
export function profilesOf(w: World, cluster: string): SimProfile[] {
  return w.sim.toJSON().clusters.find(c => c.name === cluster)!.profiles;
}

export const names = (profiles: { name: string }[]) => profiles.map(p => p.name).sort();

/** Busy answers from EKS that apply had to retry: zero when apply never overlaps two operations in a cluster. */
export const busyRetries = (events: ApplyEvent[]) =>
  events.filter(e => e.type === 'retried' && e.errorName === 'ResourceInUseException');

export type { SimFault, LiveProfile };
