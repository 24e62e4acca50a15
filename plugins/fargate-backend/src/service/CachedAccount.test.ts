import { AccountReader, SimulatedAccount } from '@fargatekeeper/core';
import { memoryCache } from '../__testUtils__/memoryCache';
import { simState } from '../__testUtils__/world';
import { CachedAccount } from './CachedAccount';
import { ReadCache } from './ReadCache';

const cluster = { name: 'prod-eu', region: 'eu-west-1' };

function setup(ttlMs = 30_000) {
  const sim = SimulatedAccount.fromJSON(simState(), { latencyMs: 5 });
  const cache = new ReadCache(memoryCache(), ttlMs);
  return { sim, cache, account: new CachedAccount(sim, cache, 'test') };
}

describe('CachedAccount', () => {
  it('answers repeated reads from the cache', async () => {
    const { sim, account } = setup();
    const first = await new AccountReader(account).listLiveProfiles(cluster);
    const calls = { ...sim.calls };
    const second = await new AccountReader(account).listLiveProfiles(cluster);
    expect(second).toEqual(first);
    expect(sim.calls).toEqual(calls);
    expect(calls).toEqual({ ListFargateProfiles: 1, DescribeFargateProfile: 4 });
  });

  it('coalesces identical concurrent reads into one call', async () => {
    const { sim, account } = setup();
    const answers = await Promise.all(Array.from({ length: 10 }, () => account.describeCluster(cluster)));
    expect(new Set(answers.map(a => JSON.stringify(a))).size).toBe(1);
    expect(sim.calls).toEqual({ DescribeCluster: 1 });
  });

  it("passes on whether the account retries itself, so a reader above it adds no retries to the SDK's", async () => {
    const { sim, cache } = setup();
    sim.inject({ type: 'error', api: 'GetRole', name: 'ServiceFailureException', statusCode: 500 });
    const retrying = new Proxy(sim, {
      get: (t, p, r) => (p === 'retriesTransientErrors' ? true : Reflect.get(t, p, r)),
    });
    const cached = new CachedAccount(retrying, cache, 'aws');
    expect(cached.retriesTransientErrors).toBe(true);
    await expect(new AccountReader(cached).getRole('pods')).rejects.toMatchObject({ name: 'ServiceFailureException' });
    expect(sim.calls.GetRole).toBe(1);
    expect(new CachedAccount(sim, cache, 'sim').retriesTransientErrors).toBe(false);
  });

  it('caches "not found" too', async () => {
    const { sim, account } = setup();
    expect(await account.describeCluster({ name: 'gone', region: 'eu-west-1' })).toBeUndefined();
    expect(await account.describeCluster({ name: 'gone', region: 'eu-west-1' })).toBeUndefined();
    expect(sim.calls).toEqual({ DescribeCluster: 1 });
  });

  it('caches subnets one by one, whatever the batches', async () => {
    const { sim, account } = setup();
    expect((await account.describeSubnets('eu-west-1', ['subnet-a', 'subnet-nope'])).map(s => s.id)).toEqual([
      'subnet-a',
    ]);
    expect(
      (await account.describeSubnets('eu-west-1', ['subnet-b', 'subnet-a', 'subnet-nope'])).map(s => s.id),
    ).toEqual(['subnet-a', 'subnet-b']);
    expect((await account.describeSubnets('eu-west-1', ['subnet-a', 'subnet-b'])).map(s => s.id)).toEqual([
      'subnet-a',
      'subnet-b',
    ]);
    // subnet-a and the unknown one once, subnet-b once: two calls in all.
    expect(sim.calls).toEqual({ DescribeSubnets: 2 });
  });

  it('reads again once the TTL is over', async () => {
    const { sim, account } = setup(20);
    await account.describeCluster(cluster);
    await new Promise(resolve => setTimeout(resolve, 40));
    await account.describeCluster(cluster);
    expect(sim.calls).toEqual({ DescribeCluster: 2 });
  });

  it('forgets everything when invalidated, and after a write', async () => {
    const { sim, cache, account } = setup();
    await account.describeCluster(cluster);
    await cache.invalidate();
    await account.describeCluster(cluster);
    expect(sim.calls.DescribeCluster).toBe(2);
    await account.tagResource('eu-west-1', (await account.describeFargateProfile(cluster, 'handmade'))!.arn, {
      team: 'x',
    });
    expect((await account.describeFargateProfile(cluster, 'handmade'))!.tags).toEqual({ team: 'x' });
    expect(sim.calls.DescribeFargateProfile).toBe(2);
  });

  it('does not cache failures', async () => {
    const sim = SimulatedAccount.fromJSON(simState(), {
      faults: [{ type: 'error', api: 'DescribeCluster', name: 'ServerException', statusCode: 500 }],
    });
    const account = new CachedAccount(sim, new ReadCache(memoryCache(), 30_000), 'test');
    await expect(account.describeCluster(cluster)).rejects.toThrow();
    await expect(account.describeCluster(cluster)).resolves.toMatchObject({ name: 'prod-eu' });
  });
});
