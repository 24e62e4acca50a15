import { TestApiProvider, mockApis, renderInTestApp } from '@backstage/test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { screen } from '@testing-library/react';
import { mockFargateApi, prodEu, prodEuProfiles } from '../../__fixtures__/fargate';
import { fargateApiRef } from '../../api';
import { ProfileActions } from './ProfileActions';

// A file of its own: usePermission caches answers per permission and resource for the module's lifetime.
describe('ProfileActions under a policy that allows owners only', () => {
  it('asks per profile and shows only what the policy allows', async () => {
    const asked: unknown[] = [];
    const permission = mockApis.permission({
      authorize: request => {
        asked.push([request.permission.name, request.resourceRef]);
        return request.permission.name === 'fargate.profile.delete' ? AuthorizeResult.DENY : AuthorizeResult.ALLOW;
      },
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [fargateApiRef, mockFargateApi()],
          [permissionApiRef, permission],
        ]}
      >
        <ProfileActions profile={prodEuProfiles.profiles[0]!} cluster={prodEu} />
      </TestApiProvider>,
    );
    expect(await screen.findByRole('button', { name: 'Change payments-jobs' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete payments-jobs' })).not.toBeInTheDocument();
    expect(asked).toEqual(
      expect.arrayContaining([
        ['fargate.profile.change', 'prod-eu/payments-jobs'],
        ['fargate.profile.delete', 'prod-eu/payments-jobs'],
      ]),
    );
  });
});
