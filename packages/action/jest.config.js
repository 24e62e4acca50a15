// The ESM-only dependencies (see jest.resolver.js) go through swc like our own sources, and so do
// those of @kubernetes/client-node (pod-impact), found as jest.esm.js finds them; a file is compiled
// when any package on its path is one of them (openid-client nests an ESM-only jose).
const esmOnly = [
  '@actions',
  '@octokit',
  'universal-user-agent',
  'before-after-hook',
  'fast-content-type-parse',
  'json-with-bigint',
  'content-type',
  ...require('../../jest.esm.js').esmOnly,
];
module.exports = require('../../jest.base.js')('packages/action', {
  resolver: '<rootDir>/jest.resolver.js',
  transformIgnorePatterns: [`^(?!.*/node_modules/(${esmOnly.join('|')})/).*/node_modules/`],
});
