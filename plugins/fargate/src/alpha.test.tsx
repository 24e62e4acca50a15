import type { Entity } from '@backstage/catalog-model';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import fargatePlugin, { entityFargateProfilesCard } from './alpha';

const entity = (annotations: Record<string, string>, spec: object = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'prod-eu', annotations },
  spec,
});

describe('the new frontend system plugin', () => {
  it('provides the API, the page and the entity card under stable extension ids', () => {
    expect(fargatePlugin.id).toBe('fargate');
    expect(fargatePlugin.getExtension('api:fargate')).toMatchObject({ kind: 'api' });
    expect(fargatePlugin.getExtension('page:fargate')).toMatchObject({ kind: 'page' });
    expect(fargatePlugin.getExtension('entity-card:fargate/profiles')).toMatchObject({ kind: 'entity-card', name: 'profiles' });
  });

  it('shows the entity card on annotated entities and ingested EKS clusters only', () => {
    const filter = createExtensionTester(entityFargateProfilesCard).get(EntityCardBlueprint.dataRefs.filterFunction);
    expect(filter).toBeDefined();
    expect(filter!(entity({ 'fargatekeeper.dev/cluster': 'prod-eu' }))).toBe(true);
    expect(filter!(entity({}, { type: 'kubernetes-cluster' }))).toBe(true);
    expect(filter!(entity({}, { type: 'database' }))).toBe(false);
  });
});
