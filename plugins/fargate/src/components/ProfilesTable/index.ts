export { ProfilesTable } from './ProfilesTable';
export { DriftChip, ManagedChip, ProfileStatusChip } from './chips';
export { SelectorList } from './SelectorList';
