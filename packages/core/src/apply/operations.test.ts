import { SimulatedAccount } from '../account/sim/SimulatedAccount';
import { seededRandom } from '../account/sim/faults';
import type { SimState } from '../account/sim/state';
import { FARGATE_POD_EXECUTION_POLICY_ARN, MANAGED_BY_TAG, SPEC_TAG, type Account } from '../account/types';
import { CLUSTER_TAG, DEFAULT_ROLE_PATH, defaultRoleName } from '../plan/defaultRole';
import { doesSomething } from '../plan/operations';
import { plan } from '../plan/plan';
import type { Operation, OperationKind, Plan } from '../plan/types';
import type { ProfileSpec } from '../spec/types';
import { apply } from './apply';
import type { ApplyResult } from './types';
import { handmade, planOptions, profilesOf, REGION, simState, spec, world, type World } from './__fixtures__/world';

// One test per operation kind: the plan's operation → the AWS calls apply makes for it, in order,
// against a SimulatedAccount on a VirtualClock. Polls of the same thing (a wait) count once.

const ROLE = defaultRoleName(REGION, 'alpha', 'web');
const POLICY = FARGATE_POD_EXECUTION_POLICY_ARN.split('/').at(-1)!;

/** What a call is about: the profile (by name, also for tag calls on its ARN), the role, or the cluster. */
function describeCall(method: string, args: unknown[]): string {
  const name = (a: unknown) =>
    a && typeof a === 'object' && 'name' in a ? String((a as { name: unknown }).name) : String(a);
  const profileOfArn = (arn: unknown) => String(arn).split(':fargateprofile/')[1]?.split('/')[1] ?? String(arn);
  const policy = (arn: unknown) => String(arn).split('/').at(-1);
  switch (method) {
    case 'describeCluster':
    case 'listFargateProfiles':
    case 'createFargateProfile':
    case 'createRole':
      return `${method} ${name(args[0])}`;
    case 'describeFargateProfile':
    case 'deleteFargateProfile':
      return `${method} ${name(args[1])}`;
    case 'tagResource':
      return `${method} ${profileOfArn(args[1])} ${Object.keys(args[2] as Record<string, string>)
        .sort()
        .join(',')}`;
    case 'untagResource':
      return `${method} ${profileOfArn(args[1])} ${[...(args[2] as string[])].sort().join(',')}`;
    case 'attachRolePolicy':
    case 'detachRolePolicy':
      return `${method} ${name(args[0])} ${policy(args[1])}`;
    default:
      return args.length > 0 ? `${method} ${name(args[0])}` : method;
  }
}

/** The simulated account, recording every call apply makes through it. */
function recorded(sim: SimulatedAccount, calls: string[]): Account {
  return new Proxy(sim, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'toJSON' || property === 'constructor') return value;
      return (...args: unknown[]) => {
        calls.push(describeCall(String(property), args));
        return value.apply(target, args);
      };
    },
  });
}

/** Consecutive repeats (the polls of a wait, the retries of a call) as one entry. */
const squash = (calls: string[]) => calls.filter((c, i) => c !== calls[i - 1]);

const clustersOf = (w: World) => w.sim.toJSON().clusters.map(c => ({ region: c.region, name: c.name }));

/** Plans `specs` (reads not recorded), then applies that plan as it is, recording apply's calls. */
async function planThenApply(
  w: World,
  specs: ProfileSpec[],
): Promise<{ plan: Plan; operations: Operation[]; result: ApplyResult; calls: string[] }> {
  const reviewed = await plan({ specs }, w.sim, { ...planOptions, clusters: clustersOf(w) });
  const calls: string[] = [];
  const result = await apply(reviewed, recorded(w.sim, calls), { clock: w.clock, random: seededRandom(7) });
  return { plan: reviewed, operations: reviewed.clusters.flatMap(c => c.operations), result, calls: squash(calls) };
}

async function deployed(state: SimState, specs: ProfileSpec[]): Promise<World> {
  const w = world(state);
  await planThenApply(w, specs);
  return w;
}

/** The world with its simulated state changed (as an earlier, interrupted run may have left it). */
function edited(w: World, change: (state: SimState) => void): World {
  const state = w.sim.toJSON();
  change(state);
  return { ...w, sim: SimulatedAccount.fromJSON(state, { clock: w.clock }) };
}

const inAMinute = (w: World) => new Date(w.clock.now() + 60_000).toISOString();

/** The single operation of `kind` in the plan, and that nothing else in it does something. */
function only<K extends OperationKind>(operations: Operation[], kind: K): Extract<Operation, { op: K }> {
  expect(operations.filter(doesSomething).map(o => o.op)).toEqual([kind]);
  return operations.find(o => o.op === kind) as Extract<Operation, { op: K }>;
}

const stepsOf = (result: ApplyResult) => result.outcomes.map(o => [o.operation.op, o.status, o.steps.map(s => s.step)]);

describe('apply, one operation kind at a time: the AWS calls it makes', () => {
  it('create: the default role (created, given its policy), then the profile once the cluster is idle, then waits for ACTIVE', async () => {
    const w = world(simState(['alpha']));
    const { operations, result, calls } = await planThenApply(w, [spec('web', 'alpha', { role: 'default' })]);
    const create = only(operations, 'create');
    expect(create.createsRole?.name).toBe(ROLE);
    const p = create.profile;
    expect(calls).toEqual([
      `getRole ${ROLE}`,
      `createRole ${ROLE}`,
      `attachRolePolicy ${ROLE} ${POLICY}`,
      `describeFargateProfile ${p}`,
      'describeCluster alpha',
      'listFargateProfiles alpha',
      `createFargateProfile ${p}`, // retried while IAM has not propagated the new role
      `describeFargateProfile ${p}`,
    ]);
    expect(stepsOf(result)).toEqual([['create', 'succeeded', ['create-role', 'create-profile', 'wait-active']]]);
    expect(profilesOf(w, 'alpha').map(x => [x.name, x.status])).toEqual([[p, 'ACTIVE']]);
  });

  it('replace, create-before-delete: the new profile is created and ACTIVE before the old one is deleted', async () => {
    const w = await deployed(simState(['alpha']), [spec('web', 'alpha', { labels: { v: '1' } })]);
    const { operations, result, calls } = await planThenApply(w, [spec('web', 'alpha', { labels: { v: '2' } })]);
    const replace = only(operations, 'replace');
    expect(replace.order).toEqual({ kind: 'create-before-delete' });
    const [neu, old] = [replace.profile, replace.replaces];
    expect(calls).toEqual([
      `describeFargateProfile ${neu}`,
      'describeCluster alpha',
      'listFargateProfiles alpha',
      `describeFargateProfile ${old}`,
      `createFargateProfile ${neu}`,
      `describeFargateProfile ${neu}`,
      `describeFargateProfile ${old}`,
      `deleteFargateProfile ${old}`,
      `describeFargateProfile ${old}`,
    ]);
    expect(stepsOf(result)).toEqual([
      ['replace', 'succeeded', ['create-profile', 'wait-active', 'delete-profile', 'wait-deleted']],
    ]);
    expect(profilesOf(w, 'alpha').map(x => [x.name, x.status])).toEqual([[neu, 'ACTIVE']]);
  });

  it('replace, delete-before-create (a fixed name): the old profile is deleted and gone before the new one is created', async () => {
    const fixed = (v: string) => ({ ...spec('web', 'alpha', { labels: { v } }), profileName: 'web-fixed' });
    const w = await deployed(simState(['alpha']), [fixed('1')]);
    const { operations, result, calls } = await planThenApply(w, [fixed('2')]);
    const replace = only(operations, 'replace');
    expect(replace.order).toEqual({ kind: 'delete-before-create', why: { code: 'fixed-name', name: 'web-fixed' } });
    expect(calls).toEqual([
      'describeFargateProfile web-fixed',
      'describeCluster alpha',
      'listFargateProfiles alpha',
      'describeFargateProfile web-fixed',
      'deleteFargateProfile web-fixed',
      'describeFargateProfile web-fixed',
      'createFargateProfile web-fixed',
      'describeFargateProfile web-fixed',
    ]);
    expect(stepsOf(result)).toEqual([
      ['replace', 'succeeded', ['delete-profile', 'wait-deleted', 'create-profile', 'wait-active']],
    ]);
    expect(profilesOf(w, 'alpha')[0]!.selectors).toEqual([{ namespace: 'web', labels: { v: '2' } }]);
  });

  it("adopt-in-place: the unmanaged profile is tagged as the spec's and its own tags removed, nothing created or deleted", async () => {
    const w = world(simState(['alpha'], { alpha: [handmade()] }));
    const { operations, result, calls } = await planThenApply(w, [
      { ...spec('web', 'alpha', { namespace: 'legacy', subnets: ['subnet-a'] }), adopt: 'handmade' },
    ]);
    const adopt = only(operations, 'adopt-in-place');
    expect(adopt.tags.remove).toEqual(['team']);
    expect(calls).toEqual([
      'describeFargateProfile handmade',
      `tagResource handmade ${Object.keys(adopt.tags.set).sort().join(',')}`,
      'untagResource handmade team',
    ]);
    expect(stepsOf(result)).toEqual([['adopt-in-place', 'succeeded', ['tag-profile']]]);
    const [profile] = profilesOf(w, 'alpha');
    expect([profile!.name, profile!.tags[MANAGED_BY_TAG], profile!.tags[SPEC_TAG], profile!.tags.team]).toEqual([
      'handmade',
      'fargatekeeper',
      'web',
      undefined,
    ]);
  });

  it("adopt-by-replace: the spec's profile is created, then the unmanaged one it adopts is deleted", async () => {
    const w = world(simState(['alpha'], { alpha: [handmade()] }));
    const { operations, result, calls } = await planThenApply(w, [
      { ...spec('web', 'alpha', { namespace: 'legacy' }), adopt: 'handmade' },
    ]);
    const adopt = only(operations, 'adopt-by-replace');
    expect([adopt.replaces, adopt.order]).toEqual(['handmade', { kind: 'create-before-delete' }]);
    const p = adopt.profile;
    expect(calls).toEqual([
      `describeFargateProfile ${p}`,
      'describeCluster alpha',
      'listFargateProfiles alpha',
      'describeFargateProfile handmade',
      `createFargateProfile ${p}`,
      `describeFargateProfile ${p}`,
      'describeFargateProfile handmade',
      'deleteFargateProfile handmade',
      'describeFargateProfile handmade',
    ]);
    expect(stepsOf(result)).toEqual([
      ['adopt-by-replace', 'succeeded', ['create-profile', 'wait-active', 'delete-profile', 'wait-deleted']],
    ]);
    expect(profilesOf(w, 'alpha').map(x => [x.name, x.status, x.tags[SPEC_TAG]])).toEqual([[p, 'ACTIVE', 'web']]);
  });

  it('retag: tags set and removed in place on the same profile', async () => {
    const w = await deployed(simState(['alpha']), [spec('web', 'alpha', { tags: { team: 'a' } })]);
    const { operations, result, calls } = await planThenApply(w, [spec('web', 'alpha', { tags: { owner: 'b' } })]);
    const retag = only(operations, 'retag');
    expect(retag.tags.remove).toEqual(['team']);
    expect(Object.keys(retag.tags.set)).toContain('owner');
    const p = retag.profile;
    expect(calls).toEqual([
      `describeFargateProfile ${p}`,
      `tagResource ${p} ${Object.keys(retag.tags.set).sort().join(',')}`,
      `untagResource ${p} team`,
    ]);
    expect(stepsOf(result)).toEqual([['retag', 'succeeded', ['tag-profile']]]);
    expect(profilesOf(w, 'alpha').map(x => [x.name, x.tags.owner, x.tags.team])).toEqual([[p, 'b', undefined]]);
  });

  it('delete-profile: the profile is deleted once the cluster is idle, waited for, then its default role is detached and deleted', async () => {
    const w = await deployed(simState(['alpha']), [spec('web', 'alpha', { role: 'default' })]);
    const { operations, result, calls } = await planThenApply(w, []);
    const del = only(operations, 'delete-profile');
    expect([del.ownership, del.deletesRole?.name, del.successor]).toEqual(['managed', ROLE, undefined]);
    const p = del.profile;
    expect(calls).toEqual([
      `describeFargateProfile ${p}`,
      'describeCluster alpha',
      'listFargateProfiles alpha',
      `describeFargateProfile ${p}`,
      `deleteFargateProfile ${p}`,
      `describeFargateProfile ${p}`,
      `getRole ${ROLE}`,
      `detachRolePolicy ${ROLE} ${POLICY}`,
      `deleteRole ${ROLE}`,
    ]);
    expect(stepsOf(result)).toEqual([
      ['delete-profile', 'succeeded', ['delete-profile', 'wait-deleted', 'delete-role']],
    ]);
    expect(profilesOf(w, 'alpha')).toEqual([]);
    expect(w.sim.toJSON().roles.map(r => r.name)).toEqual(['pods']);
  });

  it('delete-profile of an adopted profile already replaced: its successor is checked ACTIVE, then the untagged profile is deleted', async () => {
    // An adoption by replacement stopped after the spec's profile became ACTIVE, before the adopted one was deleted.
    const adopting = () => ({ ...spec('web', 'alpha', { namespace: 'legacy' }), adopt: 'handmade' });
    const w = await deployed(simState(['alpha'], { alpha: [handmade()] }), [
      spec('web', 'alpha', { namespace: 'legacy' }),
    ]);
    const { operations, result, calls } = await planThenApply(w, [adopting()]);
    const del = only(operations, 'delete-profile');
    const successor = profilesOf(w, 'alpha').find(x => x.tags[SPEC_TAG] === 'web')!.name;
    expect([del.profile, del.ownership, del.successor, del.reason]).toEqual([
      'handmade',
      'adopted',
      successor,
      { code: 'adopted-and-replaced', by: successor },
    ]);
    expect(calls).toEqual([
      `describeFargateProfile ${successor}`,
      'describeFargateProfile handmade',
      'describeCluster alpha',
      'listFargateProfiles alpha',
      'describeFargateProfile handmade',
      `describeFargateProfile ${successor}`,
      'deleteFargateProfile handmade',
      'describeFargateProfile handmade',
    ]);
    expect(stepsOf(result)).toEqual([['delete-profile', 'succeeded', ['delete-profile', 'wait-deleted']]]);
    expect(profilesOf(w, 'alpha').map(x => x.name)).toEqual([successor]);
  });

  it('delete-role: a default role left without its profile is detached and deleted, no EKS call', async () => {
    const state = simState(['alpha']);
    state.roles.push({
      name: ROLE,
      path: DEFAULT_ROLE_PATH,
      assumeRolePolicy: { Version: '2012-10-17', Statement: [] },
      tags: { [MANAGED_BY_TAG]: 'fargatekeeper', [SPEC_TAG]: 'web', [CLUSTER_TAG]: 'alpha' },
      attachedPolicyArns: [FARGATE_POD_EXECUTION_POLICY_ARN],
    });
    const w = world(state);
    const { operations, result, calls } = await planThenApply(w, []);
    expect(only(operations, 'delete-role').role.name).toBe(ROLE);
    expect(calls).toEqual([`getRole ${ROLE}`, `detachRolePolicy ${ROLE} ${POLICY}`, `deleteRole ${ROLE}`]);
    expect(stepsOf(result)).toEqual([['delete-role', 'succeeded', ['delete-role']]]);
    expect(w.sim.toJSON().roles.map(r => r.name)).toEqual(['pods']);
  });

  it("wait until 'active': an earlier run's create still CREATING is polled until ACTIVE, nothing else", async () => {
    const before = await deployed(simState(['alpha']), [spec('web', 'alpha')]);
    const w = edited(before, state => {
      const profile = state.clusters[0]!.profiles[0]!;
      profile.status = 'CREATING';
      profile.transition = { to: 'ACTIVE', at: inAMinute(before) };
    });
    const { operations, result, calls } = await planThenApply(w, [spec('web', 'alpha')]);
    const wait = only(operations, 'wait');
    expect(wait.until).toBe('active');
    expect(calls).toEqual([`describeFargateProfile ${wait.profile}`]);
    expect(stepsOf(result)).toEqual([['wait', 'succeeded', ['wait-active']]]);
    expect(profilesOf(w, 'alpha').map(x => x.status)).toEqual(['ACTIVE']);
  });

  it("wait until 'deleted': an earlier run's delete still DELETING is polled until gone, then its default role is deleted", async () => {
    const before = await deployed(simState(['alpha']), [spec('web', 'alpha', { role: 'default' })]);
    const w = edited(before, state => {
      const profile = state.clusters[0]!.profiles[0]!;
      profile.status = 'DELETING';
      profile.transition = { to: 'DELETED', at: inAMinute(before) };
    });
    const { operations, result, calls } = await planThenApply(w, []);
    const wait = only(operations, 'wait');
    expect(wait.until === 'deleted' && wait.deletesRole?.name).toBe(ROLE);
    expect(calls).toEqual([
      `describeFargateProfile ${wait.profile}`,
      `getRole ${ROLE}`,
      `detachRolePolicy ${ROLE} ${POLICY}`,
      `deleteRole ${ROLE}`,
    ]);
    expect(stepsOf(result)).toEqual([['wait', 'succeeded', ['wait-deleted', 'delete-role']]]);
    expect(profilesOf(w, 'alpha')).toEqual([]);
    expect(w.sim.toJSON().roles.map(r => r.name)).toEqual(['pods']);
  });

  it("wait until 'deleted': a profile whose delete failed by the time apply gets to it is deleted again, not reported gone", async () => {
    const before = await deployed(simState(['alpha']), [spec('web', 'alpha', { role: 'default' })]);
    const w = edited(before, state => {
      const profile = state.clusters[0]!.profiles[0]!;
      profile.status = 'DELETING';
      profile.transition = { to: 'DELETED', at: inAMinute(before) };
    });
    const reviewed = await plan({ specs: [] }, w.sim, { ...planOptions, clusters: clustersOf(w) });
    const wait = only(reviewed.clusters[0]!.operations, 'wait');
    // While the plan waited for review, EKS gave up on the delete.
    const failed = edited(w, state => {
      const profile = state.clusters[0]!.profiles[0]!;
      profile.status = 'DELETE_FAILED';
      delete profile.transition;
    });
    const calls: string[] = [];
    const result = await apply(reviewed, recorded(failed.sim, calls), { clock: failed.clock, random: seededRandom(7) });
    expect(squash(calls)).toEqual([
      `describeFargateProfile ${wait.profile}`,
      'describeCluster alpha',
      'listFargateProfiles alpha',
      `describeFargateProfile ${wait.profile}`,
      `deleteFargateProfile ${wait.profile}`,
      `describeFargateProfile ${wait.profile}`,
      `getRole ${ROLE}`,
      `detachRolePolicy ${ROLE} ${POLICY}`,
      `deleteRole ${ROLE}`,
    ]);
    expect(stepsOf(result)).toEqual([['wait', 'succeeded', ['delete-profile', 'wait-deleted', 'delete-role']]]);
    expect(profilesOf(failed, 'alpha')).toEqual([]);
    expect(failed.sim.toJSON().roles.map(r => r.name)).toEqual(['pods']);
  });

  it('no-op and unmanaged: nothing is called and no outcome is reported', async () => {
    const w = await deployed(simState(['alpha'], { alpha: [handmade()] }), [spec('web', 'alpha')]);
    const { operations, result, calls } = await planThenApply(w, [spec('web', 'alpha')]);
    expect(operations.map(o => o.op).sort()).toEqual(['no-op', 'unmanaged']);
    expect(calls).toEqual([]);
    expect(result.outcomes).toEqual([]);
    expect(result.summary).toEqual({ succeeded: 0, failed: 0, skipped: 0 });
  });
});
