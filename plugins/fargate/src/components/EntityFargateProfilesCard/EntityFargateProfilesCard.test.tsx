import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { TestApiProvider, mockApis, renderInTestApp } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { screen } from '@testing-library/react';
import { mockFargateApi } from '../../__fixtures__/fargate';
import { fargateApiRef } from '../../api';
import { EntityFargateProfilesCard } from './EntityFargateProfilesCard';

const render = (entity: Entity, api = mockFargateApi()) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [fargateApiRef, api],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <EntityProvider entity={entity}>
        <EntityFargateProfilesCard />
      </EntityProvider>
    </TestApiProvider>,
  );

describe('EntityFargateProfilesCard', () => {
  it('shows the profiles of the annotated cluster', async () => {
    const api = mockFargateApi();
    await render(
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: { name: 'eu', annotations: { 'fargatekeeper.dev/cluster': 'prod-eu' } },
      },
      api,
    );
    expect(await screen.findByTestId('profile-handmade')).toBeInTheDocument();
    expect(screen.getByText('Fargate profiles · prod-eu')).toBeInTheDocument();
    expect(api.getClusterProfiles).toHaveBeenCalledWith('prod-eu');
  });

  it('reads EKS clusters ingested by the AWS catalog module by their ARN', async () => {
    const api = mockFargateApi();
    await render(
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'staging',
          annotations: { 'amazonaws.com/arn': 'arn:aws:eks:eu-west-1:123456789012:cluster/staging' },
        },
        spec: { type: 'kubernetes-cluster', owner: 'unknown' },
      },
      api,
    );
    expect(await screen.findByText('No Fargate profiles')).toBeInTheDocument();
    expect(api.getClusterProfiles).toHaveBeenCalledWith('staging');
  });

  it('names the missing annotation on other entities', async () => {
    const api = mockFargateApi();
    await render({ apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'web' } }, api);
    expect(await screen.findByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(screen.getAllByText(/fargatekeeper\.dev\/cluster/).length).toBeGreaterThan(0);
    expect(api.getClusterProfiles).not.toHaveBeenCalled();
  });
});
