// Runs the benchmarks: `npm run bench` runs every bench/*.bench.ts, `npm run bench -- plan apply` the
// named ones. Each is bundled with esbuild (platform node, CommonJS) into a temporary folder and run
// under the current node (Node 24 through scripts/node24), one after another so they never compete
// for the CPU. Installed packages stay external, required by absolute path so the bundle runs from
// anywhere; the workspace's own TypeScript is bundled. Exit code: 1 when any bench fails.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const benchDir = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(benchDir)
  .filter(f => f.endsWith('.bench.ts'))
  .map(f => basename(f, '.bench.ts'))
  .sort();

const requested = process.argv.slice(2);
const unknown = requested.filter(name => !available.includes(name));
if (unknown.length) {
  console.error(`unknown bench: ${unknown.join(', ')}; available: ${available.join(', ') || '(none)'}`);
  process.exit(1);
}
const selected = requested.length ? requested : available;
if (!selected.length) {
  console.error('no bench/*.bench.ts files');
  process.exit(1);
}

/** Bare imports of installed packages → external `require("/abs/path")`; @fargatekeeper/* is bundled. */
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async args => {
      if (args.path.startsWith('@fargatekeeper/') || args.pluginData === 'resolving') return undefined;
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      });
      if (resolved.errors.length) return { errors: resolved.errors };
      return { path: resolved.path, external: true };
    });
  },
};

const outDir = mkdtempSync(join(tmpdir(), 'fargatekeeper-bench-'));
let failed = 0;
try {
  for (const name of selected) {
    const entry = join(benchDir, `${name}.bench.ts`);
    const outfile = join(outDir, `${name}.bench.cjs`);
    console.log(`\n=== bench: ${name} (bench/${name}.bench.ts, node ${process.version}) ===\n`);
    try {
      await esbuild.build({
        entryPoints: [entry],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node24',
        sourcemap: 'inline',
        logLevel: 'warning',
        jsx: 'automatic',
        plugins: [externalPackages],
      });
    } catch (err) {
      console.error(`bench ${name}: build failed: ${err.message}`);
      failed++;
      continue;
    }
    const run = spawnSync(process.execPath, ['--enable-source-maps', outfile], {
      stdio: 'inherit',
      cwd: join(benchDir, '..'),
    });
    if (run.status !== 0) {
      console.error(`bench ${name}: exited with ${run.status ?? run.signal}`);
      failed++;
    }
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
if (failed) {
  console.error(`\n${failed} of ${selected.length} bench${selected.length === 1 ? '' : 'es'} failed`);
  process.exit(1);
}
