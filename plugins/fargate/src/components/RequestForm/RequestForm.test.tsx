import { ResponseError } from '@backstage/errors';
import { TestApiProvider, mockApis, renderInTestApp } from '@backstage/test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  changePreview,
  mockFargateApi,
  planPreview,
  prodEu,
  prodEuProfiles,
  staging,
} from '../../__fixtures__/fargate';
import { fargateApiRef, type FargateApi } from '../../api';
import { RequestForm } from './RequestForm';

const render = (api: FargateApi) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [fargateApiRef, api],
        [permissionApiRef, mockApis.permission({ authorize: AuthorizeResult.ALLOW })],
      ]}
    >
      <RequestForm clusters={[prodEu, staging]} />
    </TestApiProvider>,
  );

const type = (label: string | RegExp, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

async function fillValidRequest() {
  type('Name', 'payments-api');
  type('Selector 1 namespace', 'payments');
  fireEvent.click(screen.getByRole('button', { name: /Add label/ }));
  type('Selector 1 label 1 key', 'app');
  type('Selector 1 label 1 value', 'api');
  type('Reason', 'The payments API moves to Fargate.');
}

describe('RequestForm', () => {
  it('shows core validation messages as the user types, and clears them when fixed', async () => {
    await render(mockFargateApi());
    type('Name', 'Payments_API');
    expect(await screen.findByText(/is not a valid spec name/)).toBeInTheDocument();
    expect(screen.getByText(/try `payments-api`/)).toBeInTheDocument();
    type('Name', 'payments-api');
    await waitFor(() => expect(screen.queryByText(/is not a valid spec name/)).not.toBeInTheDocument());
  });

  it('previews the plan once the request is valid, and submits it as a pull request', async () => {
    const api = mockFargateApi();
    await render(api);
    await fillValidRequest();

    const preview = await screen.findByTestId('plan-preview', {}, { timeout: 3000 });
    expect(within(preview).getByText(/Plan: 1 to create/)).toBeInTheDocument();
    // The cluster's other pending changes: one folded line, after the request's own plan.
    const others = within(preview).getByText(/other pending change in/);
    expect(others.closest('details')).not.toHaveAttribute('open');
    expect(others.closest('details')).toHaveTextContent('create batch-77aa01: new spec');
    // MarkdownContent sanitises: HTML in the Markdown loses its scripts and event handlers.
    expect(preview.querySelector('[onerror]')).toBeNull();
    expect(api.previewPlan).toHaveBeenLastCalledWith(
      {
        kind: 'create',
        cluster: 'prod-eu',
        name: 'payments-api',
        selectors: [{ namespace: 'payments', labels: { app: 'api' } }],
        subnets: ['subnet-0a1', 'subnet-0b2'],
        tags: {},
      },
      expect.anything(),
    );

    // Typing quickly asks for one preview, after the pause.
    expect(api.previewPlan).toHaveBeenCalledTimes(1);

    fireEvent.click(screen.getByRole('button', { name: 'Request profile' }));
    const done = await screen.findByTestId('request-submitted');
    expect(within(done).getByRole('link', { name: /#43/ })).toHaveAttribute(
      'href',
      'https://github.com/acme/specs/pull/43',
    );
    expect(api.submitRequest).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'payments-api', reason: 'The payments API moves to Fargate.' }),
    );
  });

  it("puts the backend's live findings about the request next to their fields", async () => {
    const api = mockFargateApi({
      previewPlan: jest.fn(async () => ({
        ...planPreview,
        valid: false,
        diagnostics: [
          {
            severity: 'error' as const,
            code: 'live.subnet-public',
            message: 'subnet-0b2 routes to an internet gateway: Fargate pods need private subnets',
            path: 'spec.subnets[1]',
            source: { file: planPreview.file, line: 9, column: 5 },
          },
        ],
      })),
    });
    await render(api);
    await fillValidRequest();
    const finding = await screen.findAllByText(/subnet-0b2 routes to an internet gateway/, {}, { timeout: 3000 });
    // Once next to the subnets, once in the preview's list of findings.
    expect(finding).toHaveLength(2);
    expect(screen.getByText(/The request cannot be planned as it is/)).toBeInTheDocument();
  });

  it('shows a refused preview and puts its field errors next to the fields', async () => {
    const response = new Response(
      JSON.stringify({
        error: {
          name: 'InputError',
          message: 'Invalid request',
          fields: [{ path: 'subnets[0]', message: 'Unknown subnet subnet-0a1.' }],
        },
        response: { statusCode: 400 },
      }),
      { status: 400, statusText: 'Bad Request', headers: { 'Content-Type': 'application/json' } },
    );
    const error = await ResponseError.fromResponse(response);
    await render(mockFargateApi({ previewPlan: jest.fn(() => Promise.reject(error)) }));
    await fillValidRequest();
    expect(await screen.findByText(/Could not preview the plan/, {}, { timeout: 3000 })).toBeInTheDocument();
    expect(screen.getByText('Unknown subnet subnet-0a1.')).toBeInTheDocument();
  });

  it('does not submit a request with errors, and shows every message', async () => {
    const api = mockFargateApi();
    await render(api);
    fireEvent.click(screen.getByRole('button', { name: 'Request profile' }));
    expect(await screen.findByText(/has no namespace/)).toBeInTheDocument();
    expect(screen.getByText('Say why the profile is needed: reviewers read it.')).toBeInTheDocument();
    expect(api.submitRequest).not.toHaveBeenCalled();
  });

  it('disables adding selectors and labels at the EKS limits and says why', async () => {
    await render(mockFargateApi());
    const addSelector = screen.getByRole('button', { name: /Add selector/ });
    for (let i = 0; i < 4; i++) fireEvent.click(addSelector);
    expect(screen.getAllByTestId(/^selector-/)).toHaveLength(5);
    expect(addSelector).toBeDisabled();
    expect(screen.getByText('EKS allows at most 5 selectors per profile.')).toBeInTheDocument();

    const firstSelector = within(screen.getByTestId('selector-0'));
    const addLabel = firstSelector.getByRole('button', { name: /Add label/ });
    for (let i = 0; i < 5; i++) fireEvent.click(addLabel);
    expect(addLabel).toBeDisabled();
    expect(firstSelector.getByText('EKS allows at most 5 labels per selector.')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Remove selector 5' }));
    expect(addSelector).toBeEnabled();
  });

  it('offers only the private subnets of the chosen cluster', async () => {
    await render(mockFargateApi());
    expect(screen.getByRole('checkbox', { name: /subnet-0a1/ })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: /subnet-0pub/ })).toBeDisabled();
    expect(screen.getByText(/public, not allowed/)).toBeInTheDocument();
  });

  it('asks for a role ARN when an existing role is chosen and checks it with core', async () => {
    await render(mockFargateApi());
    fireEvent.click(screen.getByRole('radio', { name: 'An existing role' }));
    type('Role ARN', 'not-an-arn');
    expect(await screen.findByText(/arn/i, { selector: 'p.Mui-error' })).toBeInTheDocument();
  });

  it('shows the server error and its field messages when the request is refused', async () => {
    const response = new Response(
      JSON.stringify({
        error: {
          name: 'InputError',
          message: 'The request is not valid',
          fields: [{ path: 'name', message: 'A spec named payments-api exists already on prod-eu.' }],
        },
        response: { statusCode: 400 },
      }),
      { status: 400, statusText: 'Bad Request', headers: { 'Content-Type': 'application/json' } },
    );
    const error = await ResponseError.fromResponse(response);
    const api = mockFargateApi({ submitRequest: jest.fn(() => Promise.reject(error)) });
    await render(api);
    await fillValidRequest();
    fireEvent.click(screen.getByRole('button', { name: 'Request profile' }));
    expect(await screen.findByText(/The request was not accepted/)).toBeInTheDocument();
    expect(screen.getByText('A spec named payments-api exists already on prod-eu.')).toBeInTheDocument();
    expect(screen.queryByTestId('request-submitted')).not.toBeInTheDocument();
  });
});

describe('RequestForm at the quota', () => {
  it('offers to add the selectors to a profile the backend suggests, as a change of its spec', async () => {
    const payments = prodEuProfiles.profiles[0]!.desired!;
    const joined = [...payments.selectors, { namespace: 'payments', labels: { app: 'api' } }];
    const quota = {
      severity: 'error' as const,
      code: 'live.quota-exceeded',
      message: 'cluster `prod-eu` would have 11 Fargate profiles; the quota is 10',
      path: 'metadata.name',
      suggestion: {
        kind: 'join-profile' as const,
        newSpec: 'payments-api',
        spec: 'payments-jobs',
        profile: 'payments-jobs-3f9a2c',
        added: [{ namespace: 'payments', labels: { app: 'api' } }],
        selectors: joined,
        file: 'fargate/payments.yaml',
        document: 0,
        path: 'spec.selectors',
        editedSpec: '',
        order: 'create-before-delete' as const,
      },
    };
    const api = mockFargateApi({
      previewPlan: jest.fn(async (proposal: { kind: string }) =>
        proposal.kind === 'create' ? { ...planPreview, valid: false, diagnostics: [quota] } : changePreview,
      ),
    });
    await render(api);
    await fillValidRequest();
    const offer = await screen.findByTestId('join-suggestions', {}, { timeout: 3000 });
    fireEvent.click(within(offer).getByRole('button', { name: 'Add my selectors to payments-jobs' }));

    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Change Fargate profile payments-jobs')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Selector 2 namespace')).toHaveValue('payments');
    expect(within(dialog).getByLabelText('Reason')).toHaveValue('The payments API moves to Fargate.');
    await waitFor(
      () =>
        expect(api.previewPlan).toHaveBeenLastCalledWith(
          expect.objectContaining({ kind: 'change', name: 'payments-jobs', selectors: joined }),
          expect.anything(),
        ),
      { timeout: 3000 },
    );
  });
});
