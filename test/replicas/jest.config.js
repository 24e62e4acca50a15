// Two backend replicas on Redis behind a round-robin balancer: processes of their own, Debian's
// redis-server on 127.0.0.1 (.ci/run installs it). Part of the root jest projects.
module.exports = require('../../jest.base.js')('test/replicas', {
  testTimeout: 120_000,
});
