import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { parseSpecFiles, SimulatedAccount } from '@fargatekeeper/core';
import request from 'supertest';
import { GithubStandIn, type RecordedCall } from './__testUtils__/githubStandIn';
import { startFargateTestBackend, withFargateTestBackend, type FargateTestBackend } from './__testUtils__/testBackend';
import { ROLE_ARN, SPEC_FILES, searchApiProposal, simState } from './__testUtils__/world';
import { fargateProfileConditions } from './permissions';

const PAYMENTS_FILE = 'fargate/prod-eu/payments.yaml';
/** payments-jobs as its spec says, to change from. */
const paymentsJobs = {
  kind: 'change' as const,
  cluster: 'prod-eu',
  name: 'payments-jobs',
  selectors: [{ namespace: 'payments', labels: { compute: 'fargate' } }],
  subnets: ['subnet-a', 'subnet-b'],
  podExecutionRoleArn: ROLE_ARN,
  tags: { team: 'payments' },
};
const newProfile = { ...searchApiProposal, reason: 'Search API moves to Fargate' };
/** The checkout document of payments.yaml as written, which a change or removal of payments-jobs leaves alone. */
const checkoutDocument = SPEC_FILES[PAYMENTS_FILE]!.slice(SPEC_FILES[PAYMENTS_FILE]!.indexOf('---\n'));
const contentOf = (put: RecordedCall) => Buffer.from(String(put.body.content), 'base64').toString('utf8');

describe('change requests', () => {
  let backend: FargateTestBackend;
  beforeEach(async () => {
    backend = await startFargateTestBackend();
  });
  afterEach(() => backend.stop());

  it('previews a tag change as a retag in place, the file edited where the spec is', async () => {
    const res = await request(backend.server)
      .post('/api/fargate/plan')
      .send({ ...paymentsJobs, tags: { team: 'payments', tier: 'gold' } })
      .expect(200);
    expect(res.body).toMatchObject({ kind: 'change', valid: true, file: PAYMENTS_FILE, fileAction: 'update' });
    expect(res.body.operations.map((o: any) => [o.kind, o.spec, o.reason])).toEqual([
      ['retag', 'payments-jobs', '`tags.tier` changed'],
    ]);
    expect(res.body.markdown).toContain('retag');
    expect(res.body.content).toContain('tags: { team: payments, tier: gold }');
    expect(res.body.content.endsWith(checkoutDocument)).toBe(true);
  });

  it('previews a new subnet as a replacement (an immutable field)', async () => {
    const res = await request(backend.server)
      .post('/api/fargate/plan')
      .send({ ...paymentsJobs, subnets: ['subnet-a'] })
      .expect(200);
    expect(res.body.valid).toBe(true);
    expect(res.body.operations.map((o: any) => [o.kind, o.order])).toEqual([['replace', 'create-before-delete']]);
    expect(res.body.operations[0].fields).toContainEqual(
      expect.objectContaining({ path: 'subnets', forcesReplacement: true }),
    );
    const spec = parseSpecFiles([{ path: PAYMENTS_FILE, content: res.body.content }]).specs.find(
      s => s.name === 'payments-jobs',
    );
    expect(spec?.subnets).toEqual(['subnet-a']);
  });

  it('opens a pull request that edits the spec file in place, at the blob it was read at', async () => {
    const res = await request(backend.server)
      .post('/api/fargate/requests')
      .send({ ...paymentsJobs, tags: { team: 'payments', tier: 'gold' }, reason: 'cost reports by tier' })
      .expect(201);
    expect(res.body).toMatchObject({
      pullRequest: { number: 1 },
      deduplicated: false,
      branch: expect.stringMatching(/^fargatekeeper\/change\/prod-eu\/payments-jobs-[0-9a-f]{12}$/),
      file: PAYMENTS_FILE,
      fileAction: 'update',
    });
    const { github } = backend;
    const [put] = github.callsTo('PUT', /\/contents\//);
    expect(put!.path).toBe(`/repos/acme/fargate-specs/contents/${PAYMENTS_FILE}`);
    expect(put!.body.branch).toBe(res.body.branch);
    expect(put!.body.sha).toMatch(/^blob/);
    const written = contentOf(put!);
    expect(written.endsWith(checkoutDocument)).toBe(true);
    expect(github.branches.get(res.body.branch)!.get(PAYMENTS_FILE)).toBe(written);
    expect(github.pulls[0]).toMatchObject({
      title: 'Fargate profile change: payments-jobs on prod-eu',
      labels: ['fargatekeeper-request'],
    });
    expect(github.pulls[0]!.body).toContain('a change of Fargate profile `payments-jobs` on cluster `prod-eu`');
    expect(github.pulls[0]!.body).toContain('> cost reports by tier');
  });

  it('refuses a change that changes nothing', async () => {
    const res = await request(backend.server)
      .post('/api/fargate/requests')
      .send({ ...paymentsJobs, reason: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.error.diagnostics).toContainEqual(expect.objectContaining({ code: 'request.no-change' }));
    expect(backend.github.pulls).toEqual([]);
  });

  it('answers 404 for a spec that is not in Git', async () => {
    const res = await request(backend.server)
      .post('/api/fargate/plan')
      .send({ ...paymentsJobs, name: 'nope' });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe("no spec named 'nope' for cluster 'prod-eu' is in Git");
  });

  it('answers 409 when the spec file changed on the base branch since it was read', async () => {
    // The specs are read (and cached) first; then someone pushes to main.
    await request(backend.server)
      .post('/api/fargate/plan')
      .send({ ...paymentsJobs, subnets: ['subnet-a'] })
      .expect(200);
    const main = backend.github.branches.get('main')!;
    main.set(PAYMENTS_FILE, `# reviewed\n${main.get(PAYMENTS_FILE)}`);
    const res = await request(backend.server)
      .post('/api/fargate/requests')
      .send({ ...paymentsJobs, subnets: ['subnet-a'], reason: 'x' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain(`the spec file ${PAYMENTS_FILE} changed on the base branch`);
    expect(backend.github.callsTo('POST', /\/git\/refs$/)).toEqual([]);
  });
});

describe('delete requests', () => {
  let backend: FargateTestBackend;
  beforeEach(async () => {
    backend = await startFargateTestBackend();
  });
  afterEach(() => backend.stop());

  it('previews the delete of the live profile, the other spec of the file kept', async () => {
    const res = await request(backend.server)
      .post('/api/fargate/plan')
      .send({ kind: 'delete', cluster: 'prod-eu', name: 'payments-jobs' })
      .expect(200);
    expect(res.body).toMatchObject({ kind: 'delete', valid: true, file: PAYMENTS_FILE, fileAction: 'update' });
    expect(res.body.operations.map((o: any) => [o.kind, o.spec])).toEqual([['delete-profile', 'payments-jobs']]);
    expect(res.body.markdown).toMatch(/1 to delete/);
    expect(res.body.content).toBe(checkoutDocument.replace(/^---\n/, ''));
  });

  it('removes the spec document from its file in the pull request', async () => {
    const res = await request(backend.server)
      .post('/api/fargate/requests')
      .send({ kind: 'delete', cluster: 'prod-eu', name: 'payments-jobs', reason: 'the jobs moved to nodes' })
      .expect(201);
    expect(res.body).toMatchObject({
      branch: expect.stringMatching(/^fargatekeeper\/delete\/prod-eu\/payments-jobs-/),
      fileAction: 'update',
    });
    const [put] = backend.github.callsTo('PUT', /\/contents\//);
    expect(contentOf(put!)).toBe(checkoutDocument.replace(/^---\n/, ''));
    expect(backend.github.pulls[0]!.title).toBe('Fargate profile removal: payments-jobs on prod-eu');
  });

  it('removes the file when it held the only spec', async () => {
    const res = await request(backend.server)
      .post('/api/fargate/requests')
      .send({ kind: 'delete', cluster: 'prod-eu', name: 'reports', reason: 'not needed' })
      .expect(201);
    expect(res.body.fileAction).toBe('delete');
    const [removal] = backend.github.callsTo('DELETE', /\/contents\//);
    expect(removal!.path).toBe('/repos/acme/fargate-specs/contents/fargate/prod-eu/reports.yaml');
    expect(removal!.body).toMatchObject({ branch: res.body.branch, sha: expect.stringMatching(/^blob/) });
    expect(backend.github.branches.get(res.body.branch)!.has('fargate/prod-eu/reports.yaml')).toBe(false);
    expect(backend.github.pulls[0]!.body).toContain(
      '**Spec** `fargate/prod-eu/reports.yaml` is removed: `reports` was its only spec.',
    );
  });
});

describe('change and delete permissions on the profile', () => {
  let backend: FargateTestBackend;
  const asked: { permission: string; resourceRef?: string }[] = [];
  beforeAll(async () => {
    backend = await startFargateTestBackend({
      fargate: { ownerTag: 'team' },
      // A policy that lets the payments team alone change or delete payments-jobs.
      authorize: r => {
        asked.push({ permission: r.permission.name, ...(r.resourceRef ? { resourceRef: r.resourceRef } : {}) });
        return r.resourceRef === 'prod-eu/payments-jobs' ? AuthorizeResult.DENY : AuthorizeResult.ALLOW;
      },
    });
  });
  afterAll(() => backend.stop());

  it('asks fargate.profile.change for the profile, and refuses when the policy does', async () => {
    const res = await request(backend.server)
      .post('/api/fargate/requests')
      .send({ ...paymentsJobs, subnets: ['subnet-a'], reason: 'x' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('you lack the permission fargate.profile.change on prod-eu/payments-jobs');
    expect(asked).toContainEqual({ permission: 'fargate.profile.change', resourceRef: 'prod-eu/payments-jobs' });
    const del = await request(backend.server)
      .post('/api/fargate/requests')
      .send({ kind: 'delete', cluster: 'prod-eu', name: 'payments-jobs', reason: 'x' });
    expect(del.status).toBe(403);
    expect(del.body.error.message).toBe('you lack the permission fargate.profile.delete on prod-eu/payments-jobs');
    expect(backend.github.pulls).toEqual([]);
  });

  it('allows another profile', async () => {
    await request(backend.server)
      .post('/api/fargate/requests')
      .send({ kind: 'delete', cluster: 'prod-eu', name: 'reports', reason: 'x' })
      .expect(201);
    expect(asked).toContainEqual({ permission: 'fargate.profile.delete', resourceRef: 'prod-eu/reports' });
  });

  it('registers the resource type: its permissions and the isProfileOwner rule', async () => {
    const res = await request(backend.server)
      .get('/api/fargate/.well-known/backstage/permissions/metadata')
      .expect(200);
    expect(res.body.permissions.map((p: any) => [p.name, p.resourceType])).toEqual([
      ['fargate.profile.read', undefined],
      ['fargate.profile.request', undefined],
      ['fargate.profile.change', 'fargate-profile'],
      ['fargate.profile.delete', 'fargate-profile'],
    ]);
    expect(res.body.rules).toEqual([
      expect.objectContaining({ name: 'IS_PROFILE_OWNER', resourceType: 'fargate-profile' }),
    ]);
  });

  it('decides a conditional decision by the owner tag of the spec, as the permission backend asks it', async () => {
    const conditions = fargateProfileConditions.isProfileOwner({
      claims: ['user:default/jane', 'group:default/payments'],
    });
    const item = (id: string, resourceRef: string) => ({
      id,
      resourceRef,
      resourceType: 'fargate-profile',
      conditions,
    });
    const res = await request(backend.server)
      .post('/api/fargate/.well-known/backstage/permissions/apply-conditions')
      // The permission backend calls it as a service.
      .set('authorization', mockCredentials.service.header())
      .send({
        items: [
          item('1', 'prod-eu/payments-jobs'),
          item('2', 'prod-eu/checkout'),
          item('3', 'prod-eu/reports'),
          item('4', 'prod-eu/nope'),
        ],
      })
      .expect(200);
    // payments-jobs is tagged team: payments; checkout team: shop; reports has no team tag; nope is no spec.
    expect(res.body.items).toEqual([
      { id: '1', result: AuthorizeResult.ALLOW },
      { id: '2', result: AuthorizeResult.DENY },
      { id: '3', result: AuthorizeResult.DENY },
      { id: '4', result: AuthorizeResult.DENY },
    ]);
  });
});

describe('no duplicate pull requests', () => {
  let backend: FargateTestBackend;
  beforeEach(async () => {
    backend = await startFargateTestBackend({ fargate: { requests: { rateLimit: { max: 2000 } } } });
  });
  afterEach(() => backend.stop());

  it('answers three identical requests in a row with one pull request (201, then 200 with the same)', async () => {
    const first = await request(backend.server).post('/api/fargate/requests').send(newProfile).expect(201);
    const second = await request(backend.server).post('/api/fargate/requests').send(newProfile).expect(200);
    // Another user, another reason: still the same proposal.
    const third = await request(backend.server)
      .post('/api/fargate/requests')
      .set('authorization', mockCredentials.user.header('user:default/someone-else'))
      .send({ ...newProfile, reason: 'we need it too' })
      .expect(200);
    expect(first.body.deduplicated).toBe(false);
    for (const res of [second, third]) {
      expect(res.body).toEqual({ ...first.body, deduplicated: true });
    }
    expect(backend.github.pulls).toHaveLength(1);
    expect(backend.github.callsTo('POST', /\/git\/refs$/)).toHaveLength(1);
    // A different proposal is a different request.
    await request(backend.server)
      .post('/api/fargate/requests')
      .send({ ...newProfile, subnets: ['subnet-a'] })
      .expect(201);
    expect(backend.github.pulls).toHaveLength(2);
  });

  it('opens exactly one pull request for 1,000 concurrent identical requests', async () => {
    const answers = await Promise.all(
      Array.from({ length: 1000 }, () => request(backend.server).post('/api/fargate/requests').send(newProfile)),
    );
    const statuses = answers.map(a => a.status);
    expect(statuses.filter(s => s === 201)).toHaveLength(1);
    expect(statuses.filter(s => s === 200)).toHaveLength(999);
    expect(new Set(answers.map(a => a.body.pullRequest.url))).toEqual(
      new Set(['https://github.com/acme/fargate-specs/pull/1']),
    );
    expect(backend.github.pulls).toHaveLength(1);
    expect(backend.github.callsTo('POST', /\/pulls$/)).toHaveLength(1);
  }, 60_000);

  it('opens a new pull request on the branch of a closed one', async () => {
    const first = await request(backend.server).post('/api/fargate/requests').send(newProfile).expect(201);
    backend.github.pulls[0]!.state = 'closed';
    const again = await request(backend.server).post('/api/fargate/requests').send(newProfile).expect(201);
    expect(again.body).toMatchObject({ branch: first.body.branch, pullRequest: { number: 2 }, deduplicated: false });
    // The leftover branch was moved back to the base head, then written again.
    expect(backend.github.callsTo('PATCH', /\/git\/refs\/heads\//)).toEqual([
      expect.objectContaining({ body: { sha: 'base-of-main', force: true } }),
    ]);
    expect(backend.github.pulls.map(p => p.state)).toEqual(['closed', 'open']);
  });
});

describe('no duplicate pull requests across replicas', () => {
  it('opens one pull request for identical requests sent at once to two backends on one repository', async () => {
    const github = await new GithubStandIn('acme', 'fargate-specs', SPEC_FILES).start();
    const options = { github, fargate: { requests: { rateLimit: { max: 1000 } } } };
    const [a, b] = await Promise.all([startFargateTestBackend(options), startFargateTestBackend(options)]);
    try {
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          request((i % 2 === 0 ? a : b).server)
            .post('/api/fargate/requests')
            .send(newProfile),
        ),
      );
      expect(answers.map(r => r.status).filter(s => s !== 200 && s !== 201)).toEqual([]);
      expect(answers.filter(r => r.status === 201)).toHaveLength(1);
      expect(new Set(answers.map(r => r.body.pullRequest.number))).toEqual(new Set([1]));
      expect(github.pulls).toHaveLength(1);
      // Both tried to make the branch; GitHub made it once.
      expect(github.callsTo('POST', /\/git\/refs$/)).toHaveLength(2);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await github.stop();
    }
  });
});

describe('the per-user rate limit', () => {
  let backend: FargateTestBackend;
  beforeAll(async () => {
    backend = await startFargateTestBackend({ fargate: { requests: { rateLimit: { max: 2, window: '1m' } } } });
  });
  afterAll(() => backend.stop());

  it('answers 429 with Retry-After past the limit, for that user only', async () => {
    await request(backend.server).post('/api/fargate/requests').send(newProfile).expect(201);
    await request(backend.server).post('/api/fargate/requests').send(newProfile).expect(200);
    const res = await request(backend.server)
      .post('/api/fargate/requests')
      .send({ ...newProfile, name: 'search-jobs' });
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(res.body.error).toMatchObject({
      name: 'RateLimitedError',
      message: expect.stringMatching(
        /^user:default\/mock made 2 requests within 60 s, the limit \(fargate\.requests\.rateLimit\); try again in \d+ s$/,
      ),
    });
    expect(backend.github.pulls).toHaveLength(1);
    await request(backend.server)
      .post('/api/fargate/requests')
      .set('authorization', mockCredentials.user.header('user:default/other'))
      .send({ ...newProfile, name: 'search-jobs' })
      .expect(201);
  });
});

describe('a request when GitHub stalls', () => {
  it('answers 504 within timeout × attempts naming the call, and opens nothing', async () => {
    await withFargateTestBackend({ fargate: { calls: { timeout: '300ms', attempts: 2 } } }, async backend => {
      backend.github.script('POST', /\/git\/refs$/, 'hang', 'hang');
      const started = Date.now();
      const res = await request(backend.server).post('/api/fargate/requests').send(newProfile);
      expect(res.status).toBe(504);
      expect(res.body.error.message).toMatch(
        /^GitHub: creating the branch fargatekeeper\/request\/prod-eu\/search-api-[0-9a-f]{12} in acme\/fargate-specs failed: timed out after 300 ms \(2 attempts\)/,
      );
      // Two attempts of 300 ms and the retry plugin's 1 s pause between them, plus a margin.
      expect(Date.now() - started).toBeLessThan(300 * 2 + 1_000 + 1_000);
      expect(backend.github.pulls).toEqual([]);
    });
  });
});

describe('a cluster at its quota', () => {
  it('suggests adding the selectors to a profile of the same role and subnets, which a change request then does', async () => {
    await withFargateTestBackend(
      {
        sim: SimulatedAccount.fromJSON({ ...simState(), quotas: { fargateProfilesPerCluster: 4 } }),
      },
      async backend => {
        const { reason: _reason, ...proposal } = newProfile;
        const preview = await request(backend.server).post('/api/fargate/plan').send(proposal).expect(200);
        expect(preview.body.valid).toBe(false);
        const quota = preview.body.diagnostics.find((d: any) => d.code === 'live.quota-exceeded');
        // payments-jobs runs with the same role and subnets, and has room for one more selector.
        expect(quota.suggestion).toMatchObject({
          kind: 'join-profile',
          spec: 'payments-jobs',
          added: newProfile.selectors,
          file: PAYMENTS_FILE,
        });
        const joined = await request(backend.server)
          .post('/api/fargate/requests')
          .send({ ...paymentsJobs, selectors: quota.suggestion.selectors, reason: 'search joins payments-jobs' })
          .expect(201);
        expect(joined.body).toMatchObject({ fileAction: 'update', file: PAYMENTS_FILE });
        expect(joined.body.planMarkdown).toMatch(/1 to replace/);
      },
    );
  });
});
