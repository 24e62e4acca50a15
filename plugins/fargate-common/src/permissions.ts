import { createPermission } from '@backstage/plugin-permission-common';

/** The resource type of change and delete permissions: a spec in Git, named `<cluster>/<spec>` (see {@link profileResourceRef}). */
export const FARGATE_PROFILE_RESOURCE_TYPE = 'fargate-profile';

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

/**
 * Request a change of a profile's selectors, subnets, role or tags (a pull request that edits its spec).
 * A resource permission: a policy can allow it for the profile's owners only (the backend's `isProfileOwner`).
 */
export const fargateProfileChangePermission = createPermission({
  name: 'fargate.profile.change',
  attributes: { action: 'update' },
  resourceType: FARGATE_PROFILE_RESOURCE_TYPE,
});

/** Request the removal of a profile (a pull request that removes its spec); a resource permission like change. */
export const fargateProfileDeletePermission = createPermission({
  name: 'fargate.profile.delete',
  attributes: { action: 'delete' },
  resourceType: FARGATE_PROFILE_RESOURCE_TYPE,
});

/** Every permission of the fargate plugins, for `permissionsRegistry.addPermissions` and policies. */
export const fargatePermissions = [
  fargateProfileReadPermission,
  fargateProfileRequestPermission,
  fargateProfileChangePermission,
  fargateProfileDeletePermission,
];

/** The resource ref of a profile's spec for change and delete permissions: `prod-eu/payments-jobs`. */
export function profileResourceRef(cluster: string, spec: string): string {
  return `${cluster}/${spec}`;
}

/** The cluster and spec a resource ref names, or undefined for a string that is not one. */
export function parseProfileResourceRef(ref: string): { cluster: string; spec: string } | undefined {
  const match = /^([^/]+)\/([^/]+)$/.exec(ref);
  return match ? { cluster: match[1]!, spec: match[2]! } : undefined;
}
