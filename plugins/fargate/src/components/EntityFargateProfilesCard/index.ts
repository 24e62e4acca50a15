export { EntityFargateProfilesCard } from './EntityFargateProfilesCard';
