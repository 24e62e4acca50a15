import { AccountError, type CreateProfileInput } from '../types';
import { SimulatedAccount } from './SimulatedAccount';
import { VirtualClock } from './VirtualClock';
import { CLUSTER, ROLE_ARN, simState, fargateTrust } from './__fixtures__/simState';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

function setup(options: Parameters<typeof SimulatedAccount.fromJSON>[1] = {}) {
  const clock = new VirtualClock({ start: T0, autoAdvance: false });
  const sim = SimulatedAccount.fromJSON(simState(), { clock, ...options });
  return { clock, sim };
}

const input = (name: string, extra: Partial<CreateProfileInput> = {}): CreateProfileInput => ({
  cluster: CLUSTER,
  name,
  podExecutionRoleArn: ROLE_ARN,
  subnets: ['subnet-a', 'subnet-b'],
  selectors: [{ namespace: name, labels: {} }],
  tags: { team: name },
  ...extra,
});

async function rejection(promise: Promise<unknown>): Promise<AccountError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AccountError);
    return error as AccountError;
  }
  throw new Error('expected the call to fail');
}

describe('SimulatedAccount: lifecycle', () => {
  it('creates a profile CREATING that turns ACTIVE after createSeconds', async () => {
    const { clock, sim } = setup();
    const created = await sim.createFargateProfile(input('payments'));
    expect(created).toMatchObject({
      name: 'payments',
      status: 'CREATING',
      cluster: 'prod-eu',
      region: 'eu-west-1',
      subnets: ['subnet-a', 'subnet-b'],
      tags: { team: 'payments' },
      health: [],
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(created.arn).toMatch(
      /^arn:aws:eks:eu-west-1:123456789012:fargateprofile\/prod-eu\/payments\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    await clock.advance(89_999);
    expect((await sim.describeFargateProfile(CLUSTER, 'payments'))?.status).toBe('CREATING');
    await clock.advance(1);
    expect((await sim.describeFargateProfile(CLUSTER, 'payments'))?.status).toBe('ACTIVE');
  });

  it('deletes through DELETING, then the profile is gone', async () => {
    const { clock, sim } = setup();
    const deleting = await sim.deleteFargateProfile(CLUSTER, 'handmade');
    expect(deleting.status).toBe('DELETING');
    await clock.advance(119_000);
    expect((await sim.describeFargateProfile(CLUSTER, 'handmade'))?.status).toBe('DELETING');
    await clock.advance(1_000);
    expect(await sim.describeFargateProfile(CLUSTER, 'handmade')).toBeUndefined();
    expect((await sim.listFargateProfiles(CLUSTER)).names).toEqual([]);
    expect((await rejection(sim.deleteFargateProfile(CLUSTER, 'handmade'))).message).toBe(
      'No Fargate Profile found with name: handmade.',
    );
  });

  it('counts calls per API name', async () => {
    const { sim } = setup();
    await sim.describeCluster(CLUSTER);
    await sim.listFargateProfiles(CLUSTER);
    await sim.describeFargateProfile(CLUSTER, 'handmade');
    await sim.describeFargateProfile(CLUSTER, 'handmade');
    expect(sim.calls).toEqual({ DescribeCluster: 1, ListFargateProfiles: 1, DescribeFargateProfile: 2 });
  });
});

describe('SimulatedAccount: one operation in flight per cluster', () => {
  it('refuses a second create while one is CREATING, with EKS wording and 409', async () => {
    const { clock, sim } = setup();
    await sim.createFargateProfile(input('first'));
    const error = await rejection(sim.createFargateProfile(input('second')));
    expect(error.name).toBe('ResourceInUseException');
    expect(error.$metadata.httpStatusCode).toBe(409);
    expect(error.message).toBe(
      'Cannot create Fargate Profile second because cluster prod-eu currently has Fargate profile first in status CREATING',
    );
    await clock.advance(90_000);
    await expect(sim.createFargateProfile(input('second'))).resolves.toMatchObject({ status: 'CREATING' });
  });

  it('refuses a create while any profile (not ours too) is DELETING', async () => {
    const { clock, sim } = setup();
    await sim.deleteFargateProfile(CLUSTER, 'handmade');
    const error = await rejection(sim.createFargateProfile(input('payments')));
    expect(error.message).toBe(
      'Cannot create Fargate Profile payments because cluster prod-eu currently has Fargate profile handmade in status DELETING',
    );
    await clock.advance(120_000);
    await expect(sim.createFargateProfile(input('payments'))).resolves.toMatchObject({ status: 'CREATING' });
  });

  it('allows one delete while a create runs, but not two deletes', async () => {
    const { clock, sim } = setup();
    await sim.createFargateProfile(input('other'));
    await clock.advance(90_000);
    await sim.createFargateProfile(input('payments'));
    await expect(sim.deleteFargateProfile(CLUSTER, 'handmade')).resolves.toMatchObject({ status: 'DELETING' });
    const error = await rejection(sim.deleteFargateProfile(CLUSTER, 'other'));
    expect(error.message).toBe(
      'Cannot Delete Fargate Profile other because cluster prod-eu currently has Fargate profile handmade in status DELETING',
    );
  });

  it('refuses to delete a profile that is still CREATING', async () => {
    const { sim } = setup();
    await sim.createFargateProfile(input('payments'));
    const error = await rejection(sim.deleteFargateProfile(CLUSTER, 'payments'));
    expect(error.name).toBe('ResourceInUseException');
  });

  it('keeps clusters independent', async () => {
    const { sim } = setup();
    await sim.createFargateProfile(input('a'));
    await expect(
      sim.createFargateProfile(
        input('b', { cluster: { region: 'eu-west-1', name: 'staging' }, subnets: ['subnet-a'] }),
      ),
    ).resolves.toMatchObject({ status: 'CREATING' });
  });

  it('blocks creates and deletes while the cluster updates', async () => {
    const { sim } = setup();
    sim.updateCluster(CLUSTER, { updateInProgress: true });
    expect((await rejection(sim.createFargateProfile(input('payments')))).message).toBe(
      'Cannot create Fargate Profile payments because cluster prod-eu currently has an update in progress',
    );
    expect((await rejection(sim.deleteFargateProfile(CLUSTER, 'handmade'))).message).toBe(
      'Cannot Delete Fargate Profile handmade because cluster prod-eu currently has an update in progress',
    );
    sim.updateCluster(CLUSTER, { updateInProgress: false, status: 'CREATING' });
    const error = await rejection(sim.createFargateProfile(input('payments')));
    expect([error.name, error.message]).toEqual([
      'InvalidRequestException',
      "Cluster 'prod-eu' is not in ACTIVE status",
    ]);
  });
});

describe('SimulatedAccount: IAM roles', () => {
  it('refuses a role created less than iamPropagationSeconds ago, then accepts it', async () => {
    const { clock, sim } = setup();
    const role = await sim.createRole({ name: 'fresh', assumeRolePolicy: fargateTrust, tags: {} });
    expect(role.arn).toBe('arn:aws:iam::123456789012:role/fresh');
    const error = await rejection(sim.createFargateProfile(input('payments', { podExecutionRoleArn: role.arn })));
    expect([error.name, error.message]).toEqual([
      'InvalidParameterException',
      'Misconfigured PodExecutionRole Trust Policy; Please add the eks-fargate-pods.amazonaws.com Service Principal',
    ]);
    await clock.advance(10_000);
    await expect(sim.createFargateProfile(input('payments', { podExecutionRoleArn: role.arn }))).resolves.toMatchObject(
      { status: 'CREATING' },
    );
  });
});

describe('SimulatedAccount on an auto-advancing VirtualClock', () => {
  it('lets exactly one of many concurrent creates in a cluster through', async () => {
    const clock = new VirtualClock({ start: T0 });
    const sim = SimulatedAccount.fromJSON(simState(), { clock, latencyMs: 20 });
    const results = await Promise.allSettled(
      ['a', 'b', 'c', 'd', 'e'].map(name => sim.createFargateProfile(input(name))),
    );
    expect(results.map(r => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected', 'rejected']);
    for (const r of results.slice(1))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ name: 'ResourceInUseException' });
  });

  it('runs create-and-wait in 10 clusters side by side in virtual minutes and real milliseconds, the same way each time', async () => {
    const runOnce = async () => {
      const state = simState();
      for (let i = 0; i < 10; i++) state.clusters.push({ ...state.clusters[1]!, name: `c${i}`, profiles: [] });
      const clock = new VirtualClock({ start: T0 });
      const sim = SimulatedAccount.fromJSON(state, { clock, latencyMs: 20 });
      const realStart = Date.now();
      await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const ref = { region: 'eu-west-1', name: `c${i}` };
          for (const name of ['one', 'two', 'three']) {
            await sim.createFargateProfile({ ...input(name), cluster: ref, subnets: ['subnet-a'] });
            while ((await sim.describeFargateProfile(ref, name))?.status !== 'ACTIVE') await clock.sleep(5_000 + i);
          }
        }),
      );
      return { virtual: clock.now() - T0, real: Date.now() - realStart, calls: { ...sim.calls } };
    };
    const first = await runOnce();
    expect(first.virtual).toBeGreaterThanOrEqual(3 * 90_000);
    expect(first.virtual).toBeLessThan(3 * 100_000);
    expect(first.real).toBeLessThan(2_000);
    const second = await runOnce();
    expect({ ...second, real: 0 }).toEqual({ ...first, real: 0 });
  });
});
