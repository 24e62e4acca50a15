import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult, type BasicPermission } from '@backstage/plugin-permission-common';
import {
  fargateProfileReadPermission,
  fargateProfileRequestPermission,
  type ClusterProfilesResponse,
  type ClustersResponse,
  type ExplainResponse,
  type OpenRequestsResponse,
  type PlanPreviewResponse,
  type ProfileRequestResponse,
} from '@fargatekeeper/backstage-plugin-fargate-common';
import express from 'express';
import Router from 'express-promise-router';
import { gatewayTimeouts } from './gatewayTimeout';
import type { FargateService } from './service/FargateService';
import type { RequestService } from './service/RequestService';
import { explainRequestSchema, parseInput, planPreviewRequestSchema, profileRequestSchema } from './validation';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  fargate: FargateService;
  requests: RequestService;
}

/** The routes under /api/fargate. Every route needs a signed-in user and a fargate permission. */
export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { httpAuth, permissions, userInfo, fargate, requests } = options;
  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  /** The caller's credentials, once the permission is granted (403 otherwise, 401 without a user). */
  async function authorize(
    req: express.Request,
    permission: BasicPermission,
  ): Promise<BackstageCredentials<BackstageUserPrincipal>> {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [decision] = await permissions.authorize([{ permission }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`you lack the permission ${permission.name}`);
    }
    return credentials;
  }

  router.get('/clusters', async (req, res) => {
    await authorize(req, fargateProfileReadPermission);
    const body: ClustersResponse = { clusters: await fargate.listClusters() };
    res.json(body);
  });

  router.get('/clusters/:cluster/profiles', async (req, res) => {
    await authorize(req, fargateProfileReadPermission);
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

  router.post('/requests', async (req, res) => {
    const credentials = await authorize(req, fargateProfileRequestPermission);
    const request = parseInput(profileRequestSchema, req.body);
    const { userEntityRef } = await userInfo.getUserInfo(credentials);
    const body: ProfileRequestResponse = await requests.create(request, userEntityRef);
    res.status(201).json(body);
  });

  router.get('/requests', async (req, res) => {
    await authorize(req, fargateProfileReadPermission);
    const body: OpenRequestsResponse = { requests: await requests.listOpen() };
    res.json(body);
  });

  // Last, after every route: a call that timed out on every attempt (AWS stalled) answers 504 naming it.
  router.use(gatewayTimeouts);
  return router;
}
