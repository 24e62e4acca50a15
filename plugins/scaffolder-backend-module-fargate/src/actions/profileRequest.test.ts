import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports -- the fargate backend's own test backend: the GitHub stand-in and a simulated account
import { startFargateTestBackend } from '../../../fargate-backend/src/__testUtils__/testBackend';
import { createFargateProfileRequestAction, profileRequestOf } from './profileRequest';

type Backend = Awaited<ReturnType<typeof startFargateTestBackend>>;

const searchApi = {
  cluster: 'prod-eu',
  name: 'search-api',
  selectors: [{ namespace: 'search', labels: { app: 'api' } }],
  subnets: ['subnet-a', 'subnet-b'],
  tags: { owner: 'group:default/search' },
  reason: 'Search API moves to Fargate',
};

describe('fargate:profile:request', () => {
  let backend: Backend;
  let action: ReturnType<typeof createFargateProfileRequestAction>;
  beforeEach(async () => {
    backend = await startFargateTestBackend();
    action = createFargateProfileRequestAction({ fargate: backend.client });
  });
  afterEach(() => backend.stop());

  it('opens a pull request with the spec and outputs its URL, number and plan', async () => {
    const ctx = createMockActionContext({ input: searchApi });
    await action.handler(ctx);

    expect(backend.github.pulls).toHaveLength(1);
    const [pull] = backend.github.pulls;
    expect(pull!.head).toMatch(/^fargatekeeper\/request\/prod-eu\/search-api-[0-9a-f]{12}$/);
    // The requester is the template's user, acting through the scaffolder.
    expect(pull!.body).toContain(mockCredentials.user().principal.userEntityRef);
    const outputs = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
    expect(outputs).toEqual({
      pullRequestUrl: expect.stringMatching(/^https:\/\/github\.com\/acme\/fargate-specs\/pull\/1$/),
      pullRequestNumber: 1,
      deduplicated: false,
      planMarkdown: expect.stringContaining('search-api'),
      file: 'fargate/prod-eu/search-api.yaml',
      fileAction: 'create',
    });
    expect(pull!.body).toContain(outputs.planMarkdown.split('\n')[0]);
    const [put] = backend.github.callsTo('PUT', /\/contents\/fargate\/prod-eu\/search-api\.yaml$/);
    expect(Buffer.from(String(put!.body.content), 'base64').toString('utf8')).toContain('namespace: search');
  });

  it('gives a second identical run the same pull request', async () => {
    await action.handler(createMockActionContext({ input: searchApi }));
    const again = createMockActionContext({ input: { ...searchApi, reason: 'asked twice' } });
    await action.handler(again);
    expect(backend.github.pulls).toHaveLength(1);
    expect(again.output).toHaveBeenCalledWith('deduplicated', true);
    expect(again.output).toHaveBeenCalledWith('pullRequestNumber', 1);
  });

  it('opens nothing in a dry run, and outputs and logs the plan', async () => {
    const logger = mockServices.logger.mock();
    // The mock context takes no isDryRun of its own.
    const ctx = { ...createMockActionContext({ input: searchApi, logger }), isDryRun: true };
    await action.handler(ctx);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Dry run: the create request of search-api on prod-eu would open a pull request with this plan:\n### fargatekeeper plan/,
      ),
    );

    expect(backend.github.pulls).toEqual([]);
    expect(backend.github.callsTo('PUT', /./)).toEqual([]);
    expect(backend.github.callsTo('POST', /./)).toEqual([]);
    const outputs = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
    expect(Object.keys(outputs).sort()).toEqual(['file', 'fileAction', 'planMarkdown']);
    expect(outputs.planMarkdown).toMatch(/search-api/);
    expect(outputs.planMarkdown).toContain('Plan: 1 to create, 0 to replace, 0 to delete');
  });

  it('names the field core rejects, and opens nothing', async () => {
    const ctx = createMockActionContext({ input: { ...searchApi, name: 'Search_API' } });
    await expect(action.handler(ctx)).rejects.toThrow(/^Invalid input to fargate:profile:request: name: /);
    expect(backend.github.pulls).toEqual([]);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('names the field core rejects in a dry run too', async () => {
    const selectors = [
      { namespace: 'search', labels: { app: 'api' } },
      ...Array.from({ length: 5 }, (_, i) => ({ namespace: `ns-${i}` })),
    ];
    const ctx = { ...createMockActionContext({ input: { ...searchApi, selectors } }), isDryRun: true };
    await expect(action.handler(ctx)).rejects.toThrow(
      /^Invalid input to fargate:profile:request: selectors\[5\]: a profile takes at most 5 selectors/,
    );
    expect(backend.github.pulls).toEqual([]);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('names the field of a malformed input, as the backend checks its shape', async () => {
    // A direct caller's input, unchecked by the scaffolder's JSON schema.
    const input = { ...searchApi, selectors: [{ namespace: 'search', labels: { app: 42 as unknown as string } }] };
    const ctx = createMockActionContext({ input });
    await expect(action.handler(ctx)).rejects.toThrow(
      /Invalid input to fargate:profile:request: selectors\[0\]\.labels\.app: /,
    );
  });
});

describe('fargate:profile:request without the request permission', () => {
  it('fails with the backend’s refusal, and opens nothing', async () => {
    const backend = await startFargateTestBackend({ deny: ['fargate.profile.request'] });
    try {
      const ctx = createMockActionContext({ input: searchApi });
      await expect(createFargateProfileRequestAction({ fargate: backend.client }).handler(ctx)).rejects.toThrow(
        /\(403\): you lack the permission fargate\.profile\.request/,
      );
      expect(backend.github.pulls).toEqual([]);
    } finally {
      await backend.stop();
    }
  });
});

describe('the action input as a request', () => {
  it('is a create by default, with the default role for a blank one', () => {
    expect(profileRequestOf({ ...searchApi, podExecutionRoleArn: ' ' })).toEqual({
      kind: 'create',
      cluster: 'prod-eu',
      name: 'search-api',
      selectors: [{ namespace: 'search', labels: { app: 'api' } }],
      subnets: ['subnet-a', 'subnet-b'],
      tags: { owner: 'group:default/search' },
      reason: 'Search API moves to Fargate',
    });
  });

  it('needs selectors for a create or a change', () => {
    const { selectors: _selectors, ...noSelectors } = searchApi;
    expect(() => profileRequestOf({ ...noSelectors, kind: 'change' })).toThrow(
      'selectors: required for a change request',
    );
  });

  it('takes only cluster, name and reason for a delete', () => {
    expect(profileRequestOf({ kind: 'delete', cluster: 'prod-eu', name: 'reports', reason: 'gone' })).toEqual({
      kind: 'delete',
      cluster: 'prod-eu',
      name: 'reports',
      reason: 'gone',
    });
    expect(() => profileRequestOf({ ...searchApi, kind: 'delete' })).toThrow(
      /selectors: a delete request takes only.*subnets: .*tags: /,
    );
  });
});
