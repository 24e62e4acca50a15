/**
 * The scaffolder action `fargate:profile:request`:
 * `backend.add(import('@fargatekeeper/backstage-plugin-scaffolder-backend-module-fargate'))`.
 *
 * @packageDocumentation
 */
export { scaffolderModuleFargate as default } from './module';
export {
  createFargateProfileRequestAction,
  FARGATE_PROFILE_REQUEST_ACTION_ID,
  type FargateProfileRequestInput,
  type FargateProfileRequestOutput,
} from './actions/profileRequest';
