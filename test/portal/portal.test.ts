/*
 * The portal the Backstage way, in one backend as the dev backend runs it: the fargate plugin (a
 * simulated account, specs and pull requests on the GitHub stand-in), Backstage's scaffolder with the
 * fargate:profile:request action, and Backstage's catalog with the fargate entity provider on the real
 * scheduler. The example template is registered from examples/templates like any catalog location.
 */
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import type { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import catalogModuleFargate from '../../plugins/catalog-backend-module-fargate/src';
import { catalogModuleTemplateKind } from '../../plugins/fargate-backend/dev/templateEntityKind';
import { startFargateTestBackend } from '../../plugins/fargate-backend/src/__testUtils__/testBackend';
import { liveNameOf } from '../../plugins/fargate-backend/src/__testUtils__/world';
import scaffolderModuleFargate from '../../plugins/scaffolder-backend-module-fargate/src';

type Backend = Awaited<ReturnType<typeof startFargateTestBackend>>;

// The catalog's first processing and a scaffolder task take seconds (a project's testTimeout applies only to its own runs).
jest.setTimeout(120_000);

const TEMPLATE_FILE = resolve(__dirname, '../../examples/templates/fargate-profile.yaml');
const INITIAL_DELAY_S = 3;

const values = {
  cluster: 'prod-eu',
  name: 'search-api',
  owner: 'group:default/search',
  selectors: [{ namespace: 'search', labels: { app: 'api' } }],
  subnets: ['subnet-a', 'subnet-b'],
  reason: 'Search API moves to Fargate',
};

/** Polls until `read` gives a value (not undefined), or fails after `timeoutMs` saying what it waited for. */
async function eventually<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise(r => setTimeout(r, 200));
  }
}

let backend: Backend;
let startedAt: number;
beforeAll(async () => {
  startedAt = Date.now();
  backend = await startFargateTestBackend({
    fargate: { ownerTag: 'team' },
    config: {
      catalog: {
        rules: [{ allow: ['Component', 'API', 'Location', 'Template'] }],
        locations: [{ type: 'file', target: TEMPLATE_FILE }],
        providers: {
          fargate: {
            schedule: {
              frequency: { minutes: 30 },
              timeout: { minutes: 1 },
              initialDelay: { seconds: INITIAL_DELAY_S },
            },
          },
        },
      },
    },
    features: [
      catalogPlugin,
      catalogModuleTemplateKind,
      catalogModuleFargate,
      scaffolderPlugin,
      scaffolderModuleFargate,
      // The real scheduler, which keeps the initial delay (the test backend's mock runs tasks at once or never).
      schedulerServiceFactory,
    ],
  });
});
afterAll(() => backend?.stop());

const entitiesOfType = async (type: string): Promise<Entity[]> =>
  (
    await request(backend.server)
      .get('/api/catalog/entities')
      .query({ filter: `kind=resource,spec.type=${type}` })
      .expect(200)
  ).body;

describe('the catalog with the fargate entity provider', () => {
  let profiles: Entity[];
  let refreshedAfterMs: number;
  // The catalog stitches the provider's entities one by one: the first read can hold only some of them.
  const expectedNames = [
    'prod-eu.checkout',
    'prod-eu.handmade',
    'prod-eu.old-batch-0a1b2c3d',
    'prod-eu.payments-jobs',
    'prod-eu.reports',
  ];
  let firstSeenAfterMs: number | undefined;
  beforeAll(async () => {
    profiles = await eventually('every fargate profile of the simulated account in the catalog', async () => {
      const found = await entitiesOfType('fargate-profile');
      if (found.length > 0) firstSeenAfterMs ??= Date.now() - startedAt;
      const names = found.map(p => p.metadata.name).sort();
      return names.join() === expectedNames.join() ? found : undefined;
    });
    refreshedAfterMs = Date.now() - startedAt;
  });

  it('has the profiles after the initial delay, within a minute of the start', () => {
    expect(firstSeenAfterMs).toBeGreaterThanOrEqual(INITIAL_DELAY_S * 1000);
    expect(refreshedAfterMs).toBeLessThan(60_000);
    expect(profiles.map(p => p.metadata.name).sort()).toEqual(expectedNames);
  });

  it('relates each profile to its owner and to the cluster it depends on', async () => {
    const payments = await eventually('the relations of prod-eu.payments-jobs', async () => {
      const entity = (
        await request(backend.server)
          .get('/api/catalog/entities/by-name/resource/default/prod-eu.payments-jobs')
          .expect(200)
      ).body as Entity;
      return (entity.relations ?? []).length >= 2 ? entity : undefined;
    });
    expect(payments.metadata.annotations).toMatchObject({
      'fargatekeeper.dev/cluster': 'prod-eu',
      'fargatekeeper.dev/profile': liveNameOf('payments-jobs'),
    });
    expect(payments.relations).toEqual(
      expect.arrayContaining([
        { type: 'ownedBy', targetRef: 'group:default/payments' },
        { type: 'dependsOn', targetRef: 'resource:default/prod-eu' },
      ]),
    );
    const cluster = await eventually('the cluster entity with its dependents', async () => {
      const entity = (
        await request(backend.server).get('/api/catalog/entities/by-name/resource/default/prod-eu').expect(200)
      ).body as Entity;
      return (entity.relations ?? []).filter(r => r.type === 'dependencyOf').length === profiles.length
        ? entity
        : undefined;
    });
    expect(cluster.spec).toMatchObject({ type: 'kubernetes-cluster' });
    expect(cluster.metadata.annotations).toMatchObject({ 'fargatekeeper.dev/cluster': 'prod-eu' });
  });
});

describe('the example template through the scaffolder API', () => {
  beforeAll(async () => {
    await eventually('the example template in the catalog', async () => {
      const res = await request(backend.server).get('/api/catalog/entities/by-name/template/default/fargate-profile');
      return res.status === 200 ? res.body : undefined;
    });
  });

  it('lists the action with its input and output schema', async () => {
    const res = await request(backend.server).get('/api/scaffolder/v2/actions').expect(200);
    const action = res.body.find((a: { id: string }) => a.id === 'fargate:profile:request');
    expect(action).toMatchObject({
      schema: {
        input: {
          required: expect.arrayContaining(['cluster', 'name', 'reason']),
          properties: expect.objectContaining({ selectors: expect.any(Object) }),
        },
        output: {
          properties: expect.objectContaining({ pullRequestUrl: expect.any(Object), planMarkdown: expect.any(Object) }),
        },
      },
    });
  });

  it('previews the plan in a dry run and opens nothing', async () => {
    const template = parse(readFileSync(TEMPLATE_FILE, 'utf8'));
    const res = await request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .send({ template, values, directoryContents: [] })
      .expect(200);
    expect(res.body.output.links ?? []).toEqual([]);
    expect(res.body.output.text).toEqual([
      { title: 'Plan', content: expect.stringContaining('Plan: 1 to create, 0 to replace, 0 to delete') },
    ]);
    expect(res.body.log.map((l: { body: { message: string } }) => l.body.message).join('\n')).toContain(
      'Dry run: the create request of search-api on prod-eu',
    );
    expect(backend.github.pulls).toEqual([]);
  });

  it('runs the template: the task opens the pull request and links it', async () => {
    const created = await request(backend.server)
      .post('/api/scaffolder/v2/tasks')
      .send({ templateRef: 'template:default/fargate-profile', values })
      .expect(201);
    const task = await eventually('the task to finish', async () => {
      const res = await request(backend.server).get(`/api/scaffolder/v2/tasks/${created.body.id}`).expect(200);
      return ['completed', 'failed', 'cancelled'].includes(res.body.status) ? res.body : undefined;
    });
    const events = await request(backend.server).get(`/api/scaffolder/v2/tasks/${created.body.id}/events`).expect(200);
    const log = events.body.map((e: { body: { message?: string } }) => e.body.message).join('\n');
    expect({ status: task.status, log }).toMatchObject({ status: 'completed' });

    expect(backend.github.pulls).toHaveLength(1);
    const [pull] = backend.github.pulls;
    expect(pull).toMatchObject({
      title: 'Fargate profile request: search-api on prod-eu',
      labels: ['fargatekeeper-request'],
      state: 'open',
    });
    const url = `https://github.com/acme/fargate-specs/pull/${pull!.number}`;
    const completion = events.body.find((e: { type: string }) => e.type === 'completion');
    expect(completion.body.output.links).toEqual([{ title: 'Pull request', icon: 'github', url }]);
    expect(completion.body.output.text[0].content).toContain('search-api');
    // The owner from the form is the spec's owner tag.
    const [put] = backend.github.callsTo('PUT', /\/contents\/fargate\/prod-eu\/search-api\.yaml$/);
    expect(Buffer.from(String(put!.body.content), 'base64').toString('utf8')).toContain('owner: group:default/search');
  });
});
