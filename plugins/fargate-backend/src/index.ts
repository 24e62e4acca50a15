/**
 * The fargatekeeper Backstage backend plugin: `backend.add(import('@fargatekeeper/backstage-plugin-fargate-backend'))`.
 *
 * @packageDocumentation
 */
export { fargatePlugin as default } from './plugin';
export {
  fargateAccountsExtensionPoint,
  type FargateAccountFactory,
  type FargateAccountsExtensionPoint,
} from './extensions';
export type { ClusterConfig } from './config';
