import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  type BackstageCredentials,
} from '@backstage/backend-plugin-api';
import type {
  ClusterProfilesResponse,
  ClusterSummary,
  PlanPreviewResponse,
  ProfileProposal,
  ProfileRequest,
  ProfileRequestResponse,
} from '@fargatekeeper/backstage-plugin-fargate-common';
import { FargateHttpClient } from './FargateHttpClient';

/** Whom a call is made for, and an optional signal that cancels it. */
export interface FargateClientRequestOptions {
  /**
   * A user's credentials (a scaffolder task's initiator) to act on their behalf, so their permissions
   * and rate limit apply and the pull request names them; or the calling plugin's own service
   * credentials, which the fargate backend accepts for reading clusters and their profiles.
   */
  credentials: BackstageCredentials;
  /** Cancels the call (a scaffolder task that is cancelled). */
  signal?: AbortSignal;
}

/**
 * The fargate backend plugin's API for other backend plugins and their modules (the scaffolder action,
 * the catalog entity provider): the routes under /api/fargate, through the discovery service and
 * plugin-to-plugin tokens, so the fargate plugin keeps its one cache, its permissions and its request
 * deduplication, wherever it is deployed.
 *
 * @public
 */
export interface FargateClientService {
  /** `GET /clusters`: every configured cluster. */
  listClusters(options: FargateClientRequestOptions): Promise<ClusterSummary[]>;
  /** `GET /clusters/:cluster/profiles`: live and desired profiles with their drift. */
  clusterProfiles(cluster: string, options: FargateClientRequestOptions): Promise<ClusterProfilesResponse>;
  /** `POST /plan`: what a proposal would do, opening nothing (a dry run). */
  previewPlan(proposal: ProfileProposal, options: FargateClientRequestOptions): Promise<PlanPreviewResponse>;
  /** `POST /requests`: opens the request's pull request, or answers with the open one of an identical request. */
  submitRequest(request: ProfileRequest, options: FargateClientRequestOptions): Promise<ProfileRequestResponse>;
}

/**
 * The {@link FargateClientService} of a plugin: `deps: { fargate: fargateClientServiceRef }`. The default
 * factory calls the fargate backend over HTTP.
 *
 * @public
 */
export const fargateClientServiceRef = createServiceRef<FargateClientService>({
  id: 'fargate.client',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { discovery: coreServices.discovery, auth: coreServices.auth },
      factory: ({ discovery, auth }) => new FargateHttpClient({ discovery, auth }),
    }),
});
