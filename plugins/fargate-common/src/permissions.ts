import { createPermission } from '@backstage/plugin-permission-common';

/** See live and desired Fargate profiles, plan previews, the explainer and open requests. */
export const fargateProfileReadPermission = createPermission({
  name: 'fargate.profile.read',
  attributes: { action: 'read' },
});

/** Request a new Fargate profile, which opens a pull request on the specs repository. */
export const fargateProfileRequestPermission = createPermission({
  name: 'fargate.profile.request',
  attributes: { action: 'create' },
});

/** Every permission of the fargate plugins, for `permissionsRegistry.addPermissions` and policies. */
export const fargatePermissions = [fargateProfileReadPermission, fargateProfileRequestPermission];
