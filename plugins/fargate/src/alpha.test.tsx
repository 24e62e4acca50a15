import type { Entity } from '@backstage/catalog-model';
import { createExtensionTester, mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { screen } from '@testing-library/react';
import { mockFargateApi } from './__fixtures__/fargate';
import { fargateApiRef } from './api';
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

  it('mounts the page at /fargate in a new-system app', async () => {
    renderTestApp({
      features: [fargatePlugin],
      initialRouteEntries: ['/fargate'],
      apis: [
        [fargateApiRef, mockFargateApi()],
        [permissionApiRef, mockApis.permission()],
      ],
    });
    expect(await screen.findByTestId('profile-payments-jobs-3f9a2c')).toBeInTheDocument();
    expect(screen.getByRole('form', { name: 'Request a Fargate profile' })).toBeInTheDocument();
  });
});
