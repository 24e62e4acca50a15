import pkg from '../package.json';

/** The CLI's version, from its package.json (inlined by the bundler). */
export const version: string = pkg.version;
