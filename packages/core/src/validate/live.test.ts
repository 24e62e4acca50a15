import { AccountReader } from '../account/AccountReader';
import { SimulatedAccount } from '../account/sim/SimulatedAccount';
import { VirtualClock } from '../account/sim/VirtualClock';
import type { SimState } from '../account/sim/state';
import { ACCOUNT, ROLE_ARN, simState } from '../account/sim/__fixtures__/simState';
import { AccountError, MANAGED_BY_TAG, MANAGED_BY_VALUE, SPEC_TAG, type Account } from '../account/types';
import type { SourcePosition } from '../diagnostics';
import type { ProfileSpec } from '../spec/types';
import { validateLive } from './live';

const FILE = 'fargate/payments.yaml';

/** A spec as the parser makes it; field positions sit on distinct lines so tests can tell them apart. */
function spec(name: string, overrides: Partial<ProfileSpec> = {}, firstLine = 1): ProfileSpec {
  const base = {
    name,
    cluster: 'prod-eu',
    podExecutionRoleArn: ROLE_ARN,
    subnets: ['subnet-a', 'subnet-b'],
    selectors: [{ namespace: name, labels: {} }],
    tags: {},
    ...overrides,
  };
  const at = (line: number, column = 3): SourcePosition => ({ file: FILE, line: firstLine + line, column });
  const fields: Record<string, SourcePosition> = {
    name: at(3, 9),
    cluster: at(5, 12),
    podExecutionRoleArn: at(7, 24),
    subnets: at(8, 12),
  };
  base.subnets.forEach((_, i) => (fields[`subnets[${i}]`] = at(9 + i, 7)));
  return {
    ...base,
    source: { file: FILE, line: firstLine, column: 1, format: 'native', document: 0, fields },
  };
}

function reader(state: SimState = simState(), account?: (sim: SimulatedAccount) => Account) {
  const sim = SimulatedAccount.fromJSON(state, { clock: new VirtualClock() });
  return { sim, reader: new AccountReader(account ? account(sim) : sim) };
}

const run = (specs: ProfileSpec[], r = reader().reader) => validateLive(specs, r, { defaultRegion: 'eu-west-1' });

describe('validateLive', () => {
  it('finds nothing wrong with a good spec', async () => {
    await expect(run([spec('payments')])).resolves.toEqual([]);
  });

  it('reports a public subnet at the subnet, naming the route table and gateway', async () => {
    const diagnostics = await run([spec('payments', { subnets: ['subnet-a', 'subnet-pub'] })]);
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        code: 'live.subnet-public',
        message:
          'subnet `subnet-pub` is public: route table `rtb-public` sends `0.0.0.0/0` to internet gateway `igw-1`; Fargate profiles take private subnets only',
        hint: 'use a private subnet (outbound traffic through a NAT gateway)',
        source: { file: FILE, line: 11, column: 7 },
        path: 'spec.subnets[1]',
        cluster: 'prod-eu',
        profile: 'payments',
      },
    ]);
  });

  it('uses the main route table for subnets without their own, and sees IPv6 internet routes', async () => {
    const state = simState();
    state.vpcs[0]!.routeTables[0]!.routes.push({ destinationIpv6CidrBlock: '::/0', gatewayId: 'igw-9' });
    const [d] = await run([spec('payments', { subnets: ['subnet-b'] })], reader(state).reader);
    expect(d?.message).toBe(
      'subnet `subnet-b` is public: route table `rtb-main` sends `::/0` to internet gateway `igw-9`; Fargate profiles take private subnets only',
    );
  });

  it('reports a subnet of another VPC', async () => {
    const [d] = await run([spec('payments', { subnets: ['subnet-other'] })]);
    expect(d).toMatchObject({
      code: 'live.subnet-other-vpc',
      message: 'subnet `subnet-other` is in VPC `vpc-other`, not in VPC `vpc-main` of cluster `prod-eu`',
      source: { line: 10, column: 7 },
      path: 'spec.subnets[0]',
    });
  });

  it('takes the cluster VPC from its subnets when the cluster answer lacks it', async () => {
    const state = simState();
    delete state.clusters[0]!.vpcId;
    const [d] = await run([spec('payments', { subnets: ['subnet-other'] })], reader(state).reader);
    expect(d?.code).toBe('live.subnet-other-vpc');
    expect(d?.message).toContain('not in VPC `vpc-main`');
  });

  it('reports a missing subnet', async () => {
    const diagnostics = await run([spec('payments', { subnets: ['subnet-a', 'subnet-gone'] })]);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'live.subnet-missing',
        message: 'subnet `subnet-gone` does not exist in region `eu-west-1`',
        source: { file: FILE, line: 11, column: 7 },
      }),
    ]);
  });

  it('reports a missing role at podExecutionRoleArn', async () => {
    const diagnostics = await run([spec('payments', { podExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/nope` })]);
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        code: 'live.role-missing',
        message: 'role `nope` does not exist',
        hint: 'create it, or leave `podExecutionRoleArn` out and fargatekeeper creates a default role',
        source: { file: FILE, line: 8, column: 24 },
        path: 'spec.podExecutionRoleArn',
        cluster: 'prod-eu',
        profile: 'payments',
      },
    ]);
  });

  it('reports a role of another account', async () => {
    const [d] = await run([spec('payments', { podExecutionRoleArn: 'arn:aws:iam::999999999999:role/pods' })]);
    expect(d).toMatchObject({
      code: 'live.role-other-account',
      message:
        "role `arn:aws:iam::999999999999:role/pods` belongs to account `999999999999`, not to the cluster's account `123456789012`",
      path: 'spec.podExecutionRoleArn',
    });
  });

  it('reports a role ARN whose path differs from the role IAM has', async () => {
    const [d] = await run([spec('payments', { podExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/team/pods` })]);
    expect(d).toMatchObject({
      code: 'live.role-arn-mismatch',
      message:
        'role `pods` exists as `arn:aws:iam::123456789012:role/pods`, not `arn:aws:iam::123456789012:role/team/pods`',
    });
  });

  it('reports a role without the Fargate trust', async () => {
    const [d] = await run([spec('payments', { podExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/ec2-only` })]);
    expect(d).toMatchObject({
      severity: 'error',
      code: 'live.role-trust',
      message:
        'role `ec2-only` does not trust `eks-fargate-pods.amazonaws.com`; EKS refuses it ("Misconfigured PodExecutionRole Trust Policy")',
      source: { line: 8, column: 24 },
    });
  });

  it('reports a trust whose aws:SourceArn condition names the cluster ARN instead of its Fargate profiles', async () => {
    const state = simState();
    state.roles.push({
      name: 'scoped-wrong',
      assumeRolePolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'eks-fargate-pods.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/prod-eu` } },
          },
        ],
      },
      tags: {},
      attachedPolicyArns: ['arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy'],
    });
    state.roles.push({
      ...state.roles[state.roles.length - 1]!,
      name: 'scoped-right',
      assumeRolePolicy: {
        Statement: {
          Effect: 'Allow',
          Principal: { Service: ['eks-fargate-pods.amazonaws.com'] },
          Action: ['sts:AssumeRole'],
          Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:eks:eu-west-1:${ACCOUNT}:fargateprofile/prod-eu/*` } },
        },
      },
    });
    const r = reader(state).reader;
    const wrong = await run(
      [spec('payments', { podExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/scoped-wrong` })],
      r,
    );
    expect(wrong.map(d => d.code)).toEqual(['live.role-trust-condition']);
    const right = await run(
      [spec('payments', { podExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/scoped-right` })],
      r,
    );
    expect(right).toEqual([]);
  });

  it('warns when the role lacks the Fargate pod execution policy', async () => {
    const state = simState();
    state.roles[0]!.attachedPolicyArns = [];
    const [d] = await run([spec('payments')], reader(state).reader);
    expect(d).toMatchObject({ severity: 'warning', code: 'live.role-policy' });
  });

  it('reports a missing cluster at the cluster field, with a region hint when the region is the run default', async () => {
    const diagnostics = await run([spec('payments', { cluster: 'ghost' })]);
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        code: 'live.cluster-missing',
        message: 'cluster `ghost` does not exist in region `eu-west-1`',
        hint: "the region is the run's (`eu-west-1`); set `region` in the spec if the cluster is elsewhere",
        source: { file: FILE, line: 6, column: 12 },
        path: 'spec.cluster',
        cluster: 'ghost',
        profile: 'payments',
      },
    ]);
  });

  it('reports a cluster that is not ACTIVE, and only warns during an update', async () => {
    const { sim, reader: r } = reader();
    sim.updateCluster({ region: 'eu-west-1', name: 'prod-eu' }, { status: 'CREATING' });
    const [d] = await run([spec('payments')], r);
    expect(d).toMatchObject({
      severity: 'error',
      code: 'live.cluster-not-active',
      message:
        'cluster `prod-eu` is CREATING, not ACTIVE; EKS accepts Fargate profile changes only on an ACTIVE cluster',
      source: { line: 6, column: 12 },
    });
    const updating = reader();
    updating.sim.updateCluster({ region: 'eu-west-1', name: 'prod-eu' }, { status: 'UPDATING' });
    const [w] = await run([spec('payments')], updating.reader);
    expect(w).toMatchObject({ severity: 'warning', code: 'live.cluster-updating' });
  });

  it('reports the quota at the specs that do not fit', async () => {
    const state = simState();
    state.quotas = { fargateProfilesPerCluster: 3 };
    // 1 unmanaged live profile (handmade) + 3 specs = 4 > 3: the last new spec is blamed.
    const specs = [spec('a', {}, 1), spec('b', {}, 20), spec('c', {}, 40)];
    const diagnostics = await run(specs, reader(state).reader);
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        code: 'live.quota-exceeded',
        message:
          'cluster `prod-eu` would have 4 Fargate profiles (3 from specs, 1 not managed by fargatekeeper); the quota is 3',
        hint: 'raise "Fargate profiles per cluster" in Service Quotas, or remove or merge profiles (a profile takes up to 5 selectors)',
        source: { file: FILE, line: 43, column: 9 },
        path: 'metadata.name',
        cluster: 'prod-eu',
        profile: 'c',
      },
    ]);
    // Adopting the unmanaged profile makes it one of the specs' profiles: it fits.
    const adopting = [spec('a', { adopt: 'handmade' }, 1), spec('b', {}, 20), spec('c', {}, 40)];
    await expect(run(adopting, reader(state).reader)).resolves.toEqual([]);
  });

  it('names the managed profile with the same role and subnets and a free selector slot that a new spec could join', async () => {
    const state = simState();
    // Live: handmade (unmanaged) and the managed profiles of `a` (4 selectors, full enough) and `b` (1 selector).
    const a = spec('a', { selectors: ['a1', 'a2', 'a3', 'a4'].map(namespace => ({ namespace, labels: {} })) }, 1);
    const b = spec('b', {}, 20);
    const other = spec('other-subnets', { subnets: ['subnet-a'] }, 60);
    state.clusters[0]!.profiles.push(
      ...[a, b, other].map(s => ({
        name: `${s.name}-0a1b2c3d`,
        status: 'ACTIVE' as const,
        podExecutionRoleArn: ROLE_ARN,
        subnets: s.subnets,
        selectors: s.selectors,
        tags: { [MANAGED_BY_TAG]: MANAGED_BY_VALUE, [SPEC_TAG]: s.name },
        createdAt: '2026-01-01T00:00:00.000Z',
      })),
    );
    state.quotas = { fargateProfilesPerCluster: 4 };
    const fresh = spec(
      'search',
      {
        selectors: [
          { namespace: 'search', labels: { app: 'api-*' } },
          { namespace: 'search-jobs', labels: {} },
        ],
      },
      40,
    );
    const [d] = await run([a, b, fresh, other], reader(state).reader);
    expect(d).toMatchObject({
      code: 'live.quota-exceeded',
      profile: 'search',
      message:
        'cluster `prod-eu` would have 5 Fargate profiles (4 from specs, 1 not managed by fargatekeeper); the quota is 4',
      hint:
        'add its 2 selectors to spec `b` (profile `b-0a1b2c3d`) and drop spec `search`: that profile is then replaced, the old one first ' +
        '(no spare profile slot), so its pods wait for the new one; or raise "Fargate profiles per cluster" in Service Quotas',
    });
    expect(d!.suggestion).toEqual({
      kind: 'join-profile',
      newSpec: 'search',
      spec: 'b',
      profile: 'b-0a1b2c3d',
      added: fresh.selectors,
      selectors: [...b.selectors, ...fresh.selectors],
      file: FILE,
      document: 0,
      path: 'spec.selectors',
      editedSpec: `# ${FILE}, spec b: spec.selectors\nselectors:\n  - namespace: b\n  - namespace: search\n    labels:\n      app: "api-*"\n  - namespace: search-jobs\n`,
    });
    // `a` has one slot left, not two; `other-subnets` has other subnets; a default-role spec joins no explicit role.
    const defaultRole = spec(
      'search',
      { podExecutionRoleArn: undefined, selectors: [{ namespace: 'search', labels: {} }] },
      40,
    );
    const [e] = await run([a, b, defaultRole, other], reader(state).reader);
    expect(e).toMatchObject({ code: 'live.quota-exceeded', profile: 'search' });
    expect(e!.suggestion).toBeUndefined();
  });

  it('assumes the default quota of 10 and says why when the quota cannot be read, once per region', async () => {
    let quotaReads = 0;
    const { reader: r } = reader(simState(), sim => {
      const unavailable = new AccountError('ServiceUnavailableException', 'Service Quotas is not available', 503);
      return new Proxy(sim, {
        get: (target, p, receiver) =>
          p === 'getFargateProfileQuota'
            ? () => {
                quotaReads++;
                return Promise.reject(unavailable);
              }
            : Reflect.get(target, p, receiver),
      });
    });
    // Two clusters of one region: the quota is one read, its fallback one info at the region's first spec.
    const diagnostics = await validateLive(
      [spec('payments'), spec('search', { cluster: 'staging', subnets: ['subnet-a'] }, 40)],
      r,
      {
        defaultRegion: 'eu-west-1',
      },
    );
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: 'info',
        code: 'live.check-skipped',
        message:
          'the Fargate profile quota of region `eu-west-1` could not be read (ServiceUnavailableException: Service Quotas is not available); assuming the EKS default of 10 profiles per cluster',
        profile: 'payments',
      }),
    ]);
    // The simulated account retries itself never: the reader's own attempts (16) apply, then the failure is kept.
    expect(quotaReads).toBe(16);
  });

  it('turns checks that cannot be made into info, once per cluster, never a crash; other checks go on', async () => {
    const { reader: r } = reader(simState(), sim => {
      const denied = (api: string) =>
        new AccountError('AccessDeniedException', `not authorized to perform ${api}`, 403);
      return new Proxy(sim, {
        get: (target, p, receiver) =>
          p === 'describeCluster'
            ? () => Promise.reject(denied('eks:DescribeCluster'))
            : Reflect.get(target, p, receiver),
      });
    });
    const diagnostics = await run([spec('a'), spec('b', { subnets: ['subnet-pub'] }, 20)], r);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: 'info',
        code: 'live.check-skipped',
        message:
          'cluster `prod-eu` could not be read (AccessDeniedException: not authorized to perform eks:DescribeCluster); whether it exists and is ACTIVE was not checked',
        profile: 'a',
      }),
      expect.objectContaining({ severity: 'error', code: 'live.subnet-public', profile: 'b' }),
    ]);
  });

  it('reports subnet and role read failures as info while other checks go on', async () => {
    const { reader: r } = reader(
      simState(),
      sim =>
        new Proxy(sim, {
          get: (target, p, receiver) =>
            p === 'describeSubnets' || p === 'getRole'
              ? () => Promise.reject(new Error('connect ETIMEDOUT'))
              : Reflect.get(target, p, receiver),
        }),
    );
    const diagnostics = await run([spec('payments')], r);
    expect(diagnostics.map(d => [d.severity, d.code, d.path])).toEqual([
      ['info', 'live.check-skipped', 'spec.podExecutionRoleArn'],
      ['info', 'live.check-skipped', 'spec.subnets'],
    ]);
    expect(diagnostics[1]!.message).toBe('subnets could not be read (Error: connect ETIMEDOUT); they were not checked');
  });

  it('reads every object once for many specs, subnets in one batched call per region', async () => {
    const { sim, reader: r } = reader();
    const specs = Array.from({ length: 6 }, (_, i) => spec(`s${i}`, {}, i * 20 + 1));
    specs.push(spec('other-cluster', { cluster: 'staging', subnets: ['subnet-a'] }, 200));
    await expect(run(specs, r)).resolves.toEqual([]);
    expect(sim.calls).toEqual({
      DescribeCluster: 2,
      DescribeSubnets: 1,
      DescribeRouteTables: 1,
      GetCallerIdentity: 1,
      GetRole: 1,
      ListFargateProfiles: 2,
      DescribeFargateProfile: 1,
      GetServiceQuota: 1,
    });
  });

  it('asks for route tables as soon as the cluster or a subnet gives the VPC, not after both', async () => {
    // Slow subnet reads: the cluster (20 ms) names the VPC long before they answer (100 ms).
    const timed = async (specs: ProfileSpec[]) => {
      const clock = new VirtualClock();
      const sim = SimulatedAccount.fromJSON(simState(), {
        clock,
        latencyMs: { DescribeSubnets: 100, DescribeCluster: 20, DescribeRouteTables: 20, GetRole: 20 },
      });
      const started = clock.now();
      await expect(validateLive(specs, new AccountReader(sim), { defaultRegion: 'eu-west-1' })).resolves.toEqual([]);
      return { ms: clock.now() - started, routeTableReads: sim.calls.DescribeRouteTables };
    };
    // The spec's subnets and the route tables side by side: max(100, 20 + 20), not 100 + 20.
    expect(await timed([spec('payments')])).toEqual({ ms: 100, routeTableReads: 1 });
    // No subnets in the spec: the cluster's subnets (20 + 100) and its VPC's route tables (20 + 20) side by side.
    expect(await timed([spec('payments', { subnets: [] })])).toEqual({ ms: 120, routeTableReads: 1 });
  });

  it('checks a spec without subnets against the cluster private subnets', async () => {
    const state = simState();
    state.clusters[0]!.subnetIds = ['subnet-pub'];
    const [d] = await run([spec('payments', { subnets: [] })], reader(state).reader);
    expect(d).toMatchObject({ code: 'live.no-private-subnets', path: 'spec.cluster' });
    await expect(run([spec('payments', { subnets: [] })])).resolves.toEqual([]);
  });
});
