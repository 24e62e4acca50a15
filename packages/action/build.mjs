// Bundles the action into one CommonJS file, packages/action/dist/index.js, which action.yml runs on node24.
// `node packages/action/build.mjs` writes it (root script: `npm run build:action`);
// `--check` builds in memory and fails when the committed file differs (a stale bundle would ship old code).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const outfile = 'packages/action/dist/index.js';

/** @type {import('esbuild').BuildOptions} */
export const options = {
  // Paths in the output are relative to the repository, so the bundle is the same on every machine.
  absWorkingDir: root,
  entryPoints: ['packages/action/src/index.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node24',
  // @actions/core 3 and @actions/github 9 are ESM-only; esbuild turns them into CommonJS with the rest.
  format: 'cjs',
  // ESM builds where packages have them (the AWS SDK's dist-es): esbuild can drop the unused commands.
  mainFields: ['module', 'main'],
  minify: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
};

export async function buildAction({ write = true } = {}) {
  const result = await build({ ...options, write });
  return { result, code: write ? readFileSync(join(root, outfile)) : Buffer.from(result.outputFiles[0].contents) };
}

async function main() {
  const check = process.argv.includes('--check');
  const { result, code } = await buildAction({ write: !check });
  if (code.includes(root)) {
    console.error(`${outfile} contains a path of this machine (${root}); the bundle must not depend on where it was built.`);
    process.exit(1);
  }
  if (check) {
    let committed;
    try {
      committed = readFileSync(join(root, outfile));
    } catch {
      committed = Buffer.alloc(0);
    }
    if (!committed.equals(code)) {
      console.error(`${outfile} is not what the sources build (${committed.length} bytes committed, ${code.length} built). Run \`npm run build:action\` and commit the bundle.`);
      process.exit(1);
    }
    console.log(`${outfile} is up to date (${code.length} bytes).`);
    return;
  }
  const inputs = Object.keys(result.metafile.inputs).length;
  console.log(`${relative(process.cwd(), join(root, outfile)) || outfile}: ${(code.length / 1024 / 1024).toFixed(2)} MB from ${inputs} modules`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
