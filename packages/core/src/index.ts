// The isomorphic engine: no Node built-ins, no AWS SDK (those live in ./aws and ./node).
export * from './diagnostics';
export * from './clock';
export * from './hash';
export * from './spec';
export * from './validate';
export * from './match';
export * from './account';
export * from './plan';
export * from './apply';
export * from './render';
