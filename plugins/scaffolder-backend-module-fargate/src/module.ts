import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { fargateClientServiceRef } from '@fargatekeeper/backstage-plugin-fargate-node';
import { createFargateProfileRequestAction } from './actions/profileRequest';

/**
 * Adds the `fargate:profile:request` action to the scaffolder. The action calls the fargate backend
 * plugin (the same backend or another one, found through discovery) on behalf of the template's user.
 *
 * @public
 */
export const scaffolderModuleFargate = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'fargate',
  register(env) {
    env.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint, fargate: fargateClientServiceRef },
      async init({ scaffolder, fargate }) {
        scaffolder.addActions(createFargateProfileRequestAction({ fargate }));
      },
    });
  },
});
