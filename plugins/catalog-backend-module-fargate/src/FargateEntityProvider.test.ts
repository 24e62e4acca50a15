import { mockServices } from '@backstage/backend-test-utils';
import {
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  resourceEntityV1alpha1Validator,
  type Entity,
} from '@backstage/catalog-model';
import type { DeferredEntity, EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { FargateClientService } from '@fargatekeeper/backstage-plugin-fargate-node';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports -- the fargate backend's own test backend: the GitHub stand-in and a simulated account
import { startFargateTestBackend } from '../../fargate-backend/src/__testUtils__/testBackend';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports -- its simulated world: which profile is in sync, drifted, orphaned, unmanaged
import { liveNameOf } from '../../fargate-backend/src/__testUtils__/world';
import { DEFAULT_SCHEDULE, type FargateCatalogConfig } from './config';
import { FargateEntityProvider } from './FargateEntityProvider';

type Backend = Awaited<ReturnType<typeof startFargateTestBackend>>;

const config: FargateCatalogConfig = {
  schedule: DEFAULT_SCHEDULE,
  ownerTag: 'team',
  defaultOwner: 'group:default/platform',
};
const SPECS = 'https://github.com/acme/fargate-specs';

/** Backstage's checks of every entity the catalog ingests (the Resource kind's schema apart). */
const policies = EntityPolicies.allOf([
  new SchemaValidEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
]);

function mockConnection() {
  const applyMutation = jest.fn<Promise<void>, Parameters<EntityProviderConnection['applyMutation']>>(async () => {});
  const connection: EntityProviderConnection = { applyMutation, refresh: jest.fn(async () => {}) };
  /** The entities of the last full mutation, by name, with their location keys. */
  const lastMutation = () => {
    const mutation = applyMutation.mock.calls.at(-1)![0];
    if (mutation.type !== 'full') throw new Error(`a ${mutation.type} mutation`);
    return mutation.entities;
  };
  const byName = () => new Map(lastMutation().map((d: DeferredEntity) => [d.entity.metadata.name, d.entity]));
  return { connection, applyMutation, lastMutation, byName };
}

describe('FargateEntityProvider', () => {
  let backend: Backend;
  let fargate: FargateClientService;
  beforeAll(async () => {
    backend = await startFargateTestBackend();
    fargate = backend.client;
  });
  afterAll(() => backend.stop());

  const providerWith = (overrides: { catalog?: Entity[]; fargate?: FargateClientService } = {}) => {
    const scheduler = mockServices.scheduler.mock();
    const logger = mockServices.logger.mock();
    const provider = new FargateEntityProvider({
      fargate: overrides.fargate ?? fargate,
      catalog: catalogServiceMock({ entities: overrides.catalog ?? [] }),
      auth: mockServices.auth(),
      scheduler,
      logger,
      config,
    });
    return { provider, scheduler, logger };
  };

  it('schedules its refresh on connecting, with the configured schedule', async () => {
    const { provider, scheduler } = providerWith();
    await provider.connect(mockConnection().connection);
    expect(scheduler.scheduleTask).toHaveBeenCalledWith({
      id: 'fargate:refresh',
      ...DEFAULT_SCHEDULE,
      fn: expect.any(Function),
    });
  });

  describe('a refresh', () => {
    let entities: Map<string, Entity>;
    let mutation: DeferredEntity[];
    let mutations: number;
    beforeAll(async () => {
      const { provider } = providerWith();
      const connection = mockConnection();
      await provider.connect(connection.connection);
      await provider.refresh();
      entities = connection.byName();
      mutation = connection.lastMutation();
      mutations = connection.applyMutation.mock.calls.length;
    });

    it('is one full mutation', () => expect(mutations).toBe(1));

    it('emits every live and desired profile of every cluster, and a cluster entity each', () => {
      // Clusters by their name (gone is configured but absent from the account: no profiles), profiles
      // by cluster and spec (the EKS name for those without a spec: old-batch is orphaned, handmade unmanaged).
      expect([...entities.keys()].sort()).toEqual([
        'gone',
        'prod-eu',
        'prod-eu.checkout',
        'prod-eu.handmade',
        'prod-eu.old-batch-0a1b2c3d',
        'prod-eu.payments-jobs',
        'prod-eu.reports',
        'staging',
      ]);
    });

    it('emits only entities the catalog accepts', async () => {
      expect(entities.size).toBeGreaterThan(0);
      for (const entity of entities.values()) {
        await expect(policies.enforce(entity)).resolves.toBe(entity);
        await expect(resourceEntityV1alpha1Validator.check(entity)).resolves.toBe(true);
      }
    });

    it('describes a profile in sync with its spec: owner from the tag, links to the spec, the cluster it depends on', () => {
      expect(entities.get('prod-eu.payments-jobs')).toEqual({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'prod-eu.payments-jobs',
          namespace: 'default',
          title: 'payments-jobs (prod-eu)',
          description: `Fargate profile ${liveNameOf('payments-jobs')} of the EKS cluster prod-eu (eu-west-1), in sync with its spec; namespaces: payments`,
          annotations: {
            'backstage.io/managed-by-location': 'fargatekeeper:eu-west-1/prod-eu',
            'backstage.io/managed-by-origin-location': 'fargatekeeper:eu-west-1/prod-eu',
            'fargatekeeper.dev/cluster': 'prod-eu',
            'fargatekeeper.dev/profile': liveNameOf('payments-jobs'),
            'fargatekeeper.dev/spec': 'payments-jobs',
            'fargatekeeper.dev/spec-file': 'fargate/prod-eu/payments.yaml:1',
            'backstage.io/source-location': `url:${SPECS}/blob/main/fargate/prod-eu/payments.yaml`,
            'backstage.io/view-url': `${SPECS}/blob/main/fargate/prod-eu/payments.yaml#L1`,
            'backstage.io/edit-url': `${SPECS}/edit/main/fargate/prod-eu/payments.yaml`,
            'amazonaws.com/arn': expect.stringMatching(
              new RegExp(`^arn:aws:eks:eu-west-1:123456789012:fargateprofile/prod-eu/${liveNameOf('payments-jobs')}/`),
            ),
          },
          labels: { 'fargatekeeper.dev/drift': 'in-sync' },
          tags: ['fargate', 'eks'],
          links: [{ url: `${SPECS}/blob/main/fargate/prod-eu/payments.yaml#L1`, title: 'Spec in Git', icon: 'github' }],
        },
        spec: { type: 'fargate-profile', owner: 'group:default/payments', dependsOn: ['resource:default/prod-eu'] },
      });
    });

    it('takes the owner from the spec over the live tags, and gives profiles without one the default owner', () => {
      // checkout's live tag says someone-else (drift); its spec says shop.
      expect(entities.get('prod-eu.checkout')).toMatchObject({
        spec: { owner: 'group:default/shop' },
        metadata: { labels: { 'fargatekeeper.dev/drift': 'drifted' } },
      });
      expect(entities.get('prod-eu.reports')?.spec?.owner).toBe('group:default/platform');
      expect(entities.get('prod-eu.handmade')?.spec?.owner).toBe('group:default/platform');
    });

    it('emits a spec not applied yet without a live ARN, and live profiles without a spec without links', () => {
      const reports = entities.get('prod-eu.reports')!;
      expect(reports.metadata.labels).toEqual({ 'fargatekeeper.dev/drift': 'missing' });
      expect(reports.metadata.annotations).not.toHaveProperty(['amazonaws.com/arn']);
      expect(reports.metadata.annotations).toHaveProperty(
        ['backstage.io/view-url'],
        `${SPECS}/blob/main/fargate/prod-eu/reports.yaml#L1`,
      );
      for (const name of ['prod-eu.handmade', 'prod-eu.old-batch-0a1b2c3d']) {
        const live = entities.get(name)!;
        expect(live.metadata.annotations).not.toHaveProperty(['backstage.io/view-url']);
        expect(live.metadata.annotations).not.toHaveProperty(['fargatekeeper.dev/spec']);
        expect(live.metadata.annotations).toHaveProperty(['amazonaws.com/arn']);
        expect(live.metadata).not.toHaveProperty('links');
      }
      expect(entities.get('prod-eu.old-batch-0a1b2c3d')?.metadata.labels).toEqual({
        'fargatekeeper.dev/drift': 'orphaned',
      });
      expect(entities.get('prod-eu.handmade')?.metadata.labels).toEqual({ 'fargatekeeper.dev/drift': 'unmanaged' });
    });

    it('emits each cluster as a kubernetes-cluster Resource the entity card applies to', () => {
      expect(entities.get('prod-eu')).toMatchObject({
        kind: 'Resource',
        metadata: { annotations: { 'fargatekeeper.dev/cluster': 'prod-eu', 'kubernetes.io/x-k8s-aws-id': 'prod-eu' } },
        spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
      });
    });

    it('gives every entity of a cluster that cluster’s location key', () => {
      for (const { entity, locationKey } of mutation) {
        expect(locationKey).toBe(entity.metadata.annotations!['backstage.io/managed-by-location']);
      }
    });
  });

  it('depends on the cluster entity another source has in the catalog, and emits none of its own for that cluster', async () => {
    const awsCluster: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'eks-prod-eu',
        namespace: 'infra',
        annotations: {
          'amazonaws.com/arn': 'arn:aws:eks:eu-west-1:123456789012:cluster/prod-eu',
          'backstage.io/managed-by-location': 'aws-eks:x',
        },
      },
      spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
    };
    const ours = (await emitted(providerWith())).get('staging')!;
    const { provider } = providerWith({ catalog: [awsCluster, ours] });
    const entities = await emitted({ provider });
    expect(entities.has('prod-eu')).toBe(false);
    expect(entities.get('prod-eu.reports')?.spec?.dependsOn).toEqual(['resource:infra/eks-prod-eu']);
    // Its own entity of staging, already in the catalog, does not count as another source's.
    expect(entities.has('staging')).toBe(true);
  });

  it('keeps the entities of a cluster it cannot read this time, and replaces the others', async () => {
    let failing = false;
    const flaky: FargateClientService = {
      ...fargate,
      listClusters: options => fargate.listClusters(options),
      clusterProfiles: (cluster, options) =>
        failing && cluster === 'prod-eu'
          ? Promise.reject(new Error('connect ECONNREFUSED'))
          : fargate.clusterProfiles(cluster, options),
    };
    const { provider, logger } = providerWith({ fargate: flaky });
    const connection = mockConnection();
    await provider.connect(connection.connection);
    await provider.refresh();
    const first = connection.lastMutation();
    failing = true;
    await provider.refresh();
    expect(connection.lastMutation()).toEqual(first);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'the profiles of cluster prod-eu could not be read (connect ECONNREFUSED); keeping its entities of the last read',
      ),
    );
  });

  it('changes nothing in the catalog when the fargate backend does not answer', async () => {
    const down: FargateClientService = {
      ...fargate,
      listClusters: () => Promise.reject(new Error('connect ECONNREFUSED')),
    };
    const { provider } = providerWith({ fargate: down });
    const connection = mockConnection();
    await provider.connect(connection.connection);
    await expect(provider.refresh()).rejects.toThrow('ECONNREFUSED');
    expect(connection.applyMutation).not.toHaveBeenCalled();
  });
});

async function emitted({ provider }: { provider: FargateEntityProvider }): Promise<Map<string, Entity>> {
  const connection = mockConnection();
  await provider.connect(connection.connection);
  await provider.refresh();
  return connection.byName();
}
