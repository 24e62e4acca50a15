// The fargate backend with Backstage's scaffolder and catalog and this project's modules for them, in
// one test backend (as the dev backend has them). Its own jest run (`npm run portal`, in `npm test`),
// which exits by itself: the test backend destroys the plugins' SQLite databases when it stops, which
// Backstage's DatabaseManager does not (see plugins/fargate-backend/src/__testUtils__/databaseService.ts).
// The plugins' ESM-only dependencies are compiled to CommonJS (see jest.esm.js).
module.exports = require('../../jest.base.js')('test/portal', {
  transformIgnorePatterns: require('../../jest.esm.js').transformIgnorePatterns,
  testTimeout: 120_000,
});
