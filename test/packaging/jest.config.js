// The published packages' package.json contract: static and fast, part of the root jest run.
module.exports = require('../../jest.base.js')('test/packaging');
