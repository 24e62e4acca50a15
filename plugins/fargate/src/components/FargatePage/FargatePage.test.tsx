import { TestApiProvider, mockApis, renderInTestApp } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { fireEvent, screen, within } from '@testing-library/react';
import { mockFargateApi } from '../../__fixtures__/fargate';
import { fargateApiRef, type FargateApi } from '../../api';
import { FargatePage } from './FargatePage';

const render = (api: FargateApi) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [fargateApiRef, api],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <FargatePage />
    </TestApiProvider>,
  );

describe('FargatePage', () => {
  it('shows every cluster with its profiles, the open requests and the request form', async () => {
    const api = mockFargateApi();
    await render(api);
    const prod = await screen.findByTestId('cluster-prod-eu');
    expect(await within(prod).findByTestId('profile-payments-jobs-3f9a2c')).toBeInTheDocument();
    const staging = screen.getByTestId('cluster-staging');
    expect(await within(staging).findByText('No Fargate profiles')).toBeInTheDocument();

    const request = await screen.findByRole('link', { name: /#42 Fargate profile payments-api on prod-eu/ });
    expect(request).toHaveAttribute('href', 'https://github.com/acme/specs/pull/42');
    expect(screen.getByText('failing')).toBeInTheDocument();
    expect(screen.getByText('portal-bot')).toBeInTheDocument();

    expect(screen.getByRole('form', { name: 'Request a Fargate profile' })).toBeInTheDocument();
  });

  it('explains which profile takes a pod, and why', async () => {
    const api = mockFargateApi();
    await render(api);
    const explainer = within(await screen.findByTestId('pod-explainer'));
    fireEvent.change(explainer.getByLabelText('Pod namespace'), { target: { value: 'payments' } });
    fireEvent.click(explainer.getByRole('button', { name: /Add label/ }));
    fireEvent.change(screen.getByLabelText('Pod label 1 key'), { target: { value: 'compute' } });
    fireEvent.change(screen.getByLabelText('Pod label 1 value'), { target: { value: 'fargate' } });
    fireEvent.click(screen.getByRole('button', { name: 'Explain' }));

    const result = await screen.findByTestId('explain-result');
    expect(result).toHaveTextContent('Fargate profile batch-77aa01');
    expect(result).toHaveTextContent('EKS takes batch-77aa01, the first by name');
    expect(within(result).getAllByRole('listitem')).toHaveLength(2);
    expect(api.explainPod).toHaveBeenCalledWith({
      cluster: 'prod-eu',
      namespace: 'payments',
      labels: { compute: 'fargate' },
    });
  });

  it('says what to do when no cluster is configured', async () => {
    await render(mockFargateApi({ getClusters: jest.fn(async () => []) }));
    expect(await screen.findByText('No clusters configured')).toBeInTheDocument();
  });

  it('shows why the clusters could not be listed', async () => {
    await render(mockFargateApi({ getClusters: jest.fn(() => Promise.reject(new Error('backend down'))) }));
    expect(await screen.findByText(/Could not list the clusters/)).toBeInTheDocument();
  });
});
