// The action is no Backstage package (no backstage.role): Backstage's rules for a Node library.
const { createConfigForRole } = require('@backstage/cli/config/eslint-factory');

module.exports = createConfigForRole(__dirname, 'node-library', require('../../eslint.project'));
