// The fargate backend with Backstage's scaffolder and catalog and this project's modules for them, in
// one test backend (as the dev backend has them). Its own jest run (`npm run portal`, in `npm test`) with
// --forceExit: Backstage's real scheduler, which this test needs for the initial delay, still holds a
// handle after the backend stops, and jest would wait for it forever. The plugins' ESM-only dependencies
// are compiled to CommonJS (see jest.esm.js).
module.exports = require('../../jest.base.js')('test/portal', {
  transformIgnorePatterns: require('../../jest.esm.js').transformIgnorePatterns,
  testTimeout: 120_000,
});
