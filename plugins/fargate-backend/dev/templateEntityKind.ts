import { createBackendModule } from '@backstage/backend-plugin-api';
// eslint-disable-next-line @backstage/no-undeclared-imports -- installed with the catalog backend; goes with the entity-model module
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
// eslint-disable-next-line @backstage/no-undeclared-imports -- installed with the scaffolder backend; goes with the entity-model module
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';

/**
 * The catalog's `Template` kind, so the dev backend's catalog takes the example software template.
 * A stand-in for `@backstage/plugin-catalog-backend-module-scaffolder-entity-model` (its processor's
 * kind check, without the owner relation), which is not among this workspace's dependencies.
 */
export const catalogModuleTemplateKind = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'template-kind',
  register(env) {
    env.registerInit({
      deps: { processing: catalogProcessingExtensionPoint },
      async init({ processing }) {
        processing.addProcessor({
          getProcessorName: () => 'TemplateKindProcessor',
          validateEntityKind: async entity => templateEntityV1beta3Validator.check(entity),
        });
      },
    });
  },
});
