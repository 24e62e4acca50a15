// Bundles the action into one CommonJS file, packages/action/dist/index.js, which action.yml runs on node24.
// `node packages/action/build.mjs` writes it (root script: `npm run build:action`);
// `--check` builds in memory and fails when the committed file differs (a stale bundle would ship old code).
//
// Cold start: V8 parses all code of the file before the first line runs. Two parts are needed only
// later, or never: the AWS adapter (`@fargatekeeper/core/aws` with the SDK, over half of the code) is
// not used against a simulated account, and the GitHub client (packages/action/src/octokit.ts with
// `@actions/github`, Octokit's retry and throttling plugins and undici) not by a drift check.
// Each is bundled on its own and embedded in the file as a string, which V8 skips over at a fraction of
// the cost of parsing it as code, and compiled when the action first imports it. `@actions/core` would
// still pull undici in through its OIDC client, which the action does not use: it is marked free of side
// effects, so esbuild leaves it out. Figures in bench/README.md, "action bundle".
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const outfile = 'packages/action/dist/index.js';

/**
 * Modules embedded as source text and compiled on first import: the specifier the sources import, and
 * what the part bundles (the same package, or a file of the action with everything it imports).
 */
const embeddedParts = {
  '@fargatekeeper/core/aws': '@fargatekeeper/core/aws',
  './octokit': './packages/action/src/octokit.ts',
};
const embedded = Object.keys(embeddedParts);

/** @type {import('esbuild').BuildOptions} */
const common = {
  // Paths in the output are relative to the repository, so the bundle is the same on every machine.
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node24',
  // @actions/core 3 and @actions/github 9 are ESM-only; esbuild turns them into CommonJS with the rest.
  format: 'cjs',
  // ESM builds where packages have them (the AWS SDK's dist-es): esbuild can drop what is not used.
  mainFields: ['module', 'main'],
  // import() of Node built-ins (the SDK loads `node:https` that way) becomes require(): the embedded
  // part runs through vm.compileFunction, which has no module loader for import().
  supported: { 'dynamic-import': false },
  minify: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
};

/** The main bundle's stand-in for an embedded module: compile its text on first use, as CommonJS. */
function embeddedModule(name, source) {
  return `// ${name}, bundled separately and compiled on first import (packages/action/build.mjs).
const source = ${JSON.stringify(source)};
const { compileFunction } = require('node:vm');
const compiled = compileFunction(source, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: __filename + ' (${name})' });
compiled(module.exports, require, module, __filename, __dirname);
`;
}

export async function buildAction({ write = true } = {}) {
  const parts = {};
  const metafiles = [];
  for (const name of embedded) {
    const part = await build({
      ...common,
      stdin: { contents: `export * from ${JSON.stringify(embeddedParts[name])};`, resolveDir: root, sourcefile: `embedded:${name}` },
      write: false,
      outfile: `${outfile}.${name.replace(/\W+/g, '-')}`,
    });
    parts[name] = part.outputFiles[0].text;
    metafiles.push(part.metafile);
  }
  const result = await build({
    ...common,
    entryPoints: ['packages/action/src/index.ts'],
    outfile,
    write,
    plugins: [
      {
        name: 'embedded-modules',
        setup(b) {
          const filter = new RegExp(`^(${embedded.map(n => n.replace(/[/.]/g, '\\$&')).join('|')})$`);
          const ownSources = join(root, 'packages/action/src/');
          // A relative specifier is the action's own file only when one of the action's sources imports it.
          b.onResolve({ filter }, args =>
            args.path.startsWith('.') && !args.importer.startsWith(ownSources) ? undefined : { path: args.path, namespace: 'embedded' },
          );
          b.onLoad({ filter: /.*/, namespace: 'embedded' }, args => ({ contents: embeddedModule(args.path, parts[args.path]), loader: 'js' }));
        },
      },
      {
        name: 'unused-oidc-client',
        setup(b) {
          b.onResolve({ filter: /^\.\/oidc-utils\.js$/ }, async args => {
            if (args.pluginData === 'resolving' || !args.importer.includes('node_modules/@actions/core/')) return undefined;
            const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'resolving' });
            return { path: resolved.path, sideEffects: false };
          });
        },
      },
    ],
  });
  metafiles.unshift(result.metafile);
  const code = write ? readFileSync(join(root, outfile)) : Buffer.from(result.outputFiles[0].contents);
  return { code, metafiles, embedded };
}

async function main() {
  const check = process.argv.includes('--check');
  const { code, metafiles } = await buildAction({ write: !check });
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
  const modules = metafiles.reduce((n, m) => n + Object.keys(m.inputs).length, 0);
  console.log(`${relative(process.cwd(), join(root, outfile)) || outfile}: ${(code.length / 1024 / 1024).toFixed(2)} MB from ${modules} modules`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
