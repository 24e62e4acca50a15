import type { Entity } from '@backstage/catalog-model';
import { createExtensionTester, mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import CloudIcon from '@material-ui/icons/Cloud';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
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
    expect(fargatePlugin.getExtension('entity-card:fargate/profiles')).toMatchObject({
      kind: 'entity-card',
      name: 'profiles',
    });
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

  it('adds a "Fargate" sidebar item with its icon, linking to /fargate, by being installed alone', async () => {
    renderTestApp({
      features: [fargatePlugin],
      initialRouteEntries: ['/'],
      apis: [
        [fargateApiRef, mockFargateApi()],
        [permissionApiRef, mockApis.permission()],
      ],
    });
    const nav = await screen.findByRole('navigation');
    const item = within(nav).getByRole('link', { name: 'Fargate' });
    expect(item).toHaveAttribute('href', '/fargate');
    const icon = item.querySelector('svg');
    const { container: expected } = render(<CloudIcon />);
    expect(icon?.innerHTML).toBe(expected.querySelector('svg')!.innerHTML);

    await userEvent.click(item);
    expect(await screen.findByTestId('profile-payments-jobs-3f9a2c')).toBeInTheDocument();
  });

  it('gives the plugin the title and icon the app nav and page header use', () => {
    expect(fargatePlugin.title).toBe('Fargate');
    expect(fargatePlugin.icon).toEqual(<CloudIcon />);
  });
});
