import { TestApiProvider, mockApis, renderInTestApp } from '@backstage/test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { changePreview, deletePreview, mockFargateApi, prodEu, prodEuProfiles } from '../../__fixtures__/fargate';
import { fargateApiRef, type FargateApi } from '../../api';
import { ProfileActions } from './ProfileActions';

const [payments, handmade] = prodEuProfiles.profiles;
const permission = mockApis.permission({ authorize: AuthorizeResult.ALLOW });

const render = (api: FargateApi, profile = payments!) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [fargateApiRef, api],
        [permissionApiRef, permission],
      ]}
    >
      <ProfileActions profile={profile} cluster={prodEu} />
    </TestApiProvider>,
  );

describe('ProfileActions', () => {
  it('offers no request for a profile without a spec in Git', async () => {
    await render(mockFargateApi(), handmade);
    expect(screen.queryByRole('button', { name: /Change|Delete/ })).not.toBeInTheDocument();
  });

  it('changes a profile: the form starts from its spec, previews the change, and opens a pull request', async () => {
    const api = mockFargateApi({
      previewPlan: jest.fn(async () => changePreview),
      submitRequest: jest.fn(async () => ({
        pullRequest: { number: 44, url: 'https://github.com/acme/specs/pull/44' },
        deduplicated: false,
        branch: 'fargatekeeper/change/prod-eu/payments-jobs-0a1b2c3d4e5f',
        file: 'fargate/payments.yaml',
        fileAction: 'update' as const,
        planMarkdown: changePreview.markdown,
      })),
    });
    await render(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Change payments-jobs' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Change Fargate profile payments-jobs')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Name')).toHaveValue('payments-jobs');
    expect(within(dialog).getByLabelText('Name')).toBeDisabled();
    expect(within(dialog).getByLabelText('Selector 1 namespace')).toHaveValue('payments');
    expect(within(dialog).getByText(/appears once a field differs from the spec in Git/)).toBeInTheDocument();
    expect(api.previewPlan).not.toHaveBeenCalled();

    fireEvent.click(within(dialog).getByRole('button', { name: /Add tag/ }));
    fireEvent.change(within(dialog).getByLabelText('Tag 1 key'), { target: { value: 'team' } });
    fireEvent.change(within(dialog).getByLabelText('Tag 1 value'), { target: { value: 'payments' } });
    fireEvent.change(within(dialog).getByLabelText('Reason'), { target: { value: 'Cost reports by team.' } });
    const preview = await within(dialog).findByTestId('plan-preview', {}, { timeout: 3000 });
    expect(within(preview).getByText(/1 to retag/)).toBeInTheDocument();
    expect(within(preview).getByText(/edited in place/)).toBeInTheDocument();
    expect(api.previewPlan).toHaveBeenLastCalledWith(
      {
        kind: 'change',
        cluster: 'prod-eu',
        name: 'payments-jobs',
        selectors: [{ namespace: 'payments', labels: { compute: 'fargate' } }],
        subnets: ['subnet-0a1'],
        tags: { team: 'payments' },
      },
      expect.anything(),
    );

    fireEvent.click(within(dialog).getByRole('button', { name: 'Request change' }));
    const done = await within(dialog).findByTestId('request-submitted');
    expect(within(done).getByRole('link', { name: /#44/ })).toHaveAttribute(
      'href',
      'https://github.com/acme/specs/pull/44',
    );
    expect(api.submitRequest).toHaveBeenCalledWith(
      expect.objectContaining({ kind: 'change', name: 'payments-jobs', reason: 'Cost reports by team.' }),
    );
  });

  it('asks for a reason and a confirmation before it requests a removal, and shows the plan of it', async () => {
    const api = mockFargateApi({
      previewPlan: jest.fn(async () => deletePreview),
      submitRequest: jest.fn(async () => ({
        pullRequest: { number: 45, url: 'https://github.com/acme/specs/pull/45' },
        deduplicated: true,
        branch: 'fargatekeeper/delete/prod-eu/payments-jobs-0a1b2c3d4e5f',
        file: 'fargate/payments.yaml',
        fileAction: 'delete' as const,
        planMarkdown: deletePreview.markdown,
      })),
    });
    await render(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Delete payments-jobs' }));
    const dialog = await screen.findByRole('dialog');
    const preview = await within(dialog).findByTestId('plan-preview');
    expect(within(preview).getByText(/1 to delete/)).toBeInTheDocument();
    expect(within(preview).getByText(/removed: the spec is its only one/)).toBeInTheDocument();
    expect(api.previewPlan).toHaveBeenCalledWith({ kind: 'delete', cluster: 'prod-eu', name: 'payments-jobs' });

    const confirm = within(dialog).getByRole('button', { name: 'Request removal' });
    expect(confirm).toBeDisabled();
    fireEvent.change(within(dialog).getByLabelText('Reason for the removal'), {
      target: { value: 'The jobs moved to nodes.' },
    });
    await waitFor(() => expect(confirm).toBeEnabled());
    fireEvent.click(confirm);
    const done = await within(dialog).findByTestId('request-submitted');
    // An identical removal was requested already: its pull request is the answer.
    expect(done).toHaveTextContent('The same request is open already: pull request #45');
    expect(api.submitRequest).toHaveBeenCalledWith({
      kind: 'delete',
      cluster: 'prod-eu',
      name: 'payments-jobs',
      reason: 'The jobs moved to nodes.',
    });
  });
});
