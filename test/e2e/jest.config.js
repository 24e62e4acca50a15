// The browser test runs on its own (`npm run e2e`): it starts servers and Chromium, so it stays out of
// the root jest projects and matches only *.e2e.ts. Without Chromium, globalSetup fails in one line.
module.exports = require('../../jest.base.js')('test/e2e', {
  testMatch: ['<rootDir>/**/*.e2e.ts'],
  globalSetup: '<rootDir>/support/chromium.js',
});
