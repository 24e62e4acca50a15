module.exports = require('../../jest.base.js')('plugins/fargate-common');
