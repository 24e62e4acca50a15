/**
 * The fargatekeeper Backstage backend plugin: `backend.add(import('@fargatekeeper/backstage-plugin-fargate-backend'))`.
 * Other plugins' modules use `@fargatekeeper/backstage-plugin-fargate-node` (the client service, the
 * accounts extension point), never this package.
 *
 * @packageDocumentation
 */
export { fargatePlugin as default } from './plugin';
// For permission policies: allow changing and deleting a profile to its owners (see docs/portal.md).
export {
  createFargateProfileConditionalDecision,
  fargateProfileConditions,
  fargateProfileResourceRef,
  type FargateProfileQuery,
  type FargateProfileResource,
} from './permissions';
