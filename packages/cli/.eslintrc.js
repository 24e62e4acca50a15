const project = require('../../eslint.project');

module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  ...project,
  overrides: [
    ...project.overrides,
    {
      // The published bin is a bundle with core inlined (build.js), so core is a devDependency on purpose.
      files: ['src/**'],
      excludedFiles: ['**/*.test.ts'],
      rules: { '@backstage/no-undeclared-imports': 'off' },
    },
  ],
});
