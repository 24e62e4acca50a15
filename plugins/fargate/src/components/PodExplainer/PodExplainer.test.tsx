import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { mockFargateApi, prodEu, staging } from '../../__fixtures__/fargate';
import { fargateApiRef, type FargateApi } from '../../api';
import { PodExplainer } from './PodExplainer';

const render = (api: FargateApi) =>
  renderInTestApp(
    <TestApiProvider apis={[[fargateApiRef, api]]}>
      <PodExplainer clusters={[prodEu, staging]} />
    </TestApiProvider>,
  );

describe('PodExplainer', () => {
  it('asks only once a namespace is given', async () => {
    await render(mockFargateApi());
    expect(screen.getByRole('button', { name: 'Explain' })).toBeDisabled();
    fireEvent.change(screen.getByLabelText('Pod namespace'), { target: { value: 'batch' } });
    expect(screen.getByRole('button', { name: 'Explain' })).toBeEnabled();
  });

  it('says when a pod runs on nodes', async () => {
    const api = mockFargateApi({
      explainPod: jest.fn(async () => ({
        cluster: 'prod-eu',
        region: 'eu-west-1',
        matches: [],
        reason: 'No profile selects namespace web.',
      })),
    });
    await render(api);
    fireEvent.change(screen.getByLabelText('Pod namespace'), { target: { value: 'web' } });
    fireEvent.click(screen.getByRole('button', { name: 'Explain' }));
    expect(await screen.findByText('No Fargate profile: the pod runs on nodes')).toBeInTheDocument();
    expect(screen.getByText('No profile selects namespace web.')).toBeInTheDocument();
    expect(api.explainPod).toHaveBeenCalledWith({ cluster: 'prod-eu', namespace: 'web', labels: {} });
  });

  it('shows the backend error', async () => {
    await render(mockFargateApi({ explainPod: jest.fn(() => Promise.reject(new Error('Unknown cluster'))) }));
    fireEvent.change(screen.getByLabelText('Pod namespace'), { target: { value: 'web' } });
    fireEvent.click(screen.getByRole('button', { name: 'Explain' }));
    expect(await screen.findByText(/Could not explain/)).toBeInTheDocument();
  });
});
