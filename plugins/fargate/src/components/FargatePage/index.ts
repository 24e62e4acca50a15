export { FargatePage } from './FargatePage';
