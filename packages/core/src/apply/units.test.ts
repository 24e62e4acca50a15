import { AccountError } from '../account/types';
import type { ProfileStatus } from '../account/types';
import { subjectOf } from '../plan/operations';
import type { ClusterPlan, LiveState, Operation, ProfileState, ReplaceOrder } from '../plan/types';
import { backoffCeiling, backoffDelay } from '../backoff';
import { CallTimeoutError } from '../callTimeout';
import { classifyError } from './errors';
import { orderOperations } from './order';
import { createRequestToken } from './tokens';

describe('classifyError', () => {
  it.each([
    [new AccountError('ThrottlingException', 'Rate exceeded', 429), 'transient'],
    [new AccountError('Throttling', 'Rate exceeded', 400), 'transient'],
    [new AccountError('RequestLimitExceeded', 'Request limit exceeded.', 503), 'transient'],
    [new AccountError('ServerException', 'boom', 500), 'transient'],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'transient'],
    // One attempt's timeout (the SDK's own error) may pass when retried; a call policy spent on timeouts is not retried again.
    [
      Object.assign(new Error('a request has exceeded the configured 300 ms requestTimeout'), { name: 'TimeoutError' }),
      'transient',
    ],
    [new CallTimeoutError('DescribeFargateProfile', 'prod/a', 300, 2), 'fatal'],
    [
      new AccountError(
        'ResourceInUseException',
        'Cannot create Fargate Profile a because cluster c currently has Fargate profile b in status CREATING',
        409,
      ),
      'busy',
    ],
    [
      new AccountError(
        'InvalidParameterException',
        'Misconfigured PodExecutionRole Trust Policy; Please add the eks-fargate-pods.amazonaws.com Service Principal',
        400,
      ),
      'role-not-ready',
    ],
    [
      new AccountError(
        'InvalidParameterException',
        'Subnet subnet-1 provided in Fargate Profile is not a private subnet',
        400,
      ),
      'fatal',
    ],
    [new AccountError('ResourceLimitExceededException', 'Fargate Profile limit of 10 exceeded', 400), 'fatal'],
    [new Error('plain'), 'fatal'],
  ])('%s → %s', (error, expected) => {
    expect(classifyError(error)).toBe(expected);
  });
});

describe('backoffDelay', () => {
  const policy = { initialMs: 1000, factor: 2, capMs: 8000 };
  it('grows exponentially up to the cap, with the delay in [d/2, d]', () => {
    expect([0, 1, 2, 3, 4, 10].map(n => backoffDelay(policy, n, () => 0))).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
    expect([0, 1, 2, 3, 4, 10].map(n => backoffDelay(policy, n, () => 0.999999))).toEqual([
      1000, 2000, 4000, 8000, 8000, 8000,
    ]);
    // The reader's retries: the ceilings themselves (200 ms doubling, capped at 5 s).
    expect([0, 1, 4, 5, 9].map(n => backoffCeiling({ initialMs: 200, factor: 2, capMs: 5000 }, n))).toEqual([
      200, 400, 3200, 5000, 5000,
    ]);
  });
});

describe('createRequestToken', () => {
  const content = {
    region: 'eu-west-1',
    cluster: 'prod',
    name: 'web-1a2b3c4d',
    podExecutionRoleArn: 'arn:aws:iam::123456789012:role/pods',
    subnets: ['subnet-b', 'subnet-a'],
    selectors: [{ namespace: 'web', labels: { a: '1', b: '2' } }],
    tags: { team: 'web', x: 'y' },
  };
  it('is stable across runs and insensitive to key and subnet order', () => {
    const token = createRequestToken(content);
    expect(token).toMatch(/^fk-[0-9a-f]{32}$/);
    expect(
      createRequestToken({
        ...content,
        subnets: ['subnet-a', 'subnet-b'],
        tags: { x: 'y', team: 'web' },
        selectors: [{ labels: { b: '2', a: '1' }, namespace: 'web' }],
      }),
    ).toBe(token);
  });
  it('differs for a different request', () => {
    const token = createRequestToken(content);
    expect(createRequestToken({ ...content, tags: { team: 'other' } })).not.toBe(token);
    expect(createRequestToken({ ...content, cluster: 'staging' })).not.toBe(token);
    expect(createRequestToken({ ...content, replaces: 'web-0000' })).not.toBe(token);
  });
});

describe('orderOperations', () => {
  const base = (op: string, name: string) => ({ id: `eu-west-1/c/${op}/${name}`, region: 'eu-west-1', cluster: 'c' });
  const source = { file: 'fargate/c.yaml', line: 1, column: 1 };
  const state = (name: string): ProfileState => ({
    name,
    podExecutionRoleArn: '',
    subnets: [],
    selectors: [],
    tags: {},
  });
  const live = (name: string, status: ProfileStatus = 'ACTIVE'): LiveState => ({ ...state(name), status, health: [] });

  const create = (profile: string): Operation => ({
    op: 'create',
    ...base('create', profile),
    spec: profile,
    source,
    profile,
    after: state(profile),
    fields: [],
    reason: { code: 'new-spec' },
  });
  const replace = (profile: string, spec: string, replaces: string, order: ReplaceOrder): Operation => ({
    op: 'replace',
    ...base('replace', profile),
    spec,
    source,
    profile,
    replaces,
    before: live(replaces),
    after: state(profile),
    fields: [],
    order,
    reason: { code: 'fields-changed', fields: ['selectors[0]'] },
  });
  const retag = (profile: string): Operation => ({
    op: 'retag',
    ...base('retag', profile),
    spec: profile,
    source,
    profile,
    before: live(profile),
    after: state(profile),
    fields: [],
    tags: { set: { team: 'x' }, remove: [] },
    reason: { code: 'fields-changed', fields: ['tags.team'] },
  });
  const deleteProfile = (
    profile: string,
    spec: string,
    extra: { status?: ProfileStatus; successor?: string } = {},
  ): Operation => ({
    op: 'delete-profile',
    ...base('delete-profile', profile),
    spec,
    profile,
    before: live(profile, extra.status),
    ownership: 'managed',
    ...(extra.successor ? { successor: extra.successor } : {}),
    reason: extra.successor ? { code: 'replacement-leftover' } : { code: 'spec-removed', lastDeleteFailed: false },
  });
  const waitActive = (profile: string, spec: string): Operation => ({
    op: 'wait',
    ...base('wait', profile),
    spec,
    profile,
    before: live(profile, 'CREATING'),
    until: 'active',
    after: state(profile),
    source,
    reason: { code: 'creating' },
  });
  const noOp = (profile: string): Operation => ({
    op: 'no-op',
    ...base('no-op', profile),
    spec: profile,
    source,
    profile,
    before: live(profile),
    after: state(profile),
    reason: { code: 'up-to-date' },
  });
  const unmanaged = (profile: string): Operation => ({
    op: 'unmanaged',
    ...base('unmanaged', profile),
    profile,
    before: live(profile),
    reason: { code: 'not-managed' },
  });
  const cluster = (operations: Operation[], liveProfiles: number, quota = 10): ClusterPlan => ({
    region: 'eu-west-1',
    cluster: 'c',
    quota,
    liveProfiles,
    operations,
  });
  const names = (operations: Operation[]) => operations.map(o => `${o.op} ${subjectOf(o).name}`);

  it('tags first, creates and replacements before deletes; no-op and unmanaged are not run', () => {
    const plan = cluster(
      [
        deleteProfile('gone', 'gone'),
        create('new'),
        replace('web-2', 'web', 'web-1', { kind: 'create-before-delete' }),
        replace('fixed', 'fixed', 'fixed', {
          kind: 'delete-before-create',
          why: { code: 'fixed-name', name: 'fixed' },
        }),
        retag('tagged'),
        noOp('same'),
        unmanaged('theirs'),
      ],
      5,
    );
    expect(names(orderOperations(plan))).toEqual([
      'retag tagged',
      'replace fixed',
      'create new',
      'replace web-2',
      'delete-profile gone',
    ]);
  });

  it('runs a wait for a CREATING profile, and failed profiles are deleted first', () => {
    const plan = cluster(
      [create('new'), waitActive('web-2', 'web'), deleteProfile('broken-1', 'broken', { status: 'CREATE_FAILED' })],
      3,
    );
    expect(names(orderOperations(plan))).toEqual(['wait web-2', 'delete-profile broken-1', 'create new']);
  });

  it('deletes first when the quota leaves no room for the creates, but never a profile whose spec lives on', () => {
    const plan = cluster(
      [
        create('new'),
        deleteProfile('gone', 'gone'),
        deleteProfile('web-1', 'web', { successor: 'web-2' }),
        waitActive('web-2', 'web'),
      ],
      10,
    );
    expect(names(orderOperations(plan))).toEqual([
      'wait web-2',
      'delete-profile gone',
      'create new',
      'delete-profile web-1',
    ]);
  });
});
