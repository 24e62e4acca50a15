export * from './types';
export * from './trust';
export * from './sim';
