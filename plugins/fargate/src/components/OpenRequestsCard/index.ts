export { OpenRequestsCard } from './OpenRequestsCard';
