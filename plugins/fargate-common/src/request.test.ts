import { profileRequestToSpec, requestFieldOf } from './request';
import { fargatePermissions } from './permissions';

describe('profileRequestToSpec', () => {
  it('maps a request onto the spec model as a native spec in the given file', () => {
    const spec = profileRequestToSpec(
      {
        cluster: 'prod-eu',
        name: 'payments-jobs',
        selectors: [{ namespace: 'payments', labels: { compute: 'fargate' } }],
        subnets: ['subnet-0a1'],
        tags: { team: 'payments' },
      },
      { file: 'fargate/prod-eu/payments-jobs.yaml', region: 'eu-west-1' },
    );
    expect(spec).toEqual({
      name: 'payments-jobs',
      cluster: 'prod-eu',
      region: 'eu-west-1',
      subnets: ['subnet-0a1'],
      selectors: [{ namespace: 'payments', labels: { compute: 'fargate' } }],
      tags: { team: 'payments' },
      source: { file: 'fargate/prod-eu/payments-jobs.yaml', line: 1, column: 1, format: 'native', document: 0, fields: {} },
    });
    expect(spec).not.toHaveProperty('podExecutionRoleArn');
  });
});

describe('requestFieldOf', () => {
  it.each([
    ['spec.selectors[0].labels', 'selectors[0].labels'],
    ['metadata.name', 'name'],
    ['subnets[1]', 'subnets[1]'],
  ])('%s → %s', (path, field) => expect(requestFieldOf({ path })).toBe(field));

  it('is undefined for findings about no field', () => expect(requestFieldOf({})).toBeUndefined());
});

describe('fargatePermissions', () => {
  it('names the read and request permissions', () => {
    expect(fargatePermissions.map(p => [p.name, p.attributes.action, p.type])).toEqual([
      ['fargate.profile.read', 'read', 'basic'],
      ['fargate.profile.request', 'create', 'basic'],
    ]);
  });
});
