// `@fargatekeeper/core/node`: disk access for Node front doors (spec folders, simulated account files)
// and the one way they open an account.
export * from './node/simFile';
export * from './node/specs';
export * from './node/openAccount';
