import type { Entity } from '@backstage/catalog-model';
import { clusterNameOf, isFargateAvailable } from './entity';

const entity = (kind: string, annotations: Record<string, string>, spec: object = {}, name = 'thing'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, annotations },
  spec,
});

describe('clusterNameOf', () => {
  it('takes the fargatekeeper.dev/cluster annotation on any kind', () => {
    expect(clusterNameOf(entity('Component', { 'fargatekeeper.dev/cluster': 'prod-eu' }))).toBe('prod-eu');
  });

  it('takes the real name from the ARN of an EKS cluster ingested by the AWS catalog module', () => {
    const ingested = entity(
      'Resource',
      {
        'amazonaws.com/arn': 'arn:aws:eks:eu-west-1:123456789012:cluster/Prod_EU',
        'amazonaws.com/account-id': '123456789012',
      },
      { type: 'kubernetes-cluster', owner: 'unknown' },
      'prod-eu',
    );
    expect(clusterNameOf(ingested)).toBe('Prod_EU');
  });

  it('falls back to x-k8s-aws-id, then the entity name, for kubernetes-cluster resources', () => {
    expect(
      clusterNameOf(entity('Resource', { 'kubernetes.io/x-k8s-aws-id': 'staging' }, { type: 'kubernetes-cluster' })),
    ).toBe('staging');
    expect(clusterNameOf(entity('Resource', {}, { type: 'kubernetes-cluster' }, 'dev'))).toBe('dev');
  });

  it('does not apply to other entities', () => {
    expect(clusterNameOf(entity('Resource', {}, { type: 'database' }))).toBeUndefined();
    expect(isFargateAvailable(entity('Component', { 'fargatekeeper.dev/cluster': '  ' }))).toBe(false);
    expect(isFargateAvailable(entity('Component', {}))).toBe(false);
  });
});
