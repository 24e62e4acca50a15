// The module consumes the fargate backend's client service (fargateClientServiceRef), which the backend
// package exports until a node-library package (@fargatekeeper/backstage-plugin-fargate-node) holds it.
const project = require('../../eslint.project');

module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  ...project,
  rules: { ...project.rules, '@backstage/no-mixed-plugin-imports': 'off' },
});
