import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { DefaultGithubCredentialsProvider, ScmIntegrations } from '@backstage/integration';
import { fargatePermissions } from '@fargatekeeper/backstage-plugin-fargate-common';
import { readFargateConfig } from './config';
import { fargateAccountsExtensionPoint, type FargateAccountFactory } from './extensions';
import { createRouter } from './router';
import { ClusterAccounts } from './service/ClusterAccounts';
import { defaultAccountFactory } from './service/defaultAccountFactory';
import { FargateService } from './service/FargateService';
import { GithubClientFactory, parseGithubRepoUrl } from './service/github';
import { ReadCache } from './service/ReadCache';
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
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({ rootConfig, logger, cache, httpRouter, httpAuth, userInfo, permissions, permissionsRegistry }) {
        const config = readFargateConfig(rootConfig);
        permissionsRegistry.addPermissions(fargatePermissions);

        const readCache = new ReadCache(cache, config.cacheTtlMs);
        const createAccount = accountFactory ?? (await defaultAccountFactory({ config, rootConfig, logger }));
        const clusters = new ClusterAccounts(config.clusters, createAccount, readCache);

        const integrations = ScmIntegrations.fromConfig(rootConfig);
        const github = new GithubClientFactory(integrations, DefaultGithubCredentialsProvider.fromIntegrations(integrations), logger, config.callPolicy);
        const repo = config.specs.url ? parseGithubRepoUrl(config.specs.url) : undefined;
        const localFolder = config.specs.localFolder;
        const specs = localFolder
          ? new LocalSpecSource({ ...config.specs, localFolder }, repo, logger)
          : new GithubSpecSource(config.specs, repo!, github, readCache);

        const fargate = new FargateService({ clusters, specs, specsConfig: config.specs, cache: readCache, logger });
        const requests = new RequestService({
          fargate,
          ...(repo ? { repository: new SpecsRepository(repo, config.specs.branch, github) } : {}),
          cache: readCache,
          logger,
        });
        httpRouter.use(await createRouter({ httpAuth, permissions, userInfo, fargate, requests }));
      },
    });
  },
});
