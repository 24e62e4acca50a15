// The moto suite runs on its own (`npm run moto`): each file starts the AWS emulator moto on a free
// loopback port, so it stays out of the root jest projects. Skipped with a notice without python3/moto.
module.exports = require('../../jest.base.js')('test/moto', {
  testTimeout: 120_000,
});
