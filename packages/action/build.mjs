// Bundles the action into packages/action/dist/ (committed; `npm run build:action` writes it):
//   index.js     what action.yml runs on node24 (src/index.ts): turns source maps on, then imports
//                main.mjs and runs the action;
//   main.mjs     the action as an ES module exporting run() (src/main.ts), which @github/local-action
//                runs too: `npx local-action . packages/action/dist/main.mjs .env`;
//   aws.cjs, octokit.cjs, kube.cjs  the parts main.mjs imports only when it needs them (below);
//   *.map        a source map beside each file, so stack traces name the TypeScript sources.
// `--check` builds in memory and fails when the committed files differ (a stale bundle would ship old
// code); `--outdir DIR` writes the files elsewhere (tests, benchmarks).
//
// Cold start: V8 parses all code of a module before its first line runs. Two parts are needed only
// later, or never: the AWS adapter (`@fargatekeeper/core/aws` with the SDK, over half of the code) is
// not used against a simulated account, and the GitHub client (src/octokit.ts with `@actions/github`,
// Octokit's retry and throttling plugins and undici) not by a drift check. The sources import both
// with import(); each is bundled into a file of its own, which main.mjs imports at that point.
// `@actions/core` would still pull undici in through its OIDC client, which the action does not use:
// it is marked free of side effects, so esbuild leaves it out. Figures in bench/README.md, "action bundle".
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const distDir = 'packages/action/dist';

/**
 * The parts loaded on first import: the specifier the sources import, the file it becomes, and what
 * the file bundles (the same package, or a file of the action with everything it imports).
 */
export const lazyParts = {
  '@fargatekeeper/core/aws': { file: 'aws.cjs', bundles: '@fargatekeeper/core/aws' },
  './octokit': { file: 'octokit.cjs', bundles: './packages/action/src/octokit.ts' },
  // Pod access (pod-impact, recycle-pending): @kubernetes/client-node, loaded only when asked for.
  '@fargatekeeper/core/kube': { file: 'kube.cjs', bundles: '@fargatekeeper/core/kube' },
};

/** @type {import('esbuild').BuildOptions} */
const common = {
  // Paths in the output (and in the source maps) are relative to the repository, so the bundle is the
  // same on every machine.
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node24',
  // ESM builds where packages have them (the AWS SDK's dist-es): esbuild can drop what is not used.
  mainFields: ['module', 'main'],
  minify: true,
  legalComments: 'none',
  // Mappings only: a stack trace needs file, line and column, not the sources' text.
  sourcemap: 'linked',
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
  write: false,
};

/** A lazy part: CommonJS, so that it loads the same way from main.mjs and from a test's require(). */
const partBuild = (name, outdir) => ({
  ...common,
  stdin: {
    contents: `export * from ${JSON.stringify(lazyParts[name].bundles)};`,
    resolveDir: root,
    sourcefile: `lazy:${name}`,
  },
  outfile: join(outdir, lazyParts[name].file),
  format: 'cjs',
  // import() of Node built-ins (the SDK loads `node:https` that way) stays inside the part as require().
  supported: { 'dynamic-import': false },
});

/** The action as one ES module. CommonJS packages inside it call require(): the banner gives it one. */
const moduleBuild = outdir => ({
  ...common,
  entryPoints: ['packages/action/src/main.ts'],
  outfile: join(outdir, 'main.mjs'),
  format: 'esm',
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  plugins: [
    {
      name: 'lazy-parts',
      setup(b) {
        const filter = new RegExp(
          `^(${Object.keys(lazyParts)
            .map(n => n.replace(/[/.]/g, '\\$&'))
            .join('|')})$`,
        );
        const ownSources = join(root, 'packages/action/src/');
        // A relative specifier is the action's own file only when one of the action's sources imports it.
        b.onResolve({ filter }, args =>
          args.path.startsWith('.') && !args.importer.startsWith(ownSources)
            ? undefined
            : { path: `./${lazyParts[args.path].file}`, external: true },
        );
      },
    },
    {
      name: 'unused-oidc-client',
      setup(b) {
        b.onResolve({ filter: /^\.\/oidc-utils\.js$/ }, async args => {
          if (args.pluginData === 'resolving' || !args.importer.includes('node_modules/@actions/core/'))
            return undefined;
          const resolved = await b.resolve(args.path, {
            kind: args.kind,
            resolveDir: args.resolveDir,
            importer: args.importer,
            pluginData: 'resolving',
          });
          return { path: resolved.path, sideEffects: false };
        });
      },
    },
  ],
});

/** The runner's entry: CommonJS (the package has no "type": "module"), importing main.mjs beside it. */
const entryBuild = outdir => ({
  ...common,
  entryPoints: ['packages/action/src/index.ts'],
  outfile: join(outdir, 'index.js'),
  format: 'cjs',
  plugins: [
    {
      name: 'main-module-beside',
      setup(b) {
        b.onResolve({ filter: /^\.\/main$/ }, () => ({ path: './main.mjs', external: true }));
      },
    },
  ],
});

/** Builds every file of dist/ in memory: `files` maps a path relative to dist/ to its bytes. */
export async function buildAction() {
  const outdir = join(root, distDir);
  const builds = [
    entryBuild(outdir),
    moduleBuild(outdir),
    ...Object.keys(lazyParts).map(name => partBuild(name, outdir)),
  ];
  const results = await Promise.all(builds.map(options => build(options)));
  const files = new Map();
  for (const { outputFiles } of results) {
    for (const file of outputFiles) files.set(relative(outdir, file.path), Buffer.from(file.contents));
  }
  return {
    files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    metafiles: results.map(r => r.metafile),
  };
}

/** The files of a dist folder as it is on disk. */
function readDist(dir) {
  let names;
  try {
    names = readdirSync(dir).sort();
  } catch {
    names = [];
  }
  return new Map(names.map(name => [name, readFileSync(join(dir, name))]));
}

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const outdirArg = args.indexOf('--outdir');
  const outdir = outdirArg >= 0 ? args[outdirArg + 1] : join(root, distDir);
  const { files, metafiles } = await buildAction();
  for (const [name, bytes] of files) {
    if (bytes.includes(root)) {
      console.error(
        `${distDir}/${name} contains a path of this machine (${root}); the bundle must not depend on where it was built.`,
      );
      process.exit(1);
    }
  }
  const code = [...files].filter(([name]) => !name.endsWith('.map'));
  const size = code.reduce((n, [, bytes]) => n + bytes.length, 0);
  if (check) {
    const committed = readDist(join(root, distDir));
    const differ = [...new Set([...files.keys(), ...committed.keys()])].filter(
      name => !files.get(name)?.equals(committed.get(name) ?? Buffer.alloc(0)),
    );
    if (differ.length > 0) {
      console.error(
        `${distDir} is not what the sources build (${differ.join(', ')} differ). Run \`npm run build:action\` and commit ${distDir}.`,
      );
      process.exit(1);
    }
    console.log(`${distDir} is up to date (${code.length} files, ${size} bytes of code).`);
    return;
  }
  mkdirSync(outdir, { recursive: true });
  // Files a previous build wrote and this one does not are stale.
  for (const name of readDist(outdir).keys())
    if (/\.([cm]?js|map)$/.test(name) && !files.has(name)) rmSync(join(outdir, name));
  for (const [name, bytes] of files) writeFileSync(join(outdir, name), bytes);
  const modules = new Set(metafiles.flatMap(m => Object.keys(m.inputs))).size;
  console.log(
    `${relative(process.cwd(), outdir) || '.'}: ${code.map(([name]) => name).join(', ')}: ${(size / 1024 / 1024).toFixed(2)} MB from ${modules} modules`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
