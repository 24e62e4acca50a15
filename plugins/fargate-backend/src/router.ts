import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult, type BasicPermission, type ResourcePermission } from '@backstage/plugin-permission-common';
import {
  fargateProfileChangePermission,
  fargateProfileDeletePermission,
  fargateProfileReadPermission,
  fargateProfileRequestPermission,
  profileResourceRef,
  type ClusterProfilesResponse,
  type ClustersResponse,
  type ExplainResponse,
  type OpenRequestsResponse,
  type PlanPreviewResponse,
  type ProfileRequest,
  type ProfileRequestResponse,
} from '@fargatekeeper/backstage-plugin-fargate-common';
import express from 'express';
import Router from 'express-promise-router';
import { gatewayTimeouts } from './gatewayTimeout';
import type { FargateService } from './service/FargateService';
import { retryAfter } from './service/RequestRateLimit';
import type { RequestService } from './service/RequestService';
import { explainRequestSchema, parseInput, planPreviewRequestSchema, profileRequestSchema } from './validation';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  fargate: FargateService;
  requests: RequestService;
}

/**
 * The routes under /api/fargate. Every route needs a fargate permission and a signed-in user, but for
 * the listings, which other backend plugins may read as themselves.
 */
export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { httpAuth, permissions, fargate, requests } = options;
  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  /**
   * The caller's credentials, once the permission is granted (403 otherwise, 401 without a user). A
   * resource permission is asked for one profile (`resourceRef`), so a policy can decide by its owner.
   */
  async function authorize(
    req: express.Request,
    permission: BasicPermission | { permission: ResourcePermission; resourceRef: string },
  ): Promise<BackstageCredentials<BackstageUserPrincipal>> {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    await decide(credentials, permission);
    return credentials;
  }

  /**
   * Listing clusters and their profiles is open to other backend plugins too, with their own service
   * credentials (the catalog module's entity provider); the permission framework allows services.
   */
  async function authorizeListing(req: express.Request): Promise<void> {
    await decide(await httpAuth.credentials(req, { allow: ['user', 'service'] }), fargateProfileReadPermission);
  }

  async function decide(
    credentials: BackstageCredentials,
    permission: BasicPermission | { permission: ResourcePermission; resourceRef: string },
  ): Promise<void> {
    const request = 'resourceRef' in permission ? permission : { permission };
    const [decision] = await permissions.authorize([request], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) {
      const on = 'resourceRef' in permission ? ` on ${permission.resourceRef}` : '';
      throw new NotAllowedError(`you lack the permission ${request.permission.name}${on}`);
    }
  }

  /** Creating needs `fargate.profile.request`; changing and deleting need their resource permission on the profile. */
  const permissionFor = (request: ProfileRequest) => {
    if (request.kind === 'create') return fargateProfileRequestPermission;
    const permission = request.kind === 'change' ? fargateProfileChangePermission : fargateProfileDeletePermission;
    return { permission, resourceRef: profileResourceRef(request.cluster, request.name) };
  };

  router.get('/clusters', async (req, res) => {
    await authorizeListing(req);
    const body: ClustersResponse = { clusters: await fargate.listClusters() };
    res.json(body);
  });

  router.get('/clusters/:cluster/profiles', async (req, res) => {
    await authorizeListing(req);
    const body: ClusterProfilesResponse = await fargate.clusterProfiles(req.params.cluster);
    res.json(body);
  });

  router.post('/plan', async (req, res) => {
    await authorize(req, fargateProfileReadPermission);
    const body: PlanPreviewResponse = await fargate.previewPlan(parseInput(planPreviewRequestSchema, req.body));
    res.json(body);
  });

  router.post('/explain', async (req, res) => {
    await authorize(req, fargateProfileReadPermission);
    const body: ExplainResponse = await fargate.explain(parseInput(explainRequestSchema, req.body));
    res.json(body);
  });

  // 201 with a new pull request, 200 with the open one of an identical request.
  router.post('/requests', async (req, res) => {
    // The user first (401 before 400), then the body, then the permission its kind needs.
    await httpAuth.credentials(req, { allow: ['user'] });
    const request = parseInput(profileRequestSchema, req.body);
    const credentials = await authorize(req, permissionFor(request));
    const body: ProfileRequestResponse = await requests.submit(request, credentials.principal.userEntityRef);
    res.status(body.deduplicated ? 200 : 201).json(body);
  });

  router.get('/requests', async (req, res) => {
    await authorize(req, fargateProfileReadPermission);
    const body: OpenRequestsResponse = { requests: await requests.listOpen() };
    res.json(body);
  });

  // Last, after every route: a call that timed out on every attempt (AWS stalled) answers 504 naming it;
  // a rate-limited request says when to try again.
  router.use(gatewayTimeouts);
  router.use(retryAfter);
  return router;
}
