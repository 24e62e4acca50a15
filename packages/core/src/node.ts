// `@fargatekeeper/core/node`: disk access for Node front doors (spec folders, simulated account files).
export * from './node/simFile';
export * from './node/specs';
