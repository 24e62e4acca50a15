module.exports = require('../../jest.base.js')('packages/core');
