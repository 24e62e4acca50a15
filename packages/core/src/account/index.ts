export * from './types';
export * from './trust';
export * from './sim';
export * from './AccountReader';
export * from './eksFacts';
