#!/usr/bin/env node
// The `fargatekeeper` command: checks the Node version, makes sure the bundle in dist/ is current
// (in the repository it is rebuilt when a source is newer, so an edit is never stale), then runs it.
'use strict';
const major = Number(process.versions.node.split('.')[0]);
if (major < 20) {
  process.stderr.write(
    `fargatekeeper needs Node 20 or later (Node 24 is the supported runtime); this is Node ${process.versions.node}.\n` +
      'From the repository, run it under Node 24 with: scripts/node24 npx fargatekeeper ...\n',
  );
  process.exit(1);
}
// Node 22.1+ keeps V8's compiled code of the bundle (and yaml, the SDK) on disk: later starts skip compiling.
const { enableCompileCache } = require('node:module');
const fs = require('node:fs');
const path = require('node:path');

if (enableCompileCache) enableCompileCache();
// Stack traces point into the TypeScript sources only when asked: loading the map costs every start.
if (process.env.FARGATEKEEPER_DEBUG) process.setSourceMapsEnabled(true);
// In the repository build.js rebuilds a stale bundle; an installed package ships the bundle alone.
const builder = path.join(__dirname, '../build.js');
const bundle = fs.existsSync(builder)
  ? require(builder).ensureBuilt()
  : Promise.resolve(path.join(__dirname, '../dist/cli.js'));
bundle
  .then(file => require(file).runProcess())
  .catch(err => {
    process.stderr.write(`fargatekeeper: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 1;
  });
