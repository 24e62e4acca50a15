import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { parseSpecFiles, SimulatedAccount } from '@fargatekeeper/core';
import request from 'supertest';
import { failures } from './__testUtils__/githubStandIn';
import { startFargateTestBackend, withFargateTestBackend, type FargateTestBackend } from './__testUtils__/testBackend';
import { liveNameOf, ROLE_ARN, SPEC_FILES, searchApiProposal, simState } from './__testUtils__/world';
import { REQUEST_MARKER } from './service/pullRequest';

const proposal = searchApiProposal;

describe('fargate backend routes', () => {
  let backend: FargateTestBackend;
  beforeEach(async () => {
    backend = await startFargateTestBackend();
  });
  afterEach(() => backend.stop());

  describe('GET /clusters', () => {
    it('lists every configured cluster with status, subnets (private or not) and profile counts', async () => {
      const res = await request(backend.server).get('/api/fargate/clusters');
      expect(res.status).toBe(200);
      const [prod, staging, gone] = res.body.clusters;
      expect(prod).toEqual({
        name: 'prod-eu',
        region: 'eu-west-1',
        accountId: '123456789012',
        status: 'ACTIVE',
        vpcId: 'vpc-main',
        subnets: [
          { id: 'subnet-a', availabilityZone: 'eu-west-1a', private: true },
          { id: 'subnet-b', availabilityZone: 'eu-west-1b', private: true },
          { id: 'subnet-pub', availabilityZone: 'eu-west-1a', private: false },
        ],
        profileCount: 4,
        profileQuota: 10,
      });
      expect(staging).toMatchObject({ name: 'staging', status: 'ACTIVE', profileCount: 0 });
      expect(gone).toEqual({
        name: 'gone',
        region: 'eu-west-1',
        subnets: [],
        error: "cluster 'gone' was not found in eu-west-1",
      });
    });
  });

  describe('GET /clusters/:cluster/profiles', () => {
    it('joins live profiles with their specs and says how each drifts', async () => {
      const res = await request(backend.server).get('/api/fargate/clusters/prod-eu/profiles');
      expect(res.status).toBe(200);
      const byName = Object.fromEntries(res.body.profiles.map((p: any) => [p.name, p]));
      expect(Object.keys(byName)).toEqual(
        [
          liveNameOf('checkout'),
          'handmade',
          'old-batch-0a1b2c3d',
          liveNameOf('payments-jobs'),
          liveNameOf('reports'),
        ].sort(),
      );
      const payments = byName[liveNameOf('payments-jobs')];
      expect(payments).toMatchObject({ managed: true, drift: 'in-sync', live: { status: 'ACTIVE' } });
      expect(payments.desired).toEqual({
        spec: 'payments-jobs',
        podExecutionRoleArn: ROLE_ARN,
        subnets: ['subnet-a', 'subnet-b'],
        selectors: [{ namespace: 'payments', labels: { compute: 'fargate' } }],
        tags: { team: 'payments' },
        source: { file: 'fargate/prod-eu/payments.yaml', line: 1, format: 'native' },
        url: 'https://github.com/acme/fargate-specs/blob/main/fargate/prod-eu/payments.yaml#L1',
      });
      expect(byName[liveNameOf('checkout')]).toMatchObject({
        drift: 'drifted',
        operation: 'retag',
        driftReason: '`tags.team` changed',
        desired: { spec: 'checkout', source: { line: 14 } },
        changes: [
          expect.objectContaining({
            path: 'tags.team',
            before: 'someone-else',
            after: 'shop',
            forcesReplacement: false,
          }),
        ],
      });
      expect(byName['old-batch-0a1b2c3d']).toMatchObject({
        managed: true,
        drift: 'orphaned',
        operation: 'delete-profile',
        driftReason: 'spec `old-batch` removed from Git',
      });
      expect(byName['old-batch-0a1b2c3d'].desired).toBeUndefined();
      expect(byName.handmade).toMatchObject({ managed: false, drift: 'unmanaged' });
      expect(byName[liveNameOf('reports')]).toMatchObject({ drift: 'missing', desired: { spec: 'reports' } });
      expect(byName[liveNameOf('reports')].live).toBeUndefined();
      expect(res.body.cluster).toMatchObject({ name: 'prod-eu', status: 'ACTIVE' });
      expect(Date.parse(res.body.readAt)).not.toBeNaN();
    });

    it('keeps the profiles of specs that fail to parse from looking orphaned', async () => {
      await withFargateTestBackend(
        {
          specFiles: {
            ...SPEC_FILES,
            // A document the parser cannot even name: any spec might be in it, so no delete is planned.
            'fargate/prod-eu/broken.yaml': 'apiVersion: fargatekeeper.dev/v1\nkind: FargateProfile\nmetadata: [\n',
          },
        },
        async broken => {
          const res = await request(broken.server).get('/api/fargate/clusters/prod-eu/profiles').expect(200);
          const byName = Object.fromEntries(res.body.profiles.map((p: any) => [p.name, p]));
          expect(byName['old-batch-0a1b2c3d']).toMatchObject({ managed: true, drift: 'unknown' });
          expect(byName['old-batch-0a1b2c3d'].operation).toBeUndefined();
          expect(res.body.diagnostics).toContainEqual(
            expect.objectContaining({
              severity: 'error',
              source: expect.objectContaining({ file: 'fargate/prod-eu/broken.yaml' }),
            }),
          );
        },
      );
    });

    it('shows a configured cluster that AWS does not know with its error and no profiles', async () => {
      const res = await request(backend.server).get('/api/fargate/clusters/gone/profiles');
      expect(res.status).toBe(200);
      expect(res.body.cluster.error).toBe("cluster 'gone' was not found in eu-west-1");
      expect(res.body.profiles).toEqual([]);
    });

    it('answers 404 for a cluster that is not configured', async () => {
      const res = await request(backend.server).get('/api/fargate/clusters/nope/profiles');
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ name: 'NotFoundError', message: "no cluster named 'nope' is configured" });
    });
  });

  describe('POST /plan', () => {
    it('validates and plans a proposed profile beside the cluster’s specs', async () => {
      const res = await request(backend.server).post('/api/fargate/plan').send(proposal);
      expect(res.status).toBe(200);
      expect(res.body.valid).toBe(true);
      expect(res.body.diagnostics.filter((d: any) => d.severity === 'error')).toEqual([]);
      expect(res.body.file).toBe('fargate/prod-eu/search-api.yaml');
      const creates = res.body.plan.operations.filter((o: any) => o.kind === 'create');
      expect(creates.map((o: any) => o.spec).sort()).toEqual(['reports', 'search-api']);
      expect(res.body.plan.summary).toMatchObject({
        create: 2,
        retag: 1,
        'delete-profile': 1,
        'no-op': 1,
        unmanaged: 1,
        roleDeletes: 0,
      });
      // The request's own effect, apart from what prod-eu has pending anyway.
      expect(res.body.operations).toEqual([
        {
          kind: 'create',
          cluster: 'prod-eu',
          region: 'eu-west-1',
          spec: 'search-api',
          profile: expect.stringMatching(/^search-api-[0-9a-f]+$/),
          reason: 'new spec',
          fields: expect.arrayContaining([{ path: 'tags.team', after: 'search', forcesReplacement: false }]),
          source: { file: 'fargate/prod-eu/search-api.yaml', line: 1 },
        },
      ]);
      expect(res.body.otherOperations.map((o: any) => [o.kind, o.spec]).sort()).toEqual([
        ['create', 'reports'],
        ['delete-profile', 'old-batch'],
        ['retag', 'checkout'],
      ]);
      const [own, others] = res.body.markdown.split(
        '<details><summary>3 other pending changes in <code>prod-eu</code>, not part of this request</summary>',
      );
      expect(own).toContain('**Plan: 1 to create, 0 to replace, 0 to delete**');
      expect(own).toContain('search-api');
      expect(own).not.toMatch(/reports|checkout|old-batch|handmade/);
      expect(others).toContain(
        `create \`${liveNameOf('reports')}\`: new spec [\`fargate/prod-eu/reports.yaml:1\`](https://github.com/acme/fargate-specs/blob/main/fargate/prod-eu/reports.yaml#L1)`,
      );
      expect(others).toContain('retag (in place) `checkout-');
      expect(others).toContain('delete `old-batch-0a1b2c3d`');
      // The file parses back to exactly the proposal.
      const [spec] = parseSpecFiles([{ path: res.body.file, content: res.body.content }]).specs;
      expect(spec).toMatchObject({ ...proposal, region: 'eu-west-1' });
    });

    it('shows the overlaps the proposal causes, not those the cluster has anyway, naming the winner explain names', async () => {
      const res = await request(backend.server)
        .post('/api/fargate/plan')
        .send({ ...proposal, selectors: [{ namespace: 'payments', labels: { compute: 'fargate' } }] });
      expect(res.status).toBe(200);
      // One region, three profiles, one winner: the same as the explainer's for a pod in it.
      const region =
        /^pods in `payments` with `compute=fargate` match `handmade`, `payments-jobs-[0-9a-f]+` and `search-api-[0-9a-f]+`; EKS picks `handmade` \(first by name\)$/;
      expect(res.body.diagnostics.map((d: any) => [d.severity, d.code, d.source?.file, d.message])).toEqual([
        // The region of payments-jobs' pods gains a loser: the proposal.
        ['warning', 'overlap.selectors', 'fargate/prod-eu/payments.yaml', expect.stringMatching(region)],
        [
          'warning',
          'overlap.never-wins',
          'fargate/prod-eu/search-api.yaml',
          expect.stringMatching(
            /^profile `search-api-[0-9a-f]+` can never take a pod: every pod its selectors match also matches `handmade`, which sorts first$/,
          ),
        ],
        ['warning', 'overlap.selectors', 'fargate/prod-eu/search-api.yaml', expect.stringMatching(region)],
        // The proposal's own selector is one that an unmanaged profile wins: drift it causes.
        [
          'warning',
          'plan.hijacked',
          'fargate/prod-eu/search-api.yaml',
          '`handmade` (not managed) takes pods that spec `search-api` selects (namespace `payments` with `compute=fargate`): EKS picks `handmade` first by name',
        ],
      ]);
      const explained = await request(backend.server)
        .post('/api/fargate/explain')
        .send({ cluster: 'prod-eu', namespace: 'payments', labels: { compute: 'fargate' } });
      expect(explained.body.profile).toBe('handmade');
      // The overlap of payments-jobs and handmade alone is there without the request: in the whole plan, not the request's findings.
      const before = (d: any) => d.code === 'overlap.selectors' && !d.message.includes('search-api');
      expect(res.body.plan.diagnostics.filter(before)).toHaveLength(0);
      expect(res.body.markdown).not.toMatch(/match `handmade` and `payments-jobs/);
    });

    it('refuses a proposal that exceeds the quota, which the pending changes alone do not', async () => {
      await withFargateTestBackend(
        {
          sim: SimulatedAccount.fromJSON({ ...simState(), quotas: { fargateProfilesPerCluster: 4 } }),
        },
        async full => {
          const res = await request(full.server).post('/api/fargate/plan').send(proposal).expect(200);
          const plain = await request(full.server).get('/api/fargate/clusters/prod-eu/profiles').expect(200);
          expect(res.body.valid).toBe(false);
          expect(res.body.diagnostics.map((d: any) => [d.code, d.message])).toEqual([
            [
              'live.quota-exceeded',
              'cluster `prod-eu` would have 5 Fargate profiles (4 from specs, 1 not managed by fargatekeeper); the quota is 4',
            ],
          ]);
          expect(plain.body.diagnostics.map((d: any) => d.code)).not.toContain('live.quota-exceeded');
        },
      );
    });

    it('reports live problems of the proposal (a public subnet) and marks it invalid', async () => {
      const res = await request(backend.server)
        .post('/api/fargate/plan')
        .send({ ...proposal, subnets: ['subnet-pub'] });
      expect(res.status).toBe(200);
      expect(res.body.valid).toBe(false);
      expect(res.body.diagnostics).toEqual([
        expect.objectContaining({
          severity: 'error',
          code: 'live.subnet-public',
          source: expect.objectContaining({ file: 'fargate/prod-eu/search-api.yaml' }),
        }),
      ]);
    });

    it('keeps a file name built from hostile input inside the specs folder', async () => {
      const res = await request(backend.server)
        .post('/api/fargate/plan')
        .send({ ...proposal, name: '../../.github/workflows/evil' });
      expect(res.status).toBe(200);
      expect(res.body.file).toBe('fargate/prod-eu/github-workflows-evil.yaml');
      expect(res.body.valid).toBe(false);
    });

    it('refuses a name whose file would overwrite another spec file', async () => {
      const res = await request(backend.server)
        .post('/api/fargate/plan')
        .send({ ...proposal, name: 'payments' });
      expect(res.body.valid).toBe(false);
      expect(res.body.diagnostics).toContainEqual(
        expect.objectContaining({ code: 'request.file-exists', path: 'metadata.name' }),
      );
    });
  });

  describe('POST /explain', () => {
    it('says which live profile takes a pod, in EKS order', async () => {
      const res = await request(backend.server)
        .post('/api/fargate/explain')
        .send({ cluster: 'prod-eu', namespace: 'payments', labels: { compute: 'fargate' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        cluster: 'prod-eu',
        region: 'eu-west-1',
        profile: 'handmade',
        matches: [
          { profile: 'handmade', selectorIndex: 1 },
          { profile: liveNameOf('payments-jobs'), selectorIndex: 0 },
        ],
      });
      expect(res.body.reason).toContain('first by name');
      expect(res.body.candidates).toHaveLength(4);
    });

    it('answers 404 when the configured cluster does not exist in AWS', async () => {
      const res = await request(backend.server)
        .post('/api/fargate/explain')
        .send({ cluster: 'gone', namespace: 'web' });
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe("cluster 'gone' was not found in eu-west-1");
    });

    it('says when a pod goes to nodes', async () => {
      const res = await request(backend.server)
        .post('/api/fargate/explain')
        .send({ cluster: 'prod-eu', namespace: 'web' });
      expect(res.body).toMatchObject({ matches: [], reason: 'goes to nodes (no profile matches)' });
      expect(res.body.profile).toBeUndefined();
    });
  });

  describe('POST /requests', () => {
    const body = { ...proposal, reason: 'Search API moves to Fargate' };

    it('writes the spec on a new branch and opens a labelled pull request', async () => {
      const res = await request(backend.server).post('/api/fargate/requests').send(body);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        pullRequest: { number: 1, url: 'https://github.com/acme/fargate-specs/pull/1' },
        deduplicated: false,
        branch: expect.stringMatching(/^fargatekeeper\/request\/prod-eu\/search-api-[0-9a-f]{12}$/),
        file: 'fargate/prod-eu/search-api.yaml',
        fileAction: 'create',
        planMarkdown: expect.stringContaining('**Plan: 1 to create, 0 to replace, 0 to delete**'),
      });
      const { github } = backend;
      const [ref] = github.callsTo('POST', /\/git\/refs$/);
      expect(ref!.body).toEqual({ ref: `refs/heads/${res.body.branch}`, sha: 'base-of-main' });
      expect(ref!.authorization).toBe('token test-token');

      const [put] = github.callsTo('PUT', /\/contents\//);
      expect(put!.path).toBe('/repos/acme/fargate-specs/contents/fargate/prod-eu/search-api.yaml');
      expect(put!.body.branch).toBe(res.body.branch);
      expect(put!.body.sha).toBeUndefined();
      expect(Buffer.from(put!.body.content, 'base64').toString('utf8')).toBe(`apiVersion: fargatekeeper.dev/v1
kind: FargateProfile
metadata:
  name: search-api
spec:
  cluster: prod-eu
  region: eu-west-1
  podExecutionRoleArn: ${ROLE_ARN}
  subnets:
    - subnet-a
    - subnet-b
  selectors:
    - namespace: search
      labels:
        app: api
  tags:
    team: search
`);

      const [pull] = github.pulls;
      expect(pull).toMatchObject({
        title: 'Fargate profile request: search-api on prod-eu',
        head: res.body.branch,
        base: 'main',
        labels: ['fargatekeeper-request'],
      });
      expect(pull!.body).toContain('Requested by `user:default/mock`');
      expect(pull!.body).toContain('> Search API moves to Fargate');
      expect(pull!.body).toContain('fargate/prod\\-eu/search\\-api.yaml'.replace(/\\/g, '') /* in a code span */);
      // The plan in the body is the form's preview: the request's effect, the other pending changes folded.
      const preview = await request(backend.server).post('/api/fargate/plan').send(proposal).expect(200);
      expect(pull!.body.endsWith(`\n${preview.body.markdown}`)).toBe(true);
      expect(pull!.body).toContain('**Plan: 1 to create, 0 to replace, 0 to delete**');
      expect(pull!.body).toContain(
        '<details><summary>3 other pending changes in <code>prod-eu</code>, not part of this request</summary>',
      );
    });

    it('writes no plan comment marker into the pull request body: only the Action marks its own comment', async () => {
      await request(backend.server).post('/api/fargate/requests').send(body).expect(201);
      const text = backend.github.pulls[0]!.body;
      expect(text).toContain('**Plan: 1 to create');
      // The Action takes the first comment or body carrying its marker for its sticky plan comment.
      expect(text).not.toContain('fargatekeeper:plan');
      expect(text.match(/<!--[\s\S]*?-->/g)).toEqual([REQUEST_MARKER]);
    });

    it('escapes the reason in the pull request body', async () => {
      const res = await request(backend.server)
        .post('/api/fargate/requests')
        .send({
          ...body,
          reason: 'ping @octocat <img src=x onerror=alert(1)> [click](https://evil.example)\n# heading',
        });
      expect(res.status).toBe(201);
      const text = backend.github.pulls[0]!.body;
      expect(text).not.toContain('@octocat');
      expect(text).not.toContain('<img');
      expect(text).not.toContain('[click](');
      expect(text).not.toMatch(/^# heading/m);
      expect(text).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;');
      expect(text).toContain('> \\# heading');
    });

    it('removes the branch again when the pull request cannot be opened', async () => {
      backend.github.failNextPull = 422;
      const res = await request(backend.server).post('/api/fargate/requests').send(body);
      expect(res.status).toBe(502);
      const branch = backend.github.callsTo('POST', /\/git\/refs$/)[0]!.body.ref.replace('refs/heads/', '');
      expect(res.body.error).toEqual({
        name: 'GithubError',
        message: `GitHub: opening the pull request from ${branch} into main of acme/fargate-specs failed: GitHub refused it (422 Validation Failed); GitHub's message says what it did not accept`,
        statusCode: 502,
      });
      expect(backend.github.callsTo('POST', /\/git\/refs$/)).toHaveLength(1);
      expect(
        backend.github.callsTo('DELETE', /\/git\/refs\/heads\/fargatekeeper\/request\/prod-eu\/search-api-/),
      ).toHaveLength(1);
      expect([...backend.github.branches.keys()]).toEqual(['main']);
    });

    it('refuses to overwrite a file that exists on the branch (409)', async () => {
      backend.github.branches.get('main')!.set('fargate/prod-eu/search-api.yaml', '');
      const res = await request(backend.server).post('/api/fargate/requests').send(body);
      expect(res.status).toBe(409);
      expect(res.body.error.message).toContain('fargate/prod-eu/search-api.yaml already exists');
      expect(backend.github.callsTo('POST', /\/git\/refs$/)).toEqual([]);
    });

    it('refuses a request that fails validation (400 with the diagnostics and fields)', async () => {
      const res = await request(backend.server)
        .post('/api/fargate/requests')
        .send({ ...body, name: 'eks-search', subnets: ['subnet-pub'] });
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.fields.map((f: any) => f.path).sort()).toEqual(['name', 'subnets[0]']);
      expect(res.body.error.diagnostics.length).toBeGreaterThanOrEqual(2);
      expect(backend.github.pulls).toEqual([]);
    });
  });

  describe('GET /requests', () => {
    it('lists open labelled pull requests with author, state and combined check status', async () => {
      await request(backend.server)
        .post('/api/fargate/requests')
        .send({ ...proposal, reason: 'first' })
        .expect(201);
      await request(backend.server)
        .post('/api/fargate/requests')
        .send({ ...proposal, name: 'search-jobs', selectors: [{ namespace: 'search-jobs' }], reason: 'second' })
        .expect(201);
      const [first, second] = backend.github.pulls;
      first!.statuses = [{ state: 'success', context: 'fargatekeeper plan' }];
      first!.checkRuns = [{ status: 'completed', conclusion: 'success', name: 'plan' }];
      second!.checkRuns = [
        { status: 'completed', conclusion: 'success', name: 'lint' },
        { status: 'in_progress', name: 'plan' },
      ];
      backend.github.pulls.push({ ...first!, number: 3, labels: [], title: 'unrelated' });

      const res = await request(backend.server).get('/api/fargate/requests');
      expect(res.status).toBe(200);
      expect(res.body.requests).toEqual([
        {
          number: 1,
          title: 'Fargate profile request: search-api on prod-eu',
          url: 'https://github.com/acme/fargate-specs/pull/1',
          author: 'fargatekeeper-bot',
          state: 'open',
          createdAt: '2026-01-02T03:04:05Z',
          updatedAt: '2026-01-02T03:04:05Z',
          branch: first!.head,
          checks: 'success',
        },
        expect.objectContaining({ number: 2, checks: 'pending' }),
      ]);
    });
  });
});

describe('input validation: every bad field is named', () => {
  let backend: FargateTestBackend;
  beforeAll(async () => {
    backend = await startFargateTestBackend();
  });
  afterAll(() => backend.stop());

  const valid = { ...proposal, reason: 'needed' };
  it.each([
    ['cluster', { ...valid, cluster: undefined }, 'cluster', 'Required'],
    ['cluster type', { ...valid, cluster: 7 }, 'cluster', 'Expected string, received number'],
    ['unknown cluster', { ...valid, cluster: 'nope' }, 'cluster', "no cluster named 'nope' is configured"],
    ['name', { ...valid, name: '  ' }, 'name', 'required'],
    ['selectors', { ...valid, selectors: 'payments' }, 'selectors', 'Expected array, received string'],
    ['no selectors', { ...valid, selectors: [] }, 'selectors', 'at least one selector'],
    [
      'selector namespace',
      { ...valid, selectors: [{ namespace: 3 }] },
      'selectors[0].namespace',
      'Expected string, received number',
    ],
    [
      'selector label',
      { ...valid, selectors: [{ namespace: 'a', labels: { app: 1 } }] },
      'selectors[0].labels.app',
      'Expected string, received number',
    ],
    [
      'selector unknown key',
      { ...valid, selectors: [{ namespace: 'a', label: {} }] },
      'selectors[0].label',
      'unknown field',
    ],
    ['subnets', { ...valid, subnets: 'subnet-a' }, 'subnets', 'Expected array, received string'],
    ['subnet', { ...valid, subnets: ['subnet-a', 2] }, 'subnets[1]', 'Expected string, received number'],
    ['role', { ...valid, podExecutionRoleArn: ['arn'] }, 'podExecutionRoleArn', 'Expected string, received array'],
    ['tag', { ...valid, tags: { team: false } }, 'tags.team', 'Expected string, received boolean'],
    ['reason', { ...valid, reason: '' }, 'reason', 'required'],
    ['unknown field', { ...valid, owner: 'me' }, 'owner', 'unknown field'],
  ])('%s', async (_, body, path, message) => {
    const res = await request(backend.server).post('/api/fargate/requests').send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([{ path, message }]);
    expect(res.body.error.message).toContain(`${path}: ${message}`);
  });

  it('lists all bad fields of one body at once', async () => {
    const res = await request(backend.server)
      .post('/api/fargate/plan')
      .send({ cluster: 1, name: '', selectors: [{ namespace: 2 }], subnets: [true], tags: [], extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: any) => f.path).sort()).toEqual(
      ['cluster', 'extra', 'name', 'selectors[0].namespace', 'subnets[0]', 'tags'].sort(),
    );
  });

  it('names the bad fields of an explain request', async () => {
    const res = await request(backend.server)
      .post('/api/fargate/explain')
      .send({ cluster: 'prod-eu', labels: { a: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([
      { path: 'namespace', message: 'Required' },
      { path: 'labels.a', message: 'Expected string, received number' },
    ]);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await request(backend.server)
      .post('/api/fargate/plan')
      .set('content-type', 'application/json')
      .send('{"cluster":');
    expect(res.status).toBe(400);
  });
});

describe('authentication and permissions', () => {
  const routes: [string, string, object?][] = [
    ['get', '/api/fargate/clusters'],
    ['get', '/api/fargate/clusters/prod-eu/profiles'],
    ['post', '/api/fargate/plan', proposal],
    ['post', '/api/fargate/explain', { cluster: 'prod-eu', namespace: 'payments' }],
    ['post', '/api/fargate/requests', { ...proposal, reason: 'x' }],
    ['get', '/api/fargate/requests'],
  ];
  const send = (
    server: FargateTestBackend['server'],
    [method, path, body]: (typeof routes)[number],
    header?: string,
  ) => {
    let req = method === 'get' ? request(server).get(path) : request(server).post(path).send(body);
    if (header) req = req.set('authorization', header);
    return req;
  };

  describe('with every permission denied', () => {
    let backend: FargateTestBackend;
    beforeAll(async () => {
      backend = await startFargateTestBackend({ permission: AuthorizeResult.DENY });
    });
    afterAll(() => backend.stop());

    it.each(routes)('%s %s → 403', async (...route) => {
      const res = await send(backend.server, route);
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
      expect(res.body.error.message).toMatch(/you lack the permission fargate\.profile\.(read|request)/);
    });

    it('opens no pull request', () => expect(backend.github.pulls).toEqual([]));
  });

  describe('without a user', () => {
    let backend: FargateTestBackend;
    beforeAll(async () => {
      backend = await startFargateTestBackend();
    });
    afterAll(() => backend.stop());

    it.each(routes)('%s %s → 401 without credentials', async (...route) => {
      expect((await send(backend.server, route, mockCredentials.none.header())).status).toBe(401);
    });

    // Other backend plugins read the listings as themselves (the catalog module's entity provider).
    const listings = routes.filter(([method, path]) => method === 'get' && path.startsWith('/api/fargate/clusters'));
    it.each(routes.filter(route => !listings.includes(route)))('%s %s → 403 for a service', async (...route) => {
      expect((await send(backend.server, route, mockCredentials.service.header())).status).toBe(403);
    });

    it.each(listings)('%s %s → 200 for a service', async (...route) => {
      expect((await send(backend.server, route, mockCredentials.service.header())).status).toBe(200);
    });
  });
});

describe('the request permission alone', () => {
  let backend: FargateTestBackend;
  beforeAll(async () => {
    backend = await startFargateTestBackend({ deny: ['fargate.profile.request'] });
  });
  afterAll(() => backend.stop());

  it('guards POST /requests while the read routes stay open', async () => {
    const res = await request(backend.server)
      .post('/api/fargate/requests')
      .send({ ...proposal, reason: 'x' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('you lack the permission fargate.profile.request');
    expect(backend.github.pulls).toEqual([]);
    await request(backend.server).get('/api/fargate/clusters').expect(200);
    await request(backend.server).post('/api/fargate/plan').send(proposal).expect(200);
    await request(backend.server).get('/api/fargate/requests').expect(200);
  });
});

describe('AWS reads through the cache', () => {
  let backend: FargateTestBackend;
  beforeEach(async () => {
    backend = await startFargateTestBackend();
  });
  afterEach(() => backend.stop());

  const total = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0);

  it('serves a second page load from the cache', async () => {
    await request(backend.server).get('/api/fargate/clusters/prod-eu/profiles').expect(200);
    const calls = { ...backend.sim.calls };
    expect(calls).toMatchObject({ DescribeCluster: 1, ListFargateProfiles: 1, DescribeFargateProfile: 4 });
    const again = await request(backend.server).get('/api/fargate/clusters/prod-eu/profiles').expect(200);
    expect(backend.sim.calls).toEqual(calls);
    expect(again.body.profiles).toHaveLength(5);
  });

  it('coalesces concurrent identical page loads', async () => {
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => request(backend.server).get('/api/fargate/clusters/prod-eu/profiles')),
    );
    expect(responses.map(r => r.status)).toEqual(Array(8).fill(200));
    expect(backend.sim.calls).toMatchObject({ DescribeCluster: 1, ListFargateProfiles: 1, DescribeFargateProfile: 4 });
  });

  it('reads again after a request was opened', async () => {
    await request(backend.server).get('/api/fargate/clusters/prod-eu/profiles').expect(200);
    const before = total(backend.sim.calls);
    await request(backend.server)
      .post('/api/fargate/requests')
      .send({ ...proposal, reason: 'x' })
      .expect(201);
    const afterRequest = total(backend.sim.calls);
    await request(backend.server).get('/api/fargate/clusters/prod-eu/profiles').expect(200);
    expect(total(backend.sim.calls)).toBeGreaterThan(afterRequest);
    expect(afterRequest).toBeGreaterThanOrEqual(before);
  });

  it('caches the open requests and refreshes them after a new request', async () => {
    // The listings of open requests, not the look for a request's own pull request (by head).
    const listings = () => backend.github.callsTo('GET', /\/pulls$/).filter(c => c.query.head === undefined);
    await request(backend.server).get('/api/fargate/requests').expect(200);
    await request(backend.server).get('/api/fargate/requests').expect(200);
    expect(listings()).toHaveLength(1);
    await request(backend.server)
      .post('/api/fargate/requests')
      .send({ ...proposal, reason: 'x' })
      .expect(201);
    const res = await request(backend.server).get('/api/fargate/requests').expect(200);
    expect(res.body.requests).toHaveLength(1);
    expect(listings()).toHaveLength(2);
  });
});

describe('specs from a local folder', () => {
  it('reads the specs from disk and links them into the repository', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fargate-specs-'));
    for (const [path, content] of Object.entries(SPEC_FILES)) {
      const local = join(dir, path.replace(/^fargate\//, ''));
      await mkdir(join(local, '..'), { recursive: true });
      await writeFile(local, content);
    }
    await withFargateTestBackend(
      {
        specFiles: {},
        fargate: {
          specs: { url: 'https://github.com/acme/fargate-specs', folder: 'fargate', branch: 'main', localFolder: dir },
        },
      },
      async backend => {
        const res = await request(backend.server).get('/api/fargate/clusters/prod-eu/profiles').expect(200);
        const payments = res.body.profiles.find((p: any) => p.desired?.spec === 'payments-jobs');
        expect(payments.drift).toBe('in-sync');
        // The path inside the repository (the folder is no checkout: it stands for `folder`), not on disk.
        expect(payments.desired.source.file).toBe('fargate/prod-eu/payments.yaml');
        expect(payments.desired.url).toBe(
          'https://github.com/acme/fargate-specs/blob/main/fargate/prod-eu/payments.yaml#L1',
        );
        expect(backend.github.calls).toEqual([]);
        // The existing file is found through the local folder too.
        const plan = await request(backend.server)
          .post('/api/fargate/plan')
          .send({ ...proposal, name: 'reports' })
          .expect(200);
        expect(plan.body.diagnostics).toContainEqual(expect.objectContaining({ code: 'request.file-exists' }));
      },
    );
  });
});

describe('without a specs repository', () => {
  it('answers 501 to requests and lists none, while everything else works from the local folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fargate-specs-'));
    await withFargateTestBackend({ fargate: { specs: { localFolder: dir } } }, async backend => {
      const res = await request(backend.server)
        .post('/api/fargate/requests')
        .send({ ...proposal, reason: 'x' });
      expect(res.status).toBe(501);
      expect(res.body.error.message).toBe('requests need a specs repository: set fargate.specs.url');
      expect((await request(backend.server).get('/api/fargate/requests')).body).toEqual({ requests: [] });
      const plan = await request(backend.server).post('/api/fargate/plan').send(proposal).expect(200);
      expect(plan.body.valid).toBe(true);
      const view = await request(backend.server).get('/api/fargate/clusters/prod-eu/profiles').expect(200);
      // With no specs at all, the managed profiles would be deleted: the plan says so, the view shows it.
      expect(view.body.profiles.filter((p: any) => p.drift === 'orphaned')).toHaveLength(3);
    });
  });
});

describe('a cluster whose account cannot be reached', () => {
  it('is listed with the reason, the others are not affected', async () => {
    const sim = SimulatedAccount.fromJSON(simState());
    await withFargateTestBackend(
      {
        sim,
        fargate: {
          clusters: [
            { name: 'prod-eu', region: 'eu-west-1' },
            { name: 'elsewhere', region: 'us-east-1', accountId: '999999999999' },
          ],
        },
        accountFactory: cluster => {
          if (cluster.accountId) throw new Error('no credentials for account 999999999999');
          return sim;
        },
      },
      async backend => {
        const res = await request(backend.server).get('/api/fargate/clusters').expect(200);
        expect(res.body.clusters.map((c: any) => [c.name, c.status, c.error])).toEqual([
          ['prod-eu', 'ACTIVE', undefined],
          ['elsewhere', undefined, 'no credentials for account 999999999999'],
        ]);
        const view = await request(backend.server).get('/api/fargate/clusters/elsewhere/profiles').expect(200);
        expect(view.body).toMatchObject({
          cluster: { name: 'elsewhere', error: 'no credentials for account 999999999999' },
          profiles: [],
          diagnostics: [{ severity: 'error', code: 'fargate.account-unreachable', cluster: 'elsewhere' }],
        });
      },
    );
  });
});

describe('keys that reach JavaScript objects', () => {
  let backend: FargateTestBackend;
  beforeAll(async () => {
    backend = await startFargateTestBackend();
  });
  afterAll(() => backend.stop());

  // Raw JSON: an object literal's `__proto__` sets its prototype and would never be sent.
  const send = (route: string, json: string) =>
    request(backend.server).post(`/api/fargate/${route}`).set('content-type', 'application/json').send(json);
  const requestJson = (labels: string, tags: string) =>
    `{"cluster":"prod-eu","name":"search-api","selectors":[{"namespace":"search","labels":${labels}}],"subnets":["subnet-a"],"tags":${tags},"reason":"needed"}`;

  it('refuses `__proto__` in the labels of a request with a 400 naming the field, instead of dropping it', async () => {
    const res = await send('requests', requestJson('{"app":"api","__proto__":"x"}', '{"team":"search"}'));
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([
      { path: 'selectors[0].labels.__proto__', message: '`__proto__` is not allowed as a key' },
    ]);
    expect(res.body.error.message).toBe(
      'invalid request: selectors[0].labels.__proto__: `__proto__` is not allowed as a key',
    );
    expect(backend.github.pulls).toEqual([]);
  });

  it('refuses `constructor` and `prototype` too, in tags, the plan preview and at the top of a body', async () => {
    const plan = await send(
      'plan',
      requestJson('{}', '{"constructor":"x","prototype":"y"}').replace(',"reason":"needed"', ''),
    );
    expect(plan.status).toBe(400);
    expect(plan.body.error.fields).toEqual([
      { path: 'tags.constructor', message: '`constructor` is not allowed as a key' },
      { path: 'tags.prototype', message: '`prototype` is not allowed as a key' },
    ]);
    const top = await send('explain', '{"cluster":"prod-eu","namespace":"search","__proto__":{"labels":{}}}');
    expect(top.status).toBe(400);
    expect(top.body.error.fields).toEqual([{ path: '__proto__', message: '`__proto__` is not allowed as a key' }]);
  });
});

describe('a GitHub that stalls or limits', () => {
  const calls = { timeout: { milliseconds: 300 }, attempts: 2 };

  it('answers 504 within timeout × attempts naming the call, when GitHub accepts the request and never answers', async () => {
    await withFargateTestBackend({ fargate: { calls } }, async backend => {
      backend.github.script('GET', /\/pulls$/, 'hang', 'hang');
      const started = Date.now();
      const res = await request(backend.server).get('/api/fargate/requests');
      expect(res.status).toBe(504);
      expect(res.body.error.message).toMatch(
        /^GitHub: listing the open pull requests into main of acme\/fargate-specs failed: timed out after 300 ms \(2 attempts\)/,
      );
      // Two attempts of 300 ms and the retry plugin's 1 s pause between them, plus a margin.
      expect(Date.now() - started).toBeLessThan(300 * 2 + 1_000 + 1_000);
    });
  });

  it('answers 503 saying rate limit when the token’s limit is used up', async () => {
    await withFargateTestBackend({ fargate: { calls } }, async backend => {
      backend.github.script('GET', /\/pulls$/, failures.rateLimit(3600));
      const res = await request(backend.server).get('/api/fargate/requests');
      expect(res.status).toBe(503);
      expect(res.body.error).toEqual({
        name: 'GithubError',
        statusCode: 503,
        message: expect.stringContaining(
          'the API rate limit of the token of the GitHub integration (integrations.github) is used up',
        ),
      });
    });
  });
});
