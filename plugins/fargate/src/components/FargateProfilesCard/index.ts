export { FargateProfilesCard } from './FargateProfilesCard';
