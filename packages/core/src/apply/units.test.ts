import { AccountError } from '../account/types';
import type { Change, ClusterPlan } from '../plan/types';
import { backoffCeiling, backoffDelay } from '../backoff';
import { classifyError } from './errors';
import { orderClusterChanges } from './order';
import { createRequestToken } from './tokens';

describe('classifyError', () => {
  it.each([
    [new AccountError('ThrottlingException', 'Rate exceeded', 429), 'transient'],
    [new AccountError('Throttling', 'Rate exceeded', 400), 'transient'],
    [new AccountError('RequestLimitExceeded', 'Request limit exceeded.', 503), 'transient'],
    [new AccountError('ServerException', 'boom', 500), 'transient'],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'transient'],
    [new AccountError('ResourceInUseException', 'Cannot create Fargate Profile a because cluster c currently has Fargate profile b in status CREATING', 409), 'busy'],
    [new AccountError('InvalidParameterException', 'Misconfigured PodExecutionRole Trust Policy; Please add the eks-fargate-pods.amazonaws.com Service Principal', 400), 'role-not-ready'],
    [new AccountError('InvalidParameterException', 'Subnet subnet-1 provided in Fargate Profile is not a private subnet', 400), 'fatal'],
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
    expect([0, 1, 2, 3, 4, 10].map(n => backoffDelay(policy, n, () => 0.999999))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    // The reader's retries: the ceilings themselves (200 ms doubling, capped at 5 s).
    expect([0, 1, 4, 5, 9].map(n => backoffCeiling({ initialMs: 200, factor: 2, capMs: 5000 }, n))).toEqual([200, 400, 3200, 5000, 5000]);
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
      createRequestToken({ ...content, subnets: ['subnet-a', 'subnet-b'], tags: { x: 'y', team: 'web' }, selectors: [{ labels: { b: '2', a: '1' }, namespace: 'web' }] }),
    ).toBe(token);
  });
  it('differs for a different request', () => {
    const token = createRequestToken(content);
    expect(createRequestToken({ ...content, tags: { team: 'other' } })).not.toBe(token);
    expect(createRequestToken({ ...content, cluster: 'staging' })).not.toBe(token);
    expect(createRequestToken({ ...content, replaces: 'web-0000' })).not.toBe(token);
  });
});

describe('orderClusterChanges', () => {
  const change = (kind: Change['kind'], profileName: string, extra: Partial<Change> = {}): Change => ({
    id: `eu-west-1/c/${kind}/${profileName}`,
    kind,
    region: 'eu-west-1',
    cluster: 'c',
    profileName,
    fields: [],
    reason: '',
    ...extra,
  });
  const cluster = (changes: Change[], liveProfiles: number, quota = 10): ClusterPlan => ({
    region: 'eu-west-1',
    cluster: 'c',
    quota,
    liveProfiles,
    changes,
  });
  const names = (changes: Change[]) => changes.map(c => `${c.kind} ${c.profileName}`);

  it('tags first, creates and replacements before deletes; noop and unmanaged are not run', () => {
    const plan = cluster(
      [
        change('delete', 'gone', { spec: 'gone' }),
        change('create', 'new'),
        change('replace', 'web-2', { spec: 'web', replaces: 'web-1', strategy: 'create-before-delete' }),
        change('replace', 'fixed', { spec: 'fixed', replaces: 'fixed', strategy: 'delete-before-create' }),
        change('retag', 'tagged'),
        change('noop', 'same'),
        change('unmanaged', 'theirs'),
      ],
      5,
    );
    expect(names(orderClusterChanges(plan))).toEqual(['retag tagged', 'replace fixed', 'create new', 'replace web-2', 'delete gone']);
  });

  it('runs a noop that waits for its CREATING profile, and failed profiles are deleted first', () => {
    const plan = cluster(
      [
        change('create', 'new'),
        change('noop', 'web-2', { spec: 'web', waitsFor: 'web-2' }),
        change('delete', 'broken-1', { spec: 'broken', before: { name: 'broken-1', podExecutionRoleArn: '', subnets: [], selectors: [], tags: {}, status: 'CREATE_FAILED' } }),
      ],
      3,
    );
    expect(names(orderClusterChanges(plan))).toEqual(['noop web-2', 'delete broken-1', 'create new']);
  });

  it('deletes first when the quota leaves no room for the creates, but never a profile whose spec lives on', () => {
    const plan = cluster(
      [
        change('create', 'new'),
        change('delete', 'gone', { spec: 'gone' }),
        change('delete', 'web-1', { spec: 'web' }),
        change('noop', 'web-2', { spec: 'web', waitsFor: 'web-2' }),
      ],
      10,
    );
    expect(names(orderClusterChanges(plan))).toEqual(['noop web-2', 'delete gone', 'create new', 'delete web-1']);
  });
});
