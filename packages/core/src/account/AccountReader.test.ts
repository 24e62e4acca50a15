import { AccountReader, isTransientError } from './AccountReader';
import { SimulatedAccount } from './sim/SimulatedAccount';
import { VirtualClock } from './sim/VirtualClock';
import { CLUSTER, paymentsProfile, simState } from './sim/__fixtures__/simState';
import { AccountError } from './types';
import { CallTimeoutError } from '../callTimeout';

function setup(options: Parameters<typeof SimulatedAccount.fromJSON>[1] = {}) {
  const clock = new VirtualClock();
  const sim = SimulatedAccount.fromJSON(simState(), { clock, latencyMs: 20, ...options });
  return { clock, sim, reader: new AccountReader(sim) };
}

describe('AccountReader', () => {
  it('coalesces concurrent identical reads and caches them for the run', async () => {
    const { sim, reader } = setup();
    const [a, b] = await Promise.all([reader.describeCluster(CLUSTER), reader.describeCluster(CLUSTER)]);
    expect(a).toBe(b);
    await reader.describeCluster(CLUSTER);
    await Promise.all([reader.getRole('pods'), reader.getRole('pods'), reader.getAccountId(), reader.getAccountId()]);
    await Promise.all([reader.getFargateProfileQuota('eu-west-1'), reader.getFargateProfileQuota('eu-west-1')]);
    await Promise.all([
      reader.describeRouteTables('eu-west-1', 'vpc-main'),
      reader.describeRouteTables('eu-west-1', 'vpc-main'),
    ]);
    expect(sim.calls).toEqual({
      DescribeCluster: 1,
      GetRole: 1,
      GetCallerIdentity: 1,
      GetServiceQuota: 1,
      DescribeRouteTables: 1,
    });
  });

  it('follows every page of the profile list once', async () => {
    const state = simState();
    const base = state.clusters[0]!.profiles[0]!;
    for (let i = 0; i < 6; i++) state.clusters[0]!.profiles.push({ ...base, name: `p${i}` });
    const sim = SimulatedAccount.fromJSON(state, { clock: new VirtualClock(), pageSize: 3 });
    const reader = new AccountReader(sim);
    const [names] = await Promise.all([reader.listAllFargateProfiles(CLUSTER), reader.listAllFargateProfiles(CLUSTER)]);
    expect(names).toEqual(['handmade', 'p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
    expect(sim.calls.ListFargateProfiles).toBe(3);
    const live = await reader.listLiveProfiles(CLUSTER);
    expect(live.map(p => p.name)).toEqual(names);
    expect(sim.calls.DescribeFargateProfile).toBe(7);
    await reader.listLiveProfiles(CLUSTER);
    expect(sim.calls).toEqual({ ListFargateProfiles: 3, DescribeFargateProfile: 7 });
  });

  it('batches subnet ids asked at the same moment into one DescribeSubnets per region', async () => {
    const { sim, reader } = setup();
    const results = await Promise.all([
      reader.describeSubnet('eu-west-1', 'subnet-a'),
      reader.describeSubnets('eu-west-1', ['subnet-b', 'subnet-a']),
      (async () => {
        await Promise.resolve();
        await Promise.resolve();
        return reader.describeSubnet('eu-west-1', 'subnet-gone');
      })(),
      reader.describeSubnet('us-east-1', 'subnet-a'),
    ]);
    expect(results).toEqual([
      { id: 'subnet-a', vpcId: 'vpc-main', availabilityZone: 'eu-west-1a' },
      [
        { id: 'subnet-b', vpcId: 'vpc-main', availabilityZone: 'eu-west-1b' },
        { id: 'subnet-a', vpcId: 'vpc-main', availabilityZone: 'eu-west-1a' },
      ],
      undefined,
      undefined,
    ]);
    expect(sim.calls.DescribeSubnets).toBe(2); // one per region
    await reader.describeSubnets('eu-west-1', ['subnet-a', 'subnet-gone']);
    expect(sim.calls.DescribeSubnets).toBe(2); // absent ids are remembered too
  });

  it('reads subnets also on a virtual clock that only moves when told', async () => {
    const sim = SimulatedAccount.fromJSON(simState(), { clock: new VirtualClock({ autoAdvance: false }) });
    const reader = new AccountReader(sim);
    await expect(reader.describeSubnets('eu-west-1', ['subnet-a'])).resolves.toEqual([
      { id: 'subnet-a', vpcId: 'vpc-main', availabilityZone: 'eu-west-1a' },
    ]);
  });

  it('retries throttled reads with backoff on the account clock and converges, the same way every run', async () => {
    const storm = async () => {
      const { sim, reader, clock } = setup({ throttleRate: 0.5 });
      const reads = await Promise.all(
        Array.from({ length: 200 }, (_, i) => reader.describeFargateProfile(CLUSTER, `x${i}`)),
      );
      expect(reads.every(r => r === undefined)).toBe(true);
      expect(sim.calls.DescribeFargateProfile).toBe(200 + sim.throttledCalls);
      return { throttled: sim.throttledCalls, elapsed: clock.now() };
    };
    const first = await storm();
    expect(first.throttled).toBeGreaterThan(150);
    expect(await storm()).toEqual(first);
  });

  it('gives up after the attempts, forgets the failure, and asks again next time', async () => {
    const { sim, reader } = setup({
      faults: [{ type: 'error', api: 'GetRole', name: 'ServiceFailureException', statusCode: 500, times: 3 }],
    });
    const limited = new AccountReader(sim, { attempts: 2 });
    await expect(limited.getRole('pods')).rejects.toMatchObject({ name: 'ServiceFailureException' });
    expect(sim.calls.GetRole).toBe(2);
    await expect(limited.getRole('pods')).resolves.toMatchObject({ name: 'pods' });
    expect(sim.calls.GetRole).toBe(4);
    void reader;
  });

  it('adds no retries to an account that retries itself, and says so to a reader around it', async () => {
    const { sim } = setup({
      faults: [{ type: 'error', api: 'GetRole', name: 'ServiceFailureException', statusCode: 500, times: 3 }],
    });
    // As AwsAccount: the SDK clients already spent the call policy's attempts on this answer.
    const retrying = new Proxy(sim, {
      get: (t, p, r) => (p === 'retriesTransientErrors' ? true : Reflect.get(t, p, r)),
    });
    const reader = new AccountReader(retrying);
    await expect(reader.getRole('pods')).rejects.toMatchObject({ name: 'ServiceFailureException' });
    expect(sim.calls.GetRole).toBe(1);
    expect(reader.retriesTransientErrors).toBe(true);
    expect(new AccountReader(reader).retriesTransientErrors).toBe(true);
    // The simulator does not retry: a reader over it does, and says so.
    expect(new AccountReader(sim).retriesTransientErrors).toBe(true);
    expect(new AccountReader(sim, { attempts: 1 }).retriesTransientErrors).toBe(false);
  });

  it('keeps a timed-out call and a failed quota read for the run: asking again would only wait again', async () => {
    const { sim } = setup();
    const timedOut = new CallTimeoutError('DescribeCluster', 'prod-eu', 300, 2);
    const unavailable = new AccountError('ServiceUnavailableException', 'no Service Quotas here', 503);
    const calls = { describeCluster: 0, getFargateProfileQuota: 0 };
    const stalled = new Proxy(sim, {
      get: (t, p, r) => {
        if (p === 'retriesTransientErrors') return true;
        if (p === 'describeCluster')
          return () => {
            calls.describeCluster++;
            return Promise.reject(timedOut);
          };
        if (p === 'getFargateProfileQuota')
          return () => {
            calls.getFargateProfileQuota++;
            return Promise.reject(unavailable);
          };
        return Reflect.get(t, p, r);
      },
    });
    const reader = new AccountReader(stalled);
    for (let i = 0; i < 3; i++) {
      await expect(reader.describeCluster(CLUSTER)).rejects.toBe(timedOut);
      await expect(reader.getFargateProfileQuota('eu-west-1')).rejects.toBe(unavailable);
    }
    expect(calls).toEqual({ describeCluster: 1, getFargateProfileQuota: 1 });
  });

  it('keeps a refusal like an answer: a missing cluster is listed once per run', async () => {
    const { sim, reader } = setup();
    const ghost = { region: 'eu-west-1', name: 'ghost' };
    await expect(reader.listAllFargateProfiles(ghost)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(reader.listAllFargateProfiles(ghost)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(sim.calls.ListFargateProfiles).toBe(1);
  });

  it('does not retry errors that will not pass (access denied, invalid input)', async () => {
    const { sim, reader } = setup({
      faults: [{ type: 'error', api: 'DescribeCluster', name: 'AccessDeniedException', statusCode: 403 }],
    });
    await expect(reader.describeCluster(CLUSTER)).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(sim.calls.DescribeCluster).toBe(1);
  });

  it('forgets what a write makes stale, so the same reader stays truthful', async () => {
    const { sim, reader } = setup();
    expect(await reader.listAllFargateProfiles(CLUSTER)).toEqual(['handmade']);
    await reader.createFargateProfile(paymentsProfile());
    expect(await reader.listAllFargateProfiles(CLUSTER)).toEqual(['handmade', 'payments']);
    const live = await reader.describeFargateProfile(CLUSTER, 'payments');
    await reader.tagResource('eu-west-1', live!.arn, { team: 'payments' });
    expect((await reader.describeFargateProfile(CLUSTER, 'payments'))?.tags).toEqual({ team: 'payments' });
    await reader.tagRole('pods', { a: '1' });
    expect((await reader.getRole('pods'))?.tags).toEqual({ a: '1' });
    expect(sim.calls.ListFargateProfiles).toBe(2);
  });

  it('lists roles by path once per run, and again after a role is created or deleted', async () => {
    const { sim, reader } = setup();
    await Promise.all([reader.listRoles('/fargatekeeper/'), reader.listRoles('/fargatekeeper/')]);
    expect(sim.calls.ListRoles).toBe(1);
    await reader.createRole({ name: 'fk-x', path: '/fargatekeeper/', assumeRolePolicy: { Statement: [] }, tags: {} });
    expect((await reader.listRoles('/fargatekeeper/')).map(r => r.name)).toEqual(['fk-x']);
    await reader.deleteRole('fk-x');
    expect(await reader.listRoles('/fargatekeeper/')).toEqual([]);
    expect(sim.calls.ListRoles).toBe(3);
  });

  it('classifies transient errors', () => {
    expect(isTransientError(new AccountError('ThrottlingException', 'Rate exceeded', 429))).toBe(true);
    expect(isTransientError(new AccountError('RequestLimitExceeded', 'Request limit exceeded.', 503))).toBe(true);
    expect(isTransientError(new AccountError('Throttling', 'Rate exceeded', 400))).toBe(true);
    expect(isTransientError(new AccountError('ServerException', 'oops', 500))).toBe(true);
    // The same throttling names as apply's retries (one list in account/types).
    expect(isTransientError(new AccountError('RequestThrottledException', 'slow down', 400))).toBe(true);
    expect(isTransientError(new AccountError('ResourceInUseException', 'busy', 409))).toBe(false);
    expect(isTransientError(new Error('plain'))).toBe(false);
  });
});
