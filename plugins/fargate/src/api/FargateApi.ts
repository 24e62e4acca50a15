import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ClusterProfilesResponse,
  ClusterSummary,
  ExplainRequest,
  ExplainResponse,
  OpenRequest,
  PlanPreviewRequest,
  PlanPreviewResponse,
  ProfileRequest,
  ProfileRequestResponse,
} from '@fargatekeeper/backstage-plugin-fargate-common';

/** The fargate backend plugin's routes (`/api/fargate`), as the frontend uses them. */
export interface FargateApi {
  getClusters(): Promise<ClusterSummary[]>;
  getClusterProfiles(cluster: string): Promise<ClusterProfilesResponse>;
  /** Validates a proposed profile and plans it, without writing anything. */
  previewPlan(request: PlanPreviewRequest, options?: { signal?: AbortSignal }): Promise<PlanPreviewResponse>;
  explainPod(request: ExplainRequest): Promise<ExplainResponse>;
  /** Opens a pull request on the specs repository. */
  submitRequest(request: ProfileRequest): Promise<ProfileRequestResponse>;
  getOpenRequests(): Promise<OpenRequest[]>;
}

export const fargateApiRef = createApiRef<FargateApi>({ id: 'plugin.fargate.service' });
