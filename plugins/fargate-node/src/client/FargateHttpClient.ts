import type { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import type {
  ClusterProfilesResponse,
  ClustersResponse,
  ClusterSummary,
  FargateErrorBody,
  FieldError,
  PlanPreviewResponse,
  ProfileProposal,
  ProfileRequest,
  ProfileRequestResponse,
} from '@fargatekeeper/backstage-plugin-fargate-common';
import type { FargateClientRequestOptions, FargateClientService } from './FargateClientService';

/**
 * Longest wait for one answer of the fargate backend. Its own AWS and GitHub calls are bounded
 * (`fargate.calls`) and a stalled one answers 504; this bounds a backend that does not answer at all.
 */
export const FARGATE_CLIENT_TIMEOUT_MS = 120_000;

/**
 * An answer of the fargate backend other than 2xx, or none in time (`statusCode` 504). `fields` lists
 * the request's bad fields of a 400 (`selectors[0].namespace`), as the request form shows them.
 *
 * @public
 */
export class FargateApiError extends Error {
  /** The error's class, kept through serialisation (`instanceof` is not). */
  override readonly name = 'FargateApiError';

  constructor(
    message: string,
    /** The HTTP status of the answer; 504 when none came in time. */
    readonly statusCode: number,
    /** The bad fields of a 400, each with its message; else empty. */
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

/** {@link FargateClientService} over HTTP: the fargate plugin's base URL from discovery, a plugin token per call. */
export class FargateHttpClient implements FargateClientService {
  constructor(private readonly deps: { discovery: DiscoveryService; auth: AuthService; timeoutMs?: number }) {}

  async listClusters(options: FargateClientRequestOptions): Promise<ClusterSummary[]> {
    return (await this.call<ClustersResponse>('GET', '/clusters', options)).clusters;
  }

  clusterProfiles(cluster: string, options: FargateClientRequestOptions): Promise<ClusterProfilesResponse> {
    return this.call('GET', `/clusters/${encodeURIComponent(cluster)}/profiles`, options);
  }

  previewPlan(proposal: ProfileProposal, options: FargateClientRequestOptions): Promise<PlanPreviewResponse> {
    return this.call('POST', '/plan', options, proposal);
  }

  submitRequest(request: ProfileRequest, options: FargateClientRequestOptions): Promise<ProfileRequestResponse> {
    return this.call('POST', '/requests', options, request);
  }

  private async call<T>(
    method: 'GET' | 'POST',
    path: string,
    options: FargateClientRequestOptions,
    body?: object,
  ): Promise<T> {
    const { discovery, auth } = this.deps;
    const [baseUrl, { token }] = await Promise.all([
      discovery.getBaseUrl('fargate'),
      auth.getPluginRequestToken({ onBehalfOf: options.credentials, targetPluginId: 'fargate' }),
    ]);
    const timeoutMs = this.deps.timeoutMs ?? FARGATE_CLIENT_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
    const what = `${method} /api/fargate${path}`;
    try {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal,
      });
      if (!response.ok) throw await errorOf(what, response);
      return (await response.json()) as T;
    } catch (error) {
      if (timeout.aborted && !options.signal?.aborted) {
        throw new FargateApiError(`the fargate backend did not answer ${what} within ${timeoutMs / 1000} s`, 504);
      }
      throw error;
    }
  }
}

async function errorOf(what: string, response: Response): Promise<FargateApiError> {
  const text = await response.text();
  let body: Partial<FargateErrorBody> | undefined;
  try {
    body = JSON.parse(text) as Partial<FargateErrorBody>;
  } catch {
    // Not Backstage's error shape (a proxy's HTML page): the status says it all.
  }
  const message = body?.error?.message ?? `${response.status} ${response.statusText}`.trim();
  return new FargateApiError(
    `${what} failed (${response.status}): ${message}`,
    response.status,
    body?.error?.fields ?? [],
  );
}
