// The ESM-only dependencies (see jest.resolver.js) go through swc like our own sources.
const esmOnly = ['@actions', '@octokit', 'universal-user-agent', 'before-after-hook', 'fast-content-type-parse', 'json-with-bigint', 'content-type'];
module.exports = require('../../jest.base.js')('packages/action', {
  resolver: '<rootDir>/jest.resolver.js',
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
});
