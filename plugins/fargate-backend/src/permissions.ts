import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { FARGATE_PROFILE_RESOURCE_TYPE } from '@fargatekeeper/backstage-plugin-fargate-common';
import { z } from 'zod';

/**
 * A profile as permission rules see it: a spec in Git, and the owner its owner tag names (`fargate.ownerTag`).
 *
 * @public
 */
export interface FargateProfileResource {
  cluster: string;
  spec: string;
  /** The owner's entity ref, lowercase (`group:default/payments`); undefined without the tag. */
  owner?: string;
}

/**
 * The rules as a filter (the plugin lists no profiles by permission; policies only decide on one).
 *
 * @public
 */
export interface FargateProfileQuery {
  owners: string[];
}

/**
 * The `fargate-profile` resource type of `fargate.profile.change` and `fargate.profile.delete`; resource refs are `<cluster>/<spec>`.
 *
 * @public
 */
export const fargateProfileResourceRef = createPermissionResourceRef<
  FargateProfileResource,
  FargateProfileQuery
>().with({
  pluginId: 'fargate',
  resourceType: FARGATE_PROFILE_RESOURCE_TYPE,
});

const lowercase = (refs: string[]) => refs.map(ref => ref.toLowerCase());

/** Allows profiles whose owner is one of `claims`: a policy passes the user's ownership refs, so owners alone may change or delete. */
export const isProfileOwner = createPermissionRule({
  name: 'IS_PROFILE_OWNER',
  description: "Allow Fargate profiles whose spec's owner tag names one of the given entity refs",
  resourceRef: fargateProfileResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Entity refs (usually the user and their groups) to match the profile owner against'),
  }),
  apply: (resource, { claims }) => resource.owner !== undefined && lowercase(claims).includes(resource.owner),
  toQuery: ({ claims }) => ({ owners: lowercase(claims) }),
});

/** Every rule of the `fargate-profile` resource type. */
export const fargateProfileRules = { isProfileOwner };

/**
 * Conditions for permission policies:
 * `createFargateProfileConditionalDecision(permission, fargateProfileConditions.isProfileOwner({ claims: user.identity.ownershipEntityRefs }))`.
 *
 * @public
 */
export const {
  conditions: fargateProfileConditions,
  createConditionalDecision: createFargateProfileConditionalDecision,
} = createConditionExports({
  resourceRef: fargateProfileResourceRef,
  rules: fargateProfileRules,
});
