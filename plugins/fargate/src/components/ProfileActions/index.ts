export { ProfileActions } from './ProfileActions';
