import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ClusterProfilesResponse,
  ClustersResponse,
  ClusterSummary,
  ExplainRequest,
  ExplainResponse,
  OpenRequest,
  OpenRequestsResponse,
  PlanPreviewRequest,
  PlanPreviewResponse,
  ProfileRequest,
  ProfileRequestResponse,
} from '@fargatekeeper/backstage-plugin-fargate-common';
import type { FargateApi } from './FargateApi';

/** Talks to the fargate backend through `fetchApi`, which adds the user's Backstage token. */
export class FargateClient implements FargateApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getClusters(): Promise<ClusterSummary[]> {
    return (await this.get<ClustersResponse>('/clusters')).clusters;
  }

  getClusterProfiles(cluster: string): Promise<ClusterProfilesResponse> {
    return this.get(`/clusters/${encodeURIComponent(cluster)}/profiles`);
  }

  previewPlan(request: PlanPreviewRequest, options?: { signal?: AbortSignal }): Promise<PlanPreviewResponse> {
    return this.post('/plan', request, options?.signal);
  }

  explainPod(request: ExplainRequest): Promise<ExplainResponse> {
    return this.post('/explain', request);
  }

  submitRequest(request: ProfileRequest): Promise<ProfileRequestResponse> {
    return this.post('/requests', request);
  }

  async getOpenRequests(): Promise<OpenRequest[]> {
    return (await this.get<OpenRequestsResponse>('/requests')).requests;
  }

  private get<T>(path: string): Promise<T> {
    return this.call<T>(path, { method: 'GET' });
  }

  private post<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    return this.call<T>(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
  }

  private async call<T>(path: string, init: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('fargate');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    // ResponseError keeps the backend's error body (field errors, diagnostics) for the UI to show.
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
