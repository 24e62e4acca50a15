// @kubernetes/client-node (pod access) ships ESM only: compiled to CommonJS for jest (see jest.esm.js).
module.exports = require('../../jest.base.js')('packages/cli', {
  transformIgnorePatterns: require('../../jest.esm.js').transformIgnorePatterns,
});
