// Backstage's rules for a Node library, as for the packages, knowing the suites' own test wrappers.
const { createConfigForRole } = require('@backstage/cli/config/eslint-factory');
const project = require('../eslint.project');

module.exports = createConfigForRole(__dirname, 'node-library', {
  ...project,
  testRules: {
    ...project.testRules,
    // The browser suite's `browserTest` is `test` with the page's state added to a failure, the
    // consumer test's `phase` a timed `it`; `expectText` waits for a text and fails when it does not come.
    'jest/no-standalone-expect': ['error', { additionalTestBlockFunctions: ['browserTest', 'phase'] }],
    'jest/expect-expect': ['warn', { assertFunctionNames: ['expect', 'expectText'] }],
    'jest/valid-title': ['error', { ignoreTypeOfDescribeName: true }],
  },
});
