import { profileRequestToSpec, requestFieldOf, validateProfileRequest } from './request';
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
      source: {
        file: 'fargate/prod-eu/payments-jobs.yaml',
        line: 1,
        column: 1,
        format: 'native',
        document: 0,
        fields: {},
      },
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
  it('names the read and request permissions, and change and delete as permissions on a profile', () => {
    expect(
      fargatePermissions.map(p => [
        p.name,
        p.attributes.action,
        p.type,
        'resourceType' in p ? p.resourceType : undefined,
      ]),
    ).toEqual([
      ['fargate.profile.read', 'read', 'basic', undefined],
      ['fargate.profile.request', 'create', 'basic', undefined],
      ['fargate.profile.change', 'update', 'resource', 'fargate-profile'],
      ['fargate.profile.delete', 'delete', 'resource', 'fargate-profile'],
    ]);
  });
});

describe('validateProfileRequest', () => {
  const request = {
    cluster: 'prod-eu',
    name: 'payments-jobs',
    selectors: [{ namespace: 'payments', labels: {} }],
    subnets: ['subnet-0a1'],
  };

  it('finds nothing wrong with a valid request', () => {
    expect(validateProfileRequest(request).filter(d => d.severity === 'error')).toEqual([]);
  });

  it("reports core's rules at the request's fields", () => {
    const diagnostics = validateProfileRequest({
      ...request,
      name: 'eks-reserved',
      selectors: Array.from({ length: 6 }, (_, i) => ({ namespace: `ns${i}`, labels: {} })),
    });
    const errors = diagnostics.filter(d => d.severity === 'error');
    expect(errors.map(d => requestFieldOf(d)).sort()).toEqual(['name', 'selectors[5]']);
  });

  it('sees a name already taken by an existing spec of the cluster', () => {
    const existing = profileRequestToSpec(request, { file: 'fargate/prod-eu/existing.yaml' });
    const diagnostics = validateProfileRequest(request, {
      existing: [existing],
      file: 'fargate/prod-eu/payments-jobs.yaml',
    });
    expect(diagnostics.filter(d => d.severity === 'error').map(d => [d.code, d.source?.file])).toEqual([
      [expect.stringContaining('duplicate'), 'fargate/prod-eu/payments-jobs.yaml'],
    ]);
  });
});
