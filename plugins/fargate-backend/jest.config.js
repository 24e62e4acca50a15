// ESM-only dependencies (Octokit, the proxy agents, @kubernetes/client-node) are compiled to CommonJS: see jest.esm.js.
module.exports = require('../../jest.base.js')('plugins/fargate-backend', {
  transformIgnorePatterns: require('../../jest.esm.js').transformIgnorePatterns,
});
