import { prodEu, prodEuProfiles, staging } from '../../__fixtures__/fargate';
import {
  formFieldOf,
  formIssues,
  formStateFromSpec,
  initialFormState,
  toProfileRequest,
  type RequestFormState,
} from './formModel';

const clusters = [prodEu, staging];
const valid = (): RequestFormState => ({
  ...initialFormState(clusters),
  name: 'payments-api',
  selectors: [{ namespace: 'payments', labels: [{ key: 'app', value: 'api' }] }],
  reason: 'The payments API moves to Fargate.',
});
const messagesOf = (state: RequestFormState, field: string) =>
  (formIssues(state, clusters).byField.get(field) ?? []).map(i => i.message);

describe('initialFormState', () => {
  it('starts on the first cluster with its private subnets chosen and the default role', () => {
    const state = initialFormState(clusters);
    expect(state).toMatchObject({ cluster: 'prod-eu', subnets: ['subnet-0a1', 'subnet-0b2'], roleMode: 'default' });
  });
});

describe('toProfileRequest', () => {
  it('builds the request body, leaving out the role for the default one', () => {
    expect(toProfileRequest({ ...valid(), tags: [{ key: 'team', value: 'payments' }] })).toEqual({
      kind: 'create',
      cluster: 'prod-eu',
      name: 'payments-api',
      selectors: [{ namespace: 'payments', labels: { app: 'api' } }],
      subnets: ['subnet-0a1', 'subnet-0b2'],
      tags: { team: 'payments' },
      reason: 'The payments API moves to Fargate.',
    });
    expect(
      toProfileRequest({ ...valid(), roleMode: 'arn', roleArn: ' arn:aws:iam::123456789012:role/x ' })
        .podExecutionRoleArn,
    ).toBe('arn:aws:iam::123456789012:role/x');
  });
});

describe('formStateFromSpec', () => {
  it('fills the form with a spec as it is in Git, so a change starts from it', () => {
    const desired = {
      ...prodEuProfiles.profiles[0]!.desired!,
      podExecutionRoleArn: 'arn:aws:iam::123456789012:role/pods',
      tags: { team: 'payments' },
    };
    const state = formStateFromSpec('prod-eu', desired);
    expect(state).toEqual({
      cluster: 'prod-eu',
      name: 'payments-jobs',
      selectors: [{ namespace: 'payments', labels: [{ key: 'compute', value: 'fargate' }] }],
      subnets: ['subnet-0a1'],
      roleMode: 'arn',
      roleArn: 'arn:aws:iam::123456789012:role/pods',
      tags: [{ key: 'team', value: 'payments' }],
      reason: '',
    });
    expect(toProfileRequest({ ...state, reason: 'more pods' }, 'change')).toEqual({
      kind: 'change',
      cluster: 'prod-eu',
      name: 'payments-jobs',
      selectors: desired.selectors,
      subnets: ['subnet-0a1'],
      podExecutionRoleArn: 'arn:aws:iam::123456789012:role/pods',
      tags: { team: 'payments' },
      reason: 'more pods',
    });
  });
});

describe('formIssues', () => {
  it('finds nothing wrong with a valid request', () => {
    const issues = formIssues(valid(), clusters);
    expect(issues.hasErrors).toBe(false);
    expect([...issues.byField.values()].flat().filter(i => i.severity === 'error')).toEqual([]);
  });

  it("puts core's findings next to the fields they are about", () => {
    const state = { ...valid(), name: 'Payments_API', selectors: [{ namespace: '', labels: [] }] };
    const issues = formIssues(state, clusters);
    expect(issues.hasErrors).toBe(true);
    expect(messagesOf(state, 'name').join(' ')).toMatch(/name/i);
    expect(messagesOf(state, 'selectors[0].namespace').join(' ')).toMatch(/namespace/i);
  });

  it('reports too many labels on the selector, a label value error on its row', () => {
    const labels = Array.from({ length: 6 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    const tooMany = { ...valid(), selectors: [{ namespace: 'payments', labels }] };
    const labelMessages = [...formIssues(tooMany, clusters).byField]
      .filter(([field]) => field.startsWith('selectors[0].labels'))
      .flatMap(([, issues]) => issues.map(i => i.message));
    expect(labelMessages.join(' ')).toMatch(/at most 5 labels/);

    const longValue = {
      ...valid(),
      selectors: [
        {
          namespace: 'payments',
          labels: [
            { key: 'a', value: 'x' },
            { key: 'b', value: 'y'.repeat(300) },
          ],
        },
      ],
    };
    expect(messagesOf(longValue, 'selectors[0].labels[1]').join(' ')).toMatch(/255/);
  });

  it('has rules of its own: duplicate and empty keys, a subnet, a role ARN when asked, a reason', () => {
    const state: RequestFormState = {
      ...valid(),
      selectors: [
        {
          namespace: 'payments',
          labels: [
            { key: 'app', value: 'a' },
            { key: 'app', value: 'b' },
            { key: '', value: 'c' },
          ],
        },
      ],
      subnets: [],
      roleMode: 'arn',
      roleArn: '',
      reason: ' ',
    };
    expect(messagesOf(state, 'selectors[0].labels[1]')).toEqual(['The label key "app" appears twice.']);
    expect(messagesOf(state, 'selectors[0].labels[2]')).toEqual(['The label key is empty.']);
    expect(messagesOf(state, 'subnets')).toContain('Choose at least one private subnet.');
    expect(messagesOf(state, 'podExecutionRoleArn')).toContain(
      'Enter the role ARN, or let fargatekeeper create the role.',
    );
    expect(messagesOf(state, 'reason')).toEqual(['Say why the profile is needed: reviewers read it.']);
  });

  it('checks a given role ARN with core', () => {
    const state: RequestFormState = { ...valid(), roleMode: 'arn', roleArn: 'not-an-arn' };
    expect(messagesOf(state, 'podExecutionRoleArn').length).toBeGreaterThan(0);
  });

  it('sorts further findings (the plan preview, the server) onto fields too', () => {
    const issues = formIssues(valid(), clusters, [
      { severity: 'error', code: 'live.subnet-public', message: 'subnet-0b2 is public', path: 'spec.subnets[1]' },
      { severity: 'warning', code: 'x', message: 'about nothing in particular' },
    ]);
    expect(issues.byField.get('subnets')).toEqual([
      { severity: 'error', message: 'subnet-0b2 is public', remote: true },
    ]);
    expect(issues.general).toEqual([{ severity: 'warning', message: 'about nothing in particular', remote: true }]);
  });
});

describe('formFieldOf', () => {
  const state: RequestFormState = {
    ...valid(),
    selectors: [
      {
        namespace: 'a',
        labels: [
          { key: 'app', value: 'x' },
          { key: 'app.kubernetes.io/name', value: 'y' },
        ],
      },
    ],
    tags: [{ key: 'team', value: 'p' }],
  };
  it.each([
    ['name', 'name'],
    ['selectors[0].namespace', 'selectors[0].namespace'],
    ['selectors[0].labels', 'selectors[0].labels'],
    ['selectors[0].labels.app', 'selectors[0].labels[0]'],
    ['selectors[0].labels.app#key', 'selectors[0].labels[0]'],
    ['selectors[0].labels["app.kubernetes.io/name"]', 'selectors[0].labels[1]'],
    ['selectors[0].labels.other', 'selectors[0].labels'],
    ['selectors[0]', 'selectors[0].namespace'],
    ['selectors[5]', 'selectors'],
    ['selectors', 'selectors'],
    ['subnets[1]', 'subnets'],
    ['tags.team', 'tags[0]'],
    ['tags', 'tags'],
    ['podExecutionRoleArn', 'podExecutionRoleArn'],
    ['region', undefined],
    [undefined, undefined],
  ])('%s → %s', (path, field) => expect(formFieldOf(path, state)).toBe(field));
});
