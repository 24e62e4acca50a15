import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import type { OpenRequest } from '@fargatekeeper/backstage-plugin-fargate-common';
import { mockFargateApi, openRequests } from '../../__fixtures__/fargate';
import { fargateApiRef, type FargateApi } from '../../api';
import { OpenRequestsCard } from './OpenRequestsCard';

const render = (api: FargateApi) =>
  renderInTestApp(
    <TestApiProvider apis={[[fargateApiRef, api]]}>
      <OpenRequestsCard />
    </TestApiProvider>,
  );

const request = (number: number, checks: OpenRequest['checks'], state: OpenRequest['state'] = 'open'): OpenRequest => ({
  ...openRequests[0]!,
  number,
  title: `request ${number}`,
  url: `https://github.com/acme/specs/pull/${number}`,
  checks,
  state,
});

describe('OpenRequestsCard', () => {
  it('links each pull request and shows its check status', async () => {
    await render(
      mockFargateApi({
        getOpenRequests: jest.fn(async () => [
          request(1, 'success'),
          request(2, 'failure'),
          request(3, 'pending', 'draft'),
          request(4, 'none'),
        ]),
      }),
    );
    expect(await screen.findByRole('link', { name: /#1 request 1/ })).toHaveAttribute(
      'href',
      'https://github.com/acme/specs/pull/1',
    );
    expect(screen.getByText('passing')).toBeInTheDocument();
    expect(screen.getByText('failing')).toBeInTheDocument();
    expect(screen.getByText('running')).toBeInTheDocument();
    expect(screen.getByText('no checks')).toBeInTheDocument();
    expect(screen.getByText(/\(draft\)/)).toBeInTheDocument();
  });

  it('says when there are none', async () => {
    await render(mockFargateApi({ getOpenRequests: jest.fn(async () => []) }));
    expect(await screen.findByText('No open requests')).toBeInTheDocument();
  });

  it('shows why they could not be listed', async () => {
    await render(mockFargateApi({ getOpenRequests: jest.fn(() => Promise.reject(new Error('GitHub is down'))) }));
    expect(await screen.findByText(/Could not list the open requests/)).toBeInTheDocument();
  });
});
