export { fargateApiRef } from './FargateApi';
export type { FargateApi } from './FargateApi';
export { FargateClient } from './FargateClient';
