module.exports = require('../../jest.base.js')('packages/action');
