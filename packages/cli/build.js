// Bundles packages/cli/src (and the workspace TypeScript it imports, i.e. @fargatekeeper/core) into one
// CommonJS file, dist/cli.js, that plain `node` runs. Third-party packages stay external (installed
// JavaScript already; leaving the AWS SDK out keeps the bundle small and start-up fast), except `yaml`.
// Used by the root `prepare` script (after `npm install`), `npm run build`, and by bin/fargatekeeper.js
// when the bundle is missing or older than the sources. The published package ships the bundle, not this file.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const cliDir = __dirname;
const outfile = path.join(cliDir, 'dist', 'cli.js');
const entry = path.join(cliDir, 'src', 'index.ts');

/** Folders whose TypeScript ends up in the bundle: the CLI's and core's sources. */
function sourceDirs() {
  const dirs = [path.join(cliDir, 'src')];
  try {
    dirs.push(path.join(path.dirname(require.resolve('@fargatekeeper/core/package.json', { paths: [cliDir] })), 'src'));
  } catch {
    // Core not resolvable (a broken install): the build itself will say so.
  }
  return dirs;
}

const mtimeOf = file => {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0; // removed while we looked (an editor's temporary file)
  }
};

/** Newest change below `dir`: its sources, and the folders themselves (a deleted or renamed file changes those). */
function newestMtime(dir) {
  let newest = mtimeOf(dir);
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (/\.(ts|tsx|json)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) newest = Math.max(newest, mtimeOf(p));
  }
  return newest;
}

/** True when dist/cli.js is missing or older than any source that goes into it (tests excluded). */
function isStale() {
  let built;
  try {
    built = fs.statSync(outfile).mtimeMs;
  } catch {
    return true;
  }
  const inputs = [__filename, path.join(cliDir, 'package.json')].map(mtimeOf);
  return Math.max(...inputs, ...sourceDirs().map(newestMtime)) > built;
}

/**
 * Packages bundled in spite of being installed JavaScript: `yaml` is read by every command, and
 * loading its ~80 files one by one costs about 30 ms of every start; bundled it costs a few.
 */
const bundledPackages = new Set(['yaml']);

/** Leaves bare imports of installed packages as `require(...)`, bundles the workspace's own TypeScript. */
const externalPackages = {
  name: 'external-packages',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, args => {
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      if (name.startsWith('@fargatekeeper/') || bundledPackages.has(name)) return undefined;
      return { path: args.path, external: true };
    });
  },
};

async function build() {
  const esbuild = require('esbuild');
  // Written to a private folder and renamed into place, so a concurrent run never loads a half-written bundle.
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  const tmpDir = fs.mkdtempSync(path.join(path.dirname(outfile), '.build-'));
  const tmp = path.join(tmpDir, path.basename(outfile));
  await esbuild.build({
    entryPoints: [entry],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // A separate map: parsing an inline one costs every start; the bin enables maps only for debugging.
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [externalPackages],
  });
  fs.renameSync(`${tmp}.map`, `${outfile}.map`);
  fs.renameSync(tmp, outfile);
  fs.rmSync(tmpDir, { recursive: true, force: true });
  return outfile;
}

async function ensureBuilt() {
  if (isStale()) await build();
  return outfile;
}

module.exports = { build, ensureBuilt, isStale, outfile };

if (require.main === module) {
  build().then(
    file => console.log(`fargatekeeper: built ${path.relative(process.cwd(), file)}`),
    err => {
      console.error(err.message);
      process.exit(1);
    },
  );
}
