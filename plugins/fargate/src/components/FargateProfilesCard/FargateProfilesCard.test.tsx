import { ResponseError } from '@backstage/errors';
import { TestApiProvider, mockApis, renderInTestApp } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { mockFargateApi, prodEuProfiles, staging } from '../../__fixtures__/fargate';
import { fargateApiRef, type FargateApi } from '../../api';
import { FargateProfilesCard } from './FargateProfilesCard';

const render = (api: FargateApi, cluster = 'prod-eu') =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [fargateApiRef, api],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <FargateProfilesCard cluster={cluster} />
    </TestApiProvider>,
  );

describe('FargateProfilesCard', () => {
  it('shows each profile with its status, health, selectors, ownership and drift', async () => {
    await render(mockFargateApi());
    const managed = await screen.findByTestId('profile-payments-jobs-3f9a2c');
    expect(within(managed).getByText('ACTIVE')).toBeInTheDocument();
    expect(within(managed).getByText('payments')).toBeInTheDocument();
    expect(within(managed).getByText('compute=fargate')).toBeInTheDocument();
    expect(within(managed).getByText('managed')).toBeInTheDocument();
    expect(within(managed).getByText('in-sync')).toBeInTheDocument();
    expect(within(managed).getByRole('link', { name: /fargate\/payments\.yaml:1/ })).toHaveAttribute(
      'href',
      'https://github.com/acme/specs/blob/main/fargate/payments.yaml#L1',
    );

    const handmade = screen.getByTestId('profile-handmade');
    expect(within(handmade).getByText('CREATE_FAILED')).toBeInTheDocument();
    expect(
      within(handmade).getByText(/PodExecutionRoleAlreadyInUse: The role is used by another profile/),
    ).toBeInTheDocument();
    // Owner and drift both say so.
    expect(within(handmade).getAllByText('unmanaged')).toHaveLength(2);

    const missing = screen.getByTestId('profile-batch-77aa01');
    expect(within(missing).getByText('not created')).toBeInTheDocument();
    expect(within(missing).getByText('missing')).toBeInTheDocument();
    expect(within(missing).getByText('new spec')).toBeInTheDocument();
    // The drift chip's title says what the next apply does, and why.
    expect(within(missing).getByText('missing').closest('[title]')).toHaveAttribute(
      'title',
      'A spec in Git with no live profile yet. The next apply creates it. new spec',
    );
    expect(within(managed).getByText('in-sync').closest('[title]')).toHaveAttribute(
      'title',
      'Live equals its spec in Git. The next apply leaves it as it is. up to date',
    );
  });

  it('shows the findings about the cluster and where the data comes from', async () => {
    await render(mockFargateApi());
    expect(await screen.findByText(/1 finding about this cluster/)).toBeInTheDocument();
    expect(screen.getByText(/eu-west-1 · ACTIVE · 2 of 10 profiles/)).toBeInTheDocument();
  });

  it('shows the running pods per profile when the backend has pod access', async () => {
    const [payments, ...rest] = prodEuProfiles.profiles;
    const withPods = {
      ...prodEuProfiles,
      pods: { kind: 'read' as const, running: 3 },
      profiles: [{ ...payments!, runningPods: 3 }, ...rest],
    };
    await render(mockFargateApi({ getClusterProfiles: jest.fn(async () => withPods) }));
    const managed = await screen.findByTestId('profile-payments-jobs-3f9a2c');
    expect(within(managed).getByTestId('running-pods')).toHaveTextContent('3 running pods');
    expect(screen.getByText(/eu-west-1 · ACTIVE · 2 of 10 profiles · 3 running pods/)).toBeInTheDocument();
    // A profile whose pods were not counted (a spec not created yet) shows no count.
    expect(within(screen.getByTestId('profile-batch-77aa01')).queryByTestId('running-pods')).toBeNull();
  });

  it('says when the backend could not read the pods, with why on hover', async () => {
    const notRead = {
      ...prodEuProfiles,
      pods: { kind: 'not-read' as const, reason: 'ListPods in cluster prod-eu answered HTTP 403 Forbidden' },
    };
    await render(mockFargateApi({ getClusterProfiles: jest.fn(async () => notRead) }));
    expect(await screen.findByText(/pods not read/)).toHaveAttribute(
      'title',
      'ListPods in cluster prod-eu answered HTTP 403 Forbidden',
    );
    expect(screen.queryByTestId('running-pods')).toBeNull();
  });

  it('shows no pod counts without pod access', async () => {
    await render(mockFargateApi());
    await screen.findByTestId('profile-payments-jobs-3f9a2c');
    expect(screen.queryByTestId('running-pods')).toBeNull();
    expect(screen.queryByText(/running pod|pods not read/)).toBeNull();
  });

  it('says so when a cluster has no profiles', async () => {
    await render(mockFargateApi(), staging.name);
    expect(await screen.findByText('No Fargate profiles')).toBeInTheDocument();
  });

  it('shows a progress bar while loading', async () => {
    const api = mockFargateApi({ getClusterProfiles: jest.fn(() => new Promise<never>(() => {})) });
    await render(api);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'NotFoundError', message: 'Unknown cluster nope' },
        response: { statusCode: 404 },
      }),
      { status: 404, statusText: 'Not Found', headers: { 'Content-Type': 'application/json' } },
    );
    const error = await ResponseError.fromResponse(response);
    await render(mockFargateApi({ getClusterProfiles: jest.fn(async () => Promise.reject(error)) }), 'nope');
    expect(await screen.findByText(/Could not read the Fargate profiles of nope/)).toBeInTheDocument();
    expect(screen.getAllByText(/Unknown cluster nope/).length).toBeGreaterThan(0);
  });

  it('reads again on refresh', async () => {
    const api = mockFargateApi();
    await render(api);
    await screen.findByTestId('profile-handmade');
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(api.getClusterProfiles).toHaveBeenCalledTimes(2));
    expect(await screen.findAllByTestId(/^profile-/)).toHaveLength(prodEuProfiles.profiles.length);
  });
});
