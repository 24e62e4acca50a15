module.exports = require('../../jest.base.js')('packages/cli');
