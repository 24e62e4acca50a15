// The new frontend system: `import fargatePlugin from '@fargatekeeper/backstage-plugin-fargate/alpha'`.
export { default, fargateApi, fargatePage, entityFargateProfilesCard } from './alpha/plugin';
