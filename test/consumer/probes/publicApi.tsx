// Copied into the consumer app's packages/app/src by the consumer test before `tsc`: App.tsx only
// discovers the frontend plugin, so this is where the app's typecheck meets the plugin's published
// types, used as an app would use them (either frontend system). The frontend build leaves it out:
// nothing imports it.
import type { FrontendFeature } from '@backstage/frontend-plugin-api';
import {
  EntityFargateProfilesCard,
  FargatePage,
  fargatePlugin,
  isFargateAvailable,
} from '@fargatekeeper/backstage-plugin-fargate';
import newFrontendSystemPlugin from '@fargatekeeper/backstage-plugin-fargate/alpha';

export const features: FrontendFeature[] = [newFrontendSystemPlugin];

export const legacyApp = {
  pluginId: fargatePlugin.getId(),
  page: <FargatePage />,
  card: <EntityFargateProfilesCard />,
  cardShown: isFargateAvailable({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'prod-eu' },
    spec: { type: 'kubernetes-cluster' },
  }),
};
