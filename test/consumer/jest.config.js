// The consumer test runs on its own (`npm run test:consumer`, after `npm test` in .ci/run): it builds,
// packs and installs the packages and starts a Backstage app in Chromium, so it stays out of the root
// jest projects. Without Chromium, globalSetup fails in one line.
module.exports = require('../../jest.base.js')('test/consumer', {
  testMatch: ['<rootDir>/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/app/'],
  globalSetup: '<rootDir>/../e2e/support/chromium.js',
});
