// Backstage's rules for a Node library, as for the packages.
const { createConfigForRole } = require('@backstage/cli/config/eslint-factory');

module.exports = createConfigForRole(__dirname, 'node-library', require('../eslint.project'));
