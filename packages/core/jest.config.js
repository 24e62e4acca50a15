// @kubernetes/client-node ships ESM only: compiled to CommonJS for jest (see jest.esm.js).
module.exports = require('../../jest.base.js')('packages/core', {
  transformIgnorePatterns: require('../../jest.esm.js').transformIgnorePatterns,
});
