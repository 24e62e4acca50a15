import { AccountError, type CreateProfileInput } from '../types';
import { SimulatedAccount, type SimulatedAccountOptions } from './SimulatedAccount';
import { VirtualClock } from './VirtualClock';
import { SimStateError } from './checkSimState';
import { seededRandom } from './faults';
import { ACCOUNT, CLUSTER, ROLE_ARN, fargateTrust, simState } from './__fixtures__/simState';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

function setup(options: SimulatedAccountOptions = {}, state = simState()) {
  const clock = new VirtualClock({ start: T0, autoAdvance: false });
  return { clock, sim: SimulatedAccount.fromJSON(state, { clock, ...options }) };
}

const input = (name: string, extra: Partial<CreateProfileInput> = {}): CreateProfileInput => ({
  cluster: CLUSTER,
  name,
  podExecutionRoleArn: ROLE_ARN,
  subnets: ['subnet-a'],
  selectors: [{ namespace: name, labels: {} }],
  tags: {},
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<[string, string, number]> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AccountError);
    const e = error as AccountError;
    return [e.name, e.message, e.$metadata.httpStatusCode];
  }
  throw new Error('expected the call to fail');
}

describe('SimulatedAccount: CreateFargateProfile parameters', () => {
  const manyLabels = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`k${i}`, 'v']));
  const cases: [string, Partial<CreateProfileInput>, [string, string, number]][] = [
    [
      'eks- prefix',
      { name: 'eks-payments' },
      ['InvalidParameterException', "The fargate profile name starts with the reserved prefix: 'eks-'.", 400],
    ],
    [
      'name over 100 characters',
      { name: 'p'.repeat(101) },
      [
        'InvalidParameterException',
        'The Fargate profile name parameter should not be greater than 100 characters.',
        400,
      ],
    ],
    [
      'no selector',
      { selectors: [] },
      ['InvalidParameterException', 'Fargate Profile requires at least one selector.', 400],
    ],
    [
      '6 selectors',
      { selectors: Array.from({ length: 6 }, (_, i) => ({ namespace: `ns${i}`, labels: {} })) },
      ['InvalidParameterException', 'Fargate Profile cannot have more than 5 selectors.', 400],
    ],
    [
      'missing namespace',
      { selectors: [{ namespace: '', labels: {} }] },
      [
        'InvalidParameterException',
        'Fargate Profile must have at least one selector with at least one namespace value.',
        400,
      ],
    ],
    [
      '6 labels',
      { selectors: [{ namespace: 'ns', labels: manyLabels }] },
      ['InvalidParameterException', 'Request contains Selector with more than 5 Label pairs', 400],
    ],
    [
      'label value too long',
      { selectors: [{ namespace: 'ns', labels: { app: 'v'.repeat(256) } }] },
      [
        'InvalidParameterException',
        `Selector label value "${'v'.repeat(256)}" must be between 1 and 255 characters.`,
        400,
      ],
    ],
    [
      '51 tags',
      { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, 'v'])) },
      ['InvalidParameterException', 'The number of tags must not exceed 50.', 400],
    ],
    [
      'a reserved aws: tag key',
      { tags: { 'aws:owner': 'x' } },
      ['InvalidParameterException', 'Tag key aws:owner uses the reserved prefix aws:.', 400],
    ],
    [
      'public subnet',
      { subnets: ['subnet-a', 'subnet-pub'] },
      ['InvalidParameterException', 'Subnet subnet-pub provided in Fargate Profile is not a private subnet', 400],
    ],
    [
      'missing subnet',
      { subnets: ['subnet-gone'] },
      ['InvalidParameterException', 'Subnet subnet-gone provided in Fargate Profile does not exist', 400],
    ],
    [
      'subnet of another VPC',
      { subnets: ['subnet-other'] },
      [
        'InvalidParameterException',
        'Subnet subnet-other provided in Fargate Profile is not in the cluster VPC vpc-main',
        400,
      ],
    ],
    [
      'role without the Fargate trust',
      { podExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/ec2-only` },
      [
        'InvalidParameterException',
        'Misconfigured PodExecutionRole Trust Policy; Please add the eks-fargate-pods.amazonaws.com Service Principal',
        400,
      ],
    ],
    [
      'missing role',
      { podExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/nope` },
      [
        'InvalidParameterException',
        'Misconfigured PodExecutionRole Trust Policy; Please add the eks-fargate-pods.amazonaws.com Service Principal',
        400,
      ],
    ],
    [
      'role of another account',
      { podExecutionRoleArn: 'arn:aws:iam::999999999999:role/pods' },
      [
        'InvalidParameterException',
        'Misconfigured PodExecutionRole Trust Policy; Please add the eks-fargate-pods.amazonaws.com Service Principal',
        400,
      ],
    ],
    [
      'existing name',
      { name: 'handmade' },
      ['ResourceInUseException', 'A Fargate Profile already exists with this name in this cluster.', 409],
    ],
    [
      'missing cluster',
      { cluster: { region: 'eu-west-1', name: 'ghost' } },
      ['ResourceNotFoundException', 'No cluster found for name: ghost.', 404],
    ],
    [
      'cluster in another region',
      { cluster: { region: 'us-east-1', name: 'prod-eu' } },
      ['ResourceNotFoundException', 'No cluster found for name: prod-eu.', 404],
    ],
  ];

  it.each(cases)('refuses %s like EKS', async (_, extra, expected) => {
    const { sim } = setup();
    expect(await failure(sim.createFargateProfile(input('payments', extra)))).toEqual(expected);
    // A refused create changes nothing.
    expect((await sim.listFargateProfiles(CLUSTER)).names).toEqual(['handmade']);
  });

  it('takes the private subnets of the cluster when none are given', async () => {
    const { sim } = setup();
    const created = await sim.createFargateProfile(input('payments', { subnets: [] }));
    expect(created.subnets).toEqual(['subnet-a', 'subnet-b']);
  });

  it('has no update call: a profile is immutable', () => {
    const { sim } = setup();
    expect(Object.getOwnPropertyNames(Object.getPrototypeOf(sim)).filter(n => /update.*profile/i.test(n))).toEqual([]);
  });
});

describe('SimulatedAccount: quota', () => {
  it('refuses creates beyond the quota with ResourceLimitExceededException, counting every profile', async () => {
    const state = simState();
    state.quotas = { fargateProfilesPerCluster: 2 };
    const { sim, clock } = setup({}, state);
    await sim.createFargateProfile(input('one'));
    await clock.advance(90_000);
    expect(await failure(sim.createFargateProfile(input('two')))).toEqual([
      'ResourceLimitExceededException',
      'Fargate Profile limit of 2 exceeded for cluster prod-eu.',
      400,
    ]);
    await expect(sim.getFargateProfileQuota('eu-west-1')).resolves.toBe(2);
  });
});

describe('SimulatedAccount: idempotency tokens', () => {
  it('answers the same profile for the same token and input, without a second create', async () => {
    const { sim, clock } = setup();
    const first = await sim.createFargateProfile(input('payments', { clientRequestToken: 'tok-1', tags: { a: '1' } }));
    await clock.advance(5_000);
    const again = await sim.createFargateProfile(input('payments', { clientRequestToken: 'tok-1', tags: { a: '1' } }));
    expect(again).toEqual(first);
    expect((await sim.listFargateProfiles(CLUSTER)).names).toEqual(['handmade', 'payments']);
    // After it turned ACTIVE the retry still answers it (now ACTIVE), not a conflict.
    await clock.advance(90_000);
    await expect(
      sim.createFargateProfile(input('payments', { clientRequestToken: 'tok-1', tags: { a: '1' } })),
    ).resolves.toMatchObject({ status: 'ACTIVE', arn: first.arn });
  });

  it('refuses the same token with a different request', async () => {
    const { sim } = setup();
    await sim.createFargateProfile(input('payments', { clientRequestToken: 'tok-1' }));
    expect(
      await failure(sim.createFargateProfile(input('payments', { clientRequestToken: 'tok-1', tags: { b: '2' } }))),
    ).toEqual([
      'InvalidRequestException',
      'The clientRequestToken was already used for a different CreateFargateProfile request.',
      400,
    ]);
    expect(await failure(sim.createFargateProfile(input('other', { clientRequestToken: 'tok-1' })))).toEqual(
      expect.arrayContaining(['InvalidRequestException']),
    );
  });

  it('without a token, a retry of a create that went through meets the name conflict', async () => {
    const { sim } = setup();
    await sim.createFargateProfile(input('payments'));
    expect((await failure(sim.createFargateProfile(input('payments'))))[0]).toBe('ResourceInUseException');
  });
});

describe('SimulatedAccount: faults', () => {
  it('fails the next N calls of an API with the given error, then recovers', async () => {
    const { sim } = setup({
      faults: [
        { type: 'error', api: 'DescribeCluster', name: 'ServerException', message: 'boom', statusCode: 500, times: 2 },
      ],
    });
    expect(await failure(sim.describeCluster(CLUSTER))).toEqual(['ServerException', 'boom', 500]);
    expect(await failure(sim.describeCluster(CLUSTER))).toEqual(['ServerException', 'boom', 500]);
    await expect(sim.describeCluster(CLUSTER)).resolves.toMatchObject({ status: 'ACTIVE' });
    expect(sim.calls.DescribeCluster).toBe(3);
  });

  it('can lose the response of a call that took effect (afterEffect), so a retry meets what it did', async () => {
    const { sim } = setup({
      faults: [
        { type: 'error', api: 'CreateFargateProfile', name: 'RequestTimeout', statusCode: 504, afterEffect: true },
      ],
    });
    expect((await failure(sim.createFargateProfile(input('payments', { clientRequestToken: 'tok' }))))[0]).toBe(
      'RequestTimeout',
    );
    expect((await sim.describeFargateProfile(CLUSTER, 'payments'))?.status).toBe('CREATING');
    // The retry with the same token answers the profile instead of failing on the name.
    await expect(sim.createFargateProfile(input('payments', { clientRequestToken: 'tok' }))).resolves.toMatchObject({
      name: 'payments',
      status: 'CREATING',
    });
  });

  it('ends a matching create in CREATE_FAILED with health issues; the failed profile can be deleted', async () => {
    const health = [{ code: 'InternalFailure', message: 'Fargate could not create the profile', resourceIds: ['x'] }];
    const { sim, clock } = setup({ faults: [{ type: 'create-failed', profile: 'payments', health }] });
    await sim.createFargateProfile(input('payments-1a2b3c'));
    await clock.advance(90_000);
    const failed = await sim.describeFargateProfile(CLUSTER, 'payments-1a2b3c');
    expect(failed).toMatchObject({ status: 'CREATE_FAILED', health });
    // The fault is spent: the next create succeeds.
    await sim.createFargateProfile(input('payments-4d5e6f'));
    await clock.advance(90_000);
    expect((await sim.describeFargateProfile(CLUSTER, 'payments-4d5e6f'))?.status).toBe('ACTIVE');
    await sim.deleteFargateProfile(CLUSTER, 'payments-1a2b3c');
    await clock.advance(120_000);
    expect(await sim.describeFargateProfile(CLUSTER, 'payments-1a2b3c')).toBeUndefined();
  });

  it('ends a matching delete in DELETE_FAILED, and a second delete can go through', async () => {
    const { sim, clock } = setup();
    sim.inject({ type: 'delete-failed', profile: /^hand/, health: [{ code: 'AccessDenied', message: 'no' }] });
    await sim.deleteFargateProfile(CLUSTER, 'handmade');
    await clock.advance(120_000);
    expect(await sim.describeFargateProfile(CLUSTER, 'handmade')).toMatchObject({
      status: 'DELETE_FAILED',
      health: [{ code: 'AccessDenied', message: 'no' }],
    });
    await sim.deleteFargateProfile(CLUSTER, 'handmade');
    await clock.advance(120_000);
    expect(await sim.describeFargateProfile(CLUSTER, 'handmade')).toBeUndefined();
  });
});

describe('SimulatedAccount: throttling and latency', () => {
  it('throttles a deterministic fraction of calls with each service error', async () => {
    const run = async () => {
      const { sim } = setup({ throttleRate: 0.3, random: seededRandom(7) });
      const outcomes: string[] = [];
      for (let i = 0; i < 50; i++) {
        await sim.describeCluster(CLUSTER).then(
          () => outcomes.push('ok'),
          (e: AccountError) => outcomes.push(e.name),
        );
      }
      return { outcomes, throttled: sim.throttledCalls };
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first.throttled).toBeGreaterThan(5);
    expect(first.throttled).toBeLessThan(30);
    expect(new Set(first.outcomes)).toEqual(new Set(['ok', 'ThrottlingException']));

    const { sim } = setup({ throttleRate: 1 });
    expect(await failure(sim.describeSubnets('eu-west-1', ['subnet-a']))).toEqual([
      'RequestLimitExceeded',
      'Request limit exceeded.',
      503,
    ]);
    expect(await failure(sim.getRole('pods'))).toEqual(['Throttling', 'Rate exceeded', 400]);
    const throttle = await sim.describeCluster(CLUSTER).catch((e: AccountError) => e);
    expect((throttle as AccountError).$retryable).toEqual({ throttling: true });
  });

  it('delays every call by its latency through the clock', async () => {
    const clock = new VirtualClock({ start: T0 });
    const sim = SimulatedAccount.fromJSON(simState(), {
      clock,
      latencyMs: { DescribeCluster: 50, ListFargateProfiles: 30 },
    });
    await Promise.all([sim.describeCluster(CLUSTER), sim.describeCluster(CLUSTER)]);
    expect(clock.now() - T0).toBe(50);
    await sim.listFargateProfiles(CLUSTER);
    await sim.getRole('pods');
    expect(clock.now() - T0).toBe(80);
  });
});

describe('SimulatedAccount: pagination', () => {
  it('pages ListFargateProfiles by name with an opaque token, and refuses a bad token', async () => {
    const state = simState();
    const base = state.clusters[0]!.profiles[0]!;
    for (const name of ['b', 'a', 'd', 'c']) state.clusters[0]!.profiles.push({ ...base, name });
    const { sim } = setup({ pageSize: 2 }, state);
    const p1 = await sim.listFargateProfiles(CLUSTER);
    const p2 = await sim.listFargateProfiles(CLUSTER, p1.nextToken);
    const p3 = await sim.listFargateProfiles(CLUSTER, p2.nextToken);
    expect([p1.names, p2.names, p3.names]).toEqual([['a', 'b'], ['c', 'd'], ['handmade']]);
    expect(p3.nextToken).toBeUndefined();
    expect((await failure(sim.listFargateProfiles(CLUSTER, 'garbage')))[0]).toBe('InvalidParameterException');
    expect(await failure(sim.listFargateProfiles({ region: 'eu-west-1', name: 'ghost' }))).toEqual([
      'ResourceNotFoundException',
      'No cluster found for name: ghost.',
      404,
    ]);
  });

  it('defaults to pages of 100', async () => {
    const state = simState();
    state.quotas = { fargateProfilesPerCluster: 500 };
    const base = state.clusters[0]!.profiles[0]!;
    for (let i = 0; i < 150; i++) state.clusters[0]!.profiles.push({ ...base, name: `p${String(i).padStart(3, '0')}` });
    const { sim } = setup({}, state);
    const page = await sim.listFargateProfiles(CLUSTER);
    expect(page.names).toHaveLength(100);
    expect((await sim.listFargateProfiles(CLUSTER, page.nextToken)).names).toHaveLength(51);
  });
});

describe('SimulatedAccount: tags by ARN', () => {
  it('tags and untags a profile by its ARN, with EKS limits', async () => {
    const { sim } = setup();
    const { arn } = (await sim.describeFargateProfile(CLUSTER, 'handmade'))!;
    await sim.tagResource('eu-west-1', arn, { team: 'a', env: 'prod' });
    await sim.untagResource('eu-west-1', arn, ['env', 'absent']);
    expect((await sim.describeFargateProfile(CLUSTER, 'handmade'))?.tags).toEqual({ team: 'a' });
    expect(await failure(sim.tagResource('eu-west-1', `${arn}x`, { a: 'b' }))).toEqual([
      'NotFoundException',
      `Resource ${arn}x not found.`,
      404,
    ]);
    expect((await failure(sim.tagResource('eu-west-1', arn, { 'aws:x': 'y' })))[0]).toBe('BadRequestException');
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`t${i}`, 'v']));
    expect(await failure(sim.tagResource('eu-west-1', arn, many))).toEqual([
      'BadRequestException',
      'The number of tags must not exceed 50.',
      400,
    ]);
  });
});

describe('SimulatedAccount: IAM', () => {
  it('creates, tags, attaches, detaches and deletes roles with IAM errors', async () => {
    const { sim } = setup();
    await sim.createRole({ name: 'fk-role', assumeRolePolicy: fargateTrust, tags: { owner: 'fk' } });
    expect(await failure(sim.createRole({ name: 'fk-role', assumeRolePolicy: fargateTrust, tags: {} }))).toEqual([
      'EntityAlreadyExistsException',
      'Role with name fk-role already exists.',
      409,
    ]);
    expect((await failure(sim.createRole({ name: 'FK-Role', assumeRolePolicy: fargateTrust, tags: {} })))[0]).toBe(
      'EntityAlreadyExistsException',
    );
    await sim.tagRole('fk-role', { team: 'x' });
    await sim.attachRolePolicy('fk-role', 'arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy');
    await sim.attachRolePolicy('fk-role', 'arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy');
    expect(await sim.getRole('fk-role')).toEqual({
      name: 'fk-role',
      arn: `arn:aws:iam::${ACCOUNT}:role/fk-role`,
      path: '/',
      assumeRolePolicy: fargateTrust,
      tags: { owner: 'fk', team: 'x' },
      attachedPolicyArns: ['arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy'],
    });
    expect(await failure(sim.deleteRole('fk-role'))).toEqual([
      'DeleteConflictException',
      'Cannot delete entity, must detach all policies first.',
      409,
    ]);
    await sim.detachRolePolicy('fk-role', 'arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy');
    expect(
      (
        await failure(sim.detachRolePolicy('fk-role', 'arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy'))
      )[0],
    ).toBe('NoSuchEntityException');
    await sim.deleteRole('fk-role');
    await expect(sim.getRole('fk-role')).resolves.toBeUndefined();
    expect(await failure(sim.deleteRole('fk-role'))).toEqual([
      'NoSuchEntityException',
      'The role with name fk-role cannot be found.',
      404,
    ]);
    expect((await failure(sim.tagRole('ghost', {})))[0]).toBe('NoSuchEntityException');
    expect((await failure(sim.attachRolePolicy('ghost', 'arn:aws:iam::aws:policy/X')))[0]).toBe(
      'NoSuchEntityException',
    );
    expect((await failure(sim.createRole({ name: 'bad name!', assumeRolePolicy: fargateTrust, tags: {} })))[0]).toBe(
      'ValidationError',
    );
  });

  it('creates roles under a path (part of the ARN) and lists them by path prefix', async () => {
    const { sim } = setup();
    const made = await sim.createRole({
      name: 'fk-a',
      path: '/fargatekeeper/',
      assumeRolePolicy: fargateTrust,
      tags: {},
    });
    expect(made).toMatchObject({ arn: `arn:aws:iam::${ACCOUNT}:role/fargatekeeper/fk-a`, path: '/fargatekeeper/' });
    await sim.createRole({ name: 'fk-b', assumeRolePolicy: fargateTrust, tags: {} });
    expect(await sim.listRoles('/fargatekeeper/')).toEqual([
      { name: 'fk-a', arn: `arn:aws:iam::${ACCOUNT}:role/fargatekeeper/fk-a`, path: '/fargatekeeper/' },
    ]);
    expect((await sim.listRoles('/')).map(r => r.name).sort()).toEqual(['ec2-only', 'fk-a', 'fk-b', 'pods']);
    expect(
      (
        await failure(sim.createRole({ name: 'fk-c', path: 'fargatekeeper', assumeRolePolicy: fargateTrust, tags: {} }))
      )[0],
    ).toBe('ValidationError');
  });

  it('accepts a trust scoped with aws:SourceArn to the cluster profiles, and refuses one scoped elsewhere', async () => {
    const scoped = (pattern: string) => ({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow' as const,
          Principal: { Service: 'eks-fargate-pods.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { ArnLike: { 'aws:SourceArn': pattern } },
        },
      ],
    });
    const state = simState();
    state.roles.push(
      {
        name: 'right',
        assumeRolePolicy: scoped(`arn:aws:eks:eu-west-1:${ACCOUNT}:fargateprofile/prod-eu/*`),
        tags: {},
        attachedPolicyArns: [],
      },
      {
        name: 'wrong',
        assumeRolePolicy: scoped(`arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/prod-eu`),
        tags: {},
        attachedPolicyArns: [],
      },
    );
    const { sim } = setup({}, state);
    await expect(
      sim.createFargateProfile(input('a', { podExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/right` })),
    ).resolves.toBeDefined();
    const { sim: other } = setup({}, state);
    expect(
      (
        await failure(
          other.createFargateProfile(input('a', { podExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/wrong` })),
        )
      )[1],
    ).toMatch(/^Misconfigured PodExecutionRole Trust Policy/);
  });
});

describe('SimulatedAccount: state documents', () => {
  it('round-trips through toJSON/fromJSON, in-flight transitions and all', async () => {
    const { sim, clock } = setup();
    await sim.createFargateProfile(input('payments', { clientRequestToken: 't' }));
    await sim.createRole({ name: 'new-role', assumeRolePolicy: fargateTrust, tags: {} });
    const saved = JSON.parse(JSON.stringify(sim.toJSON()));
    const again = SimulatedAccount.fromJSON(saved, { clock });
    expect(again.toJSON()).toEqual(saved);
    await clock.advance(90_000);
    expect((await again.describeFargateProfile(CLUSTER, 'payments'))?.status).toBe('ACTIVE');
    expect(again.toJSON().clusters[0]!.profiles.find(p => p.name === 'payments')).not.toHaveProperty('transition');
  });

  it('gives in-flight profiles of a hand-written file a transition time', async () => {
    const state = simState();
    state.clusters[0]!.profiles.push({
      ...state.clusters[0]!.profiles[0]!,
      name: 'coming',
      status: 'CREATING',
      createdAt: '2025-12-31T23:59:00.000Z',
    });
    state.clusters[0]!.profiles.push({ ...state.clusters[0]!.profiles[0]!, name: 'going', status: 'DELETING' });
    const { sim, clock } = setup({}, state);
    await clock.advance(30_000);
    expect((await sim.describeFargateProfile(CLUSTER, 'coming'))?.status).toBe('ACTIVE');
    await clock.advance(90_000);
    expect(await sim.describeFargateProfile(CLUSTER, 'going')).toBeUndefined();
  });

  it('names the API server and its CA as DescribeCluster does, and none while the cluster is CREATING', async () => {
    const state = simState();
    Object.assign(state.clusters[0]!, {
      endpoint: 'https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com',
      certificateAuthority: 'LS0tLS1CRUdJTg==',
    });
    const { sim } = setup({}, state);
    expect(await sim.describeCluster(CLUSTER)).toMatchObject({
      endpoint: 'https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com',
      certificateAuthority: 'LS0tLS1CRUdJTg==',
    });
    expect(sim.toJSON().clusters[0]).toMatchObject({
      endpoint: state.clusters[0]!.endpoint,
      certificateAuthority: 'LS0tLS1CRUdJTg==',
    });
    sim.updateCluster(CLUSTER, { status: 'CREATING' });
    const creating = await sim.describeCluster(CLUSTER);
    expect(creating).not.toHaveProperty('endpoint');
    expect(creating).not.toHaveProperty('certificateAuthority');
  });

  it('does not share state with the document it was built from', async () => {
    const state = simState();
    const { sim } = setup({}, state);
    await sim.deleteFargateProfile(CLUSTER, 'handmade');
    expect(state.clusters[0]!.profiles[0]!.status).toBe('ACTIVE');
  });

  it.each([
    [(s: Record<string, unknown>) => (s.accountId = '12'), '$.accountId: expected a 12-digit account id'],
    [
      (s: Record<string, unknown>) => ((s.clusters as { name?: unknown }[])[0]!.name = 3),
      '$.clusters[0].name: expected a non-empty string',
    ],
    [
      (s: Record<string, unknown>) => ((s.clusters as Record<string, unknown>[])[0]!.colour = 'red'),
      '$.clusters[0].colour: unknown field (expected one of name, region, status, vpcId, subnetIds, updateInProgress, endpoint, certificateAuthority, profiles)',
    ],
    [
      (s: Record<string, unknown>) => ((s.clusters as Record<string, unknown>[])[0]!.endpoint = 'http://10.0.0.1'),
      '$.clusters[0].endpoint: expected the API server URL (https://...)',
    ],
    [
      (s: Record<string, unknown>) =>
        ((s.clusters as Record<string, unknown>[])[0]!.certificateAuthority = '-----BEGIN CERTIFICATE-----'),
      '$.clusters[0].certificateAuthority: expected base64 of the PEM certificate (DescribeCluster certificateAuthority.data)',
    ],
    [
      (s: Record<string, unknown>) => ((s.vpcs as { subnets: unknown }[])[0]!.subnets = {}),
      '$.vpcs[0].subnets: expected a list',
    ],
    [
      (s: Record<string, unknown>) =>
        ((s.roles as { assumeRolePolicy: unknown }[])[0]!.assumeRolePolicy = { Version: '1' }),
      '$.roles[0].assumeRolePolicy.Statement: expected a statement or a list of statements',
    ],
    [
      (s: Record<string, unknown>) => (s.clusters as unknown[]).push({ ...(s.clusters as object[])[0]! }),
      '$.clusters[2].name: cluster prod-eu (eu-west-1) is already defined at $.clusters[0].name',
    ],
    [
      (s: Record<string, unknown>) => {
        const profiles = (s.clusters as { profiles: object[] }[])[0]!.profiles;
        profiles.push({ ...profiles[0]! });
      },
      '$.clusters[0].profiles[1].name: profile handmade is already defined at $.clusters[0].profiles[0].name',
    ],
    [
      (s: Record<string, unknown>) =>
        (s.vpcs as { subnets: { id: string }[] }[])[1]!.subnets.push({
          id: 'subnet-a',
          availabilityZone: 'x',
        } as never),
      '$.vpcs[1].subnets[1].id: subnet subnet-a is already defined at $.vpcs[0].subnets[0].id',
    ],
    [
      (s: Record<string, unknown>) => ((s.roles as { name: string }[])[1]!.name = 'PODS'),
      '$.roles[1].name: role PODS is already defined at $.roles[0].name',
    ],
  ])('refuses a malformed document, naming the field (%#)', (mutate, message) => {
    const state = simState() as unknown as Record<string, unknown>;
    mutate(state);
    expect(() => SimulatedAccount.fromJSON(state as never)).toThrow(
      new SimStateError(message.split(': ')[0]!, message.slice(message.indexOf(': ') + 2)),
    );
  });
});

describe('SimulatedAccount: partitions', () => {
  it('writes China-region ARNs in the aws-cn partition, so partition-aware trust conditions hold', async () => {
    const state = simState();
    state.region = 'cn-north-1';
    for (const c of state.clusters) c.region = 'cn-north-1';
    for (const v of state.vpcs) v.region = 'cn-north-1';
    state.roles.push({
      name: 'cn-pods',
      assumeRolePolicy: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'eks-fargate-pods.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              ArnLike: { 'aws:SourceArn': `arn:aws-cn:eks:cn-north-1:${ACCOUNT}:fargateprofile/prod-eu/*` },
            },
          },
        ],
      },
      tags: {},
      attachedPolicyArns: [],
    });
    const { sim } = setup({}, state);
    const role = await sim.getRole('cn-pods');
    expect(role?.arn).toBe(`arn:aws-cn:iam::${ACCOUNT}:role/cn-pods`);
    const created = await sim.createFargateProfile(
      input('a', { cluster: { region: 'cn-north-1', name: 'prod-eu' }, podExecutionRoleArn: role!.arn }),
    );
    expect(created.arn).toMatch(/^arn:aws-cn:eks:cn-north-1:123456789012:fargateprofile\/prod-eu\/a\//);
  });
});
