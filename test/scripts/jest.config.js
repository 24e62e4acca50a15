// Tests of the repository's own scripts (scripts/).
module.exports = require('../../jest.base.js')('test/scripts');
