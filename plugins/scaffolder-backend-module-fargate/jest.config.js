// ESM-only dependencies (Octokit, the proxy agents, @kubernetes/client-node) are compiled to CommonJS: see jest.esm.js.
module.exports = require('../../jest.base.js')('plugins/scaffolder-backend-module-fargate', {
  transformIgnorePatterns: require('../../jest.esm.js').transformIgnorePatterns,
});
