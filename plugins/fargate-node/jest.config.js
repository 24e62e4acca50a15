// @backstage/backend-test-utils pulls in ESM-only dependencies (the proxy agents), compiled to CommonJS: see jest.esm.js.
module.exports = require('../../jest.base.js')('plugins/fargate-node', {
  transformIgnorePatterns: require('../../jest.esm.js').transformIgnorePatterns,
});
