import { TestApiProvider, mockApis, renderInTestApp } from '@backstage/test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { screen } from '@testing-library/react';
import { mockFargateApi, prodEu, staging } from '../../__fixtures__/fargate';
import { fargateApiRef } from '../../api';
import { RequestForm } from './RequestForm';

// A file of its own: usePermission caches answers per permission for the module's lifetime (SWR), so
// an allowed answer from another test would be served here.
describe('RequestForm without the request permission', () => {
  it('is disabled and says why', async () => {
    const api = mockFargateApi();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [fargateApiRef, api],
          [permissionApiRef, mockApis.permission({ authorize: AuthorizeResult.DENY })],
        ]}
      >
        <RequestForm clusters={[prodEu, staging]} />
      </TestApiProvider>,
    );
    expect(await screen.findByTestId('request-denied')).toHaveTextContent('fargate.profile.request');
    expect(screen.getByLabelText('Name')).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Request profile' })).toBeDisabled();
    expect(screen.getByRole('button', { name: /Add selector/ })).toBeDisabled();
    expect(api.submitRequest).not.toHaveBeenCalled();
  });
});
