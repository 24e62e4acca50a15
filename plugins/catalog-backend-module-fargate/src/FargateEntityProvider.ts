import type { AuthService, BackstageCredentials, LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService, EntityProvider, EntityProviderConnection } from '@backstage/plugin-catalog-node';
import type { ClusterSummary, FargateClientService } from '@fargatekeeper/backstage-plugin-fargate-node';
import { clusterRefsOf } from './catalogClusters';
import type { FargateCatalogConfig } from './config';
import { CLUSTER_TYPE, clusterEntity, locationOf, ownClusterRef, profileEntities } from './entities';

/**
 * What the provider needs: the plugin's services, and its settings (`readFargateCatalogConfig`).
 *
 * @public
 */
export interface FargateEntityProviderOptions {
  /** The fargate backend's profiles. */
  fargate: FargateClientService;
  /** The cluster entities other sources have in the catalog. */
  catalog: CatalogService;
  /** The provider's own service credentials. */
  auth: AuthService;
  /** Runs the refresh on the schedule. */
  scheduler: SchedulerService;
  /** Says what each refresh emitted, and why a cluster kept its last entities. */
  logger: LoggerService;
  /** The schedule and the owner settings. */
  config: FargateCatalogConfig;
}

/** Longest wait for the catalog's list of cluster entities; without it, the provider emits its own. */
const CATALOG_LOOKUP_TIMEOUT_MS = 30_000;

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Every live and desired Fargate profile of the fargate backend's clusters as a `Resource` of type
 * `fargate-profile`, depending on its cluster's `Resource`: the one already in the catalog (the AWS
 * catalog module's, a catalog-info file), else one it emits. Refreshed on the configured schedule with
 * a full mutation. A cluster that cannot be read keeps the entities of its last good read.
 *
 * @public
 */
export class FargateEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private readonly lastRead = new Map<string, Entity[]>();

  constructor(private readonly options: FargateEntityProviderOptions) {}

  /** `fargate`: the provider's entities are recorded under this name. */
  getProviderName(): string {
    return 'fargate';
  }

  /** Called by the catalog: schedules the refreshes. */
  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.scheduler.scheduleTask({
      id: `${this.getProviderName()}:refresh`,
      ...this.options.config.schedule,
      fn: signal => this.refresh(signal),
    });
  }

  /** Reads every cluster's profiles from the fargate backend and replaces the provider's entities with them. */
  async refresh(signal?: AbortSignal): Promise<void> {
    const connection = this.connection;
    if (!connection) throw new Error('the fargate entity provider is not connected to the catalog yet');
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const request = { credentials, ...(signal ? { signal } : {}) };
    const [clusters, present] = await Promise.all([
      this.options.fargate.listClusters(request),
      this.clusterEntitiesInCatalog(credentials),
    ]);
    const perCluster = await Promise.all(
      clusters.map(cluster => this.entitiesOf(cluster, present.get(cluster.name), request)),
    );
    await connection.applyMutation({
      type: 'full',
      entities: perCluster.flatMap(({ cluster, entities }) =>
        entities.map(entity => ({ entity, locationKey: locationOf(cluster) })),
      ),
    });
    const count = perCluster.reduce((n, c) => n + c.entities.length, 0);
    this.options.logger.info(`fargate entity provider: ${count} entities of ${clusters.length} clusters`);
  }

  private async entitiesOf(
    cluster: ClusterSummary,
    presentRef: string | undefined,
    request: { credentials: BackstageCredentials; signal?: AbortSignal },
  ): Promise<{ cluster: ClusterSummary; entities: Entity[] }> {
    const { config, fargate, logger } = this.options;
    const last = this.lastRead.get(cluster.name);
    try {
      const { cluster: summary, profiles } = await fargate.clusterProfiles(cluster.name, request);
      // Without its live state, the cluster's unmanaged and orphaned profiles would seem gone.
      if (summary.error && last) {
        logger.warn(
          `fargate entity provider: cluster ${cluster.name} could not be read (${summary.error}); keeping its entities of the last read`,
        );
        return { cluster, entities: last };
      }
      const clusterRef = presentRef ?? ownClusterRef(cluster.name);
      const entities = [
        ...(presentRef ? [] : [clusterEntity(cluster, config)]),
        ...profileEntities(cluster, profiles, clusterRef, config),
      ];
      this.lastRead.set(cluster.name, entities);
      return { cluster, entities };
    } catch (error) {
      if (request.signal?.aborted) throw error;
      logger.warn(
        `fargate entity provider: the profiles of cluster ${cluster.name} could not be read (${errorText(error)}); ${last ? 'keeping its entities of the last read' : 'it has no entities yet'}`,
      );
      return { cluster, entities: last ?? [] };
    }
  }

  /** Cluster entities of other sources in the catalog; none (so the provider emits its own) when the catalog does not answer. */
  private async clusterEntitiesInCatalog(credentials: BackstageCredentials): Promise<Map<string, string>> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const lookup = this.options.catalog.getEntities(
        {
          filter: { kind: 'Resource', 'spec.type': CLUSTER_TYPE },
          fields: ['kind', 'metadata.namespace', 'metadata.name', 'metadata.annotations'],
        },
        { credentials },
      );
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CATALOG_LOOKUP_TIMEOUT_MS / 1000} s`)),
          CATALOG_LOOKUP_TIMEOUT_MS,
        );
      });
      return clusterRefsOf((await Promise.race([lookup, timeout])).items);
    } catch (error) {
      this.options.logger.warn(
        `fargate entity provider: the catalog's cluster entities could not be read (${errorText(error)}); emitting one per cluster`,
      );
      return new Map();
    } finally {
      clearTimeout(timer);
    }
  }
}
