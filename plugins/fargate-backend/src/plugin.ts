import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { DefaultGithubCredentialsProvider, ScmIntegrations } from '@backstage/integration';
import {
  fargateProfileChangePermission,
  fargateProfileDeletePermission,
  fargateProfileReadPermission,
  fargateProfileRequestPermission,
} from '@fargatekeeper/backstage-plugin-fargate-common';
import {
  fargateAccountsExtensionPoint,
  type FargateAccountFactory,
} from '@fargatekeeper/backstage-plugin-fargate-node';
import type { ClusterSpec } from '@fargatekeeper/core';
import { readFargateConfig } from './config';
import { fargateProfileResourceRef, fargateProfileRules } from './permissions';
import { createRouter } from './router';
import { ClusterAccounts } from './service/ClusterAccounts';
import { defaultAccountFactory } from './service/defaultAccountFactory';
import { FargateService } from './service/FargateService';
import { createPodAccess } from './service/podAccess';
import { GithubClientFactory, parseGithubRepoUrl } from './service/github';
import { ReadCache } from './service/ReadCache';
import { RequestRateLimit } from './service/RequestRateLimit';
import { RequestService } from './service/RequestService';
import { GithubSpecSource, LocalSpecSource } from './service/SpecSource';
import { SpecsRepository } from './service/SpecsRepository';

/**
 * The fargatekeeper backend plugin: live and desired Fargate profiles per cluster, plan previews, the
 * pod explainer, and self-service requests as pull requests on the specs repository.
 *
 * @public
 */
export const fargatePlugin = createBackendPlugin({
  pluginId: 'fargate',
  register(env) {
    let accountFactory: FargateAccountFactory | undefined;
    env.registerExtensionPoint(fargateAccountsExtensionPoint, {
      setAccountFactory(factory) {
        if (accountFactory) throw new Error('the fargate account factory was already set by another module');
        accountFactory = factory;
      },
    });

    env.registerInit({
      deps: {
        rootConfig: coreServices.rootConfig,
        logger: coreServices.logger,
        cache: coreServices.cache,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({ rootConfig, logger, cache, httpRouter, httpAuth, permissions, permissionsRegistry }) {
        const config = readFargateConfig(rootConfig);

        const readCache = new ReadCache(cache, config.cacheTtlMs);
        const createAccount = accountFactory ?? (await defaultAccountFactory({ config, rootConfig, logger }));
        // app-config's clusters and those the specs' Cluster documents declare (read when asked, like the specs).
        const clusters = new ClusterAccounts(
          config.clusters,
          createAccount,
          readCache,
          async (): Promise<readonly ClusterSpec[]> => (await fargate.desired()).clusters,
          logger,
        );

        const integrations = ScmIntegrations.fromConfig(rootConfig);
        const github = new GithubClientFactory(
          integrations,
          DefaultGithubCredentialsProvider.fromIntegrations(integrations),
          logger,
          config.callPolicy,
        );
        const repo = config.specs.url ? parseGithubRepoUrl(config.specs.url) : undefined;
        const localFolder = config.specs.localFolder;
        const specs = localFolder
          ? new LocalSpecSource({ ...config.specs, localFolder }, repo, logger)
          : new GithubSpecSource(config.specs, repo!, github, readCache);

        // Pod access (fargate.podImpact): running pods per profile on the cards, pod impact in the views' plans.
        const pods = config.pods ? await createPodAccess(config.pods, clusters, config.callPolicy) : undefined;
        const fargate = new FargateService({
          clusters,
          specs,
          specsConfig: config.specs,
          cache: readCache,
          logger,
          ...(pods ? { pods } : {}),
        });
        const requests = new RequestService({
          fargate,
          ...(repo ? { repository: new SpecsRepository(repo, config.specs.branch, github) } : {}),
          cache: readCache,
          rateLimit: new RequestRateLimit(cache, config.rateLimit),
          logger,
        });

        permissionsRegistry.addPermissions([fargateProfileReadPermission, fargateProfileRequestPermission]);
        // Change and delete are asked for one profile; a conditional decision (isProfileOwner) loads it here.
        permissionsRegistry.addResourceType({
          resourceRef: fargateProfileResourceRef,
          permissions: [fargateProfileChangePermission, fargateProfileDeletePermission],
          rules: Object.values(fargateProfileRules),
          getResources: refs => fargate.profileResources(refs, config.ownerTag),
        });
        httpRouter.use(await createRouter({ httpAuth, permissions, fargate, requests }));
      },
    });
  },
});
