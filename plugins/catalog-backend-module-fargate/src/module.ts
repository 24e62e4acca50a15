import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint, catalogServiceRef } from '@backstage/plugin-catalog-node';
import { fargateClientServiceRef } from '@fargatekeeper/backstage-plugin-fargate-node';
import { readFargateCatalogConfig } from './config';
import { FargateEntityProvider } from './FargateEntityProvider';

/**
 * Adds the fargate entity provider to the catalog: Fargate profiles as `Resource` entities, read from
 * the fargate backend plugin (the same backend or another one, found through discovery).
 *
 * @public
 */
export const catalogModuleFargate = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'fargate',
  register(env) {
    env.registerInit({
      deps: {
        processing: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        fargate: fargateClientServiceRef,
      },
      async init({ processing, config, ...services }) {
        processing.addEntityProvider(
          new FargateEntityProvider({ ...services, config: readFargateCatalogConfig(config) }),
        );
      },
    });
  },
});
