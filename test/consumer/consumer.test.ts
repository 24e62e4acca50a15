/*
 * The consumer test (`npm run test:consumer`, run by .ci/run): the packages as a team gets them from
 * a registry, installed where the workspace cannot help. In order, each phase timed:
 *   1. `npm run build`, then `npm pack` of every publishable workspace; each tarball's package.json
 *      must name built files inside it (main, types, exports, bin, configSchema);
 *   2. an empty npm project outside the workspace installs the core and CLI tarballs; `npx
 *      fargatekeeper` validates the example specs, core loads as CommonJS and ESM and typechecks;
 *   3. the Backstage app in test/consumer/app (create-app's shape, new frontend system) installs the
 *      plugin tarballs with Yarn, typechecks, builds for production, and is deployed as create-app's
 *      Dockerfile does (skeleton, production install, bundle);
 *   4. that backend starts: a guest token, then /api/fargate answers; Chromium signs in as guest,
 *      follows the sidebar's "Fargate" item and sees the clusters' profiles.
 * Everything runs in a temporary folder (removed at the end) within an overall bound. Yarn's global
 * cache (~/.yarn/berry) keeps later installs off the network.
 * FARGATEKEEPER_UPDATE_CONSUMER_LOCK=1 writes the app's resolved yarn.lock back to test/consumer/app.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, requireChromium } from '../e2e/support/chromium';
import { ServerProcess, freePort, waitForHttp } from '../e2e/support/processes';
import { consumerEnv, run, runOrFail, tail } from './support/commands';
import { readPacked, tarballName, tarballProblems, type PackageManifest, type PackedPackage } from './support/tarballs';
import {
  APP_PACKAGES,
  APP_SOURCE,
  backstagePinMismatches,
  installYarnRelease,
  useTarballs,
  withoutOwnPackages,
} from './support/yarnApp';

const root = resolve(__dirname, '../..');
/** The packages a team installs; each must be publishable (other public workspaces are packed and checked too). */
const REQUIRED = [
  '@fargatekeeper/core',
  '@fargatekeeper/cli',
  '@fargatekeeper/backstage-plugin-fargate-common',
  '@fargatekeeper/backstage-plugin-fargate',
  '@fargatekeeper/backstage-plugin-fargate-backend',
  // The backend plugin's library (its extension point, the client service of other plugins' modules).
  '@fargatekeeper/backstage-plugin-fargate-node',
];
/** The whole run's bound; each command gets what is left of it, at most its own bound. */
const OVERALL_MS = 10 * 60_000;
const MINUTE = 60_000;
const chromiumPath = requireChromium();

const startedAt = Date.now();
const work = mkdtempSync(join(tmpdir(), 'fargatekeeper-consumer-'));
const dirs = {
  tarballs: join(work, 'tarballs'),
  unpacked: join(work, 'unpacked'),
  empty: join(work, 'empty'),
  app: join(work, 'app'),
  deploy: join(work, 'deploy'),
};
const timings: Array<{ phase: string; ms: number; note?: string }> = [];
let failedPhase: string | undefined;
const packed: PackedPackage[] = [];
let yarnRelease = '';
let backend: ServerProcess | undefined;
let browser: Browser | undefined;
let appUrl = '';

/** What is left of the overall bound, at most `ms`. */
function bound(ms: number): number {
  const left = startedAt + OVERALL_MS - Date.now();
  if (left <= 0) throw new Error(`the consumer test is over its overall bound of ${OVERALL_MS / MINUTE} min`);
  return Math.min(ms, left);
}

/** A phase's test: timed, and failing at once after an earlier phase failed (it would, for that reason). */
function phase(body: () => Promise<string | void>): () => Promise<void> {
  return async () => {
    const name = expect.getState().currentTestName ?? 'a phase';
    if (failedPhase) throw new Error(`not run: the phase "${failedPhase}" failed`);
    const started = Date.now();
    try {
      const note = await body();
      timings.push({ phase: name, ms: Date.now() - started, note: note || undefined });
    } catch (error) {
      failedPhase = name;
      timings.push({ phase: name, ms: Date.now() - started, note: 'FAILED' });
      throw error;
    }
  };
}
/** A phase's jest timeout: its commands' bound, and time to report. */
const upTo = (ms: number) => ms + 10_000;

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await backend?.stop();
  rmSync(work, { recursive: true, force: true });
  const rows = [...timings, { phase: 'total', ms: Date.now() - startedAt }].map(
    t => `  ${t.phase.padEnd(100)} ${(t.ms / 1000).toFixed(1).padStart(6)} s${t.note ? `  (${t.note})` : ''}`,
  );
  process.stdout.write(`\nconsumer test phases:\n${rows.join('\n')}\n`);
}, 30_000);

// The phases, in order; each one's assertions are in its function below.
/* eslint-disable jest/expect-expect */
it('builds every package (npm run build)', phase(buildEverything), upTo(8 * MINUTE));
it(
  'packs every publishable package, each tarball naming built files inside it',
  phase(packEverything),
  upTo(3 * MINUTE),
);
it(
  'installs core and the CLI into an empty npm project, where `npx fargatekeeper` validates the examples',
  phase(useFromEmptyProject),
  upTo(4 * MINUTE),
);
it(
  'installs the plugins with Yarn into a Backstage app in the shape create-app makes',
  phase(installApp),
  upTo(6 * MINUTE),
);
it("typechecks the app, with the plugins' published types", phase(typecheckApp), upTo(3 * MINUTE));
it('builds the app and the backend for production', phase(buildApp), upTo(6 * MINUTE));
it(
  "deploys the build as create-app's Dockerfile does: skeleton, production install, bundle",
  phase(deployApp),
  upTo(4 * MINUTE),
);
it(
  'starts the backend: the guest provider gives a token, and /api/fargate answers with it',
  phase(startBackend),
  upTo(3 * MINUTE),
);
it('shows the Fargate page in Chromium, reached from the sidebar', phase(openFargatePage), upTo(2 * MINUTE));
/* eslint-enable jest/expect-expect */

async function buildEverything(): Promise<void> {
  await runOrFail('npm', ['run', '-s', 'build'], { cwd: root, env: consumerEnv(), timeoutMs: bound(8 * MINUTE) });
}

async function packEverything(): Promise<string> {
  const publishable = workspaceFolders().filter(dir => !readManifest(dir).private);
  const names = publishable.map(dir => readManifest(dir).name);
  expect(REQUIRED.filter(name => !names.includes(name))).toEqual([]);

  // Backstage's prepack rewrites package.json for the tarball, and postpack must put it back.
  const manifestsBefore = publishable.map(dir => sha256(join(dir, 'package.json')));
  mkdirSync(dirs.tarballs);
  const pack = ['pack', ...names.flatMap(name => ['-w', name]), '--pack-destination', dirs.tarballs];
  await runOrFail('npm', pack, { cwd: root, env: consumerEnv(), timeoutMs: bound(3 * MINUTE) });
  expect(publishable.map(dir => sha256(join(dir, 'package.json')))).toEqual(manifestsBefore);

  for (const dir of publishable) {
    const { name, version } = readManifest(dir);
    const tarball = join(dirs.tarballs, tarballName(name, version));
    const into = join(dirs.unpacked, tarballName(name, version));
    mkdirSync(into, { recursive: true });
    await runOrFail('tar', ['xzf', tarball, '-C', into], { cwd: work, timeoutMs: bound(MINUTE) });
    packed.push(readPacked(tarball, join(into, 'package')));
  }
  const versions = new Map(packed.map(pkg => [pkg.manifest.name, pkg.manifest.version]));
  expect(
    packed.flatMap(pkg => tarballProblems(pkg, versions).map(problem => `${pkg.manifest.name}: ${problem}`)),
  ).toEqual([]);
  return packed.map(pkg => `${pkg.manifest.name.replace('@fargatekeeper/', '')}: ${pkg.files.length} files`).join(', ');
}

async function useFromEmptyProject(): Promise<void> {
  mkdirSync(dirs.empty);
  writeFileSync(join(dirs.empty, 'package.json'), '{ "name": "empty-consumer", "private": true }\n');
  const inEmpty = { cwd: dirs.empty, env: consumerEnv() };
  const tarballs = ['@fargatekeeper/core', '@fargatekeeper/cli'].map(name => packedPackage(name).tarball);
  await runOrFail('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], {
    ...inEmpty,
    timeoutMs: bound(3 * MINUTE),
  });

  // `--no`: never fetch a package of that name from the registry; after `--`, the command's arguments.
  const npx = (args: string[]) =>
    run('npx', ['--no', '--', 'fargatekeeper', ...args], { ...inEmpty, timeoutMs: bound(MINUTE) });
  expect(await npx(['--version'])).toEqual({
    code: 0,
    output: `${packedPackage('@fargatekeeper/cli').manifest.version}\n`,
  });
  const specs = join(root, 'examples/specs');
  expect(await npx(['validate', '--specs', specs, '--cluster', 'staging'])).toEqual({
    code: 0,
    output: expect.stringMatching(/✓ \d+ specs from \d+ files: 0 errors/),
  });
  // It does validate: without a cluster, the fargate-operator spec that names none is an error.
  expect(await npx(['validate', '--specs', specs])).toEqual({
    code: 1,
    output: expect.stringMatching(/search\.yaml:\d+:\d+: .*\[spec\.cluster-unknown\]/),
  });

  // Core's three entry points, as CommonJS and as ESM, and to TypeScript with Node's own resolution.
  for (const probe of ['loadCore.mjs', 'core.mts']) cpSync(join(__dirname, 'probes', probe), join(dirs.empty, probe));
  const loaded = await runOrFail(process.execPath, ['loadCore.mjs'], { ...inEmpty, timeoutMs: bound(MINUTE) });
  const both = { require: 'function', import: 'function' };
  expect(JSON.parse(loaded)).toEqual({
    '@fargatekeeper/core': both,
    '@fargatekeeper/core/aws': both,
    '@fargatekeeper/core/node': both,
  });
  // (The consumer has no TypeScript of its own: the workspace's compiler, resolving from the project.)
  const tsc = `${join(root, 'node_modules/typescript/bin/tsc')} --noEmit --strict --module nodenext --target es2022 --skipLibCheck`;
  await runOrFail(process.execPath, [...tsc.split(' '), 'core.mts'], { ...inEmpty, timeoutMs: bound(MINUTE) });
}

async function installApp(): Promise<string> {
  expect(backstagePinMismatches(APP_SOURCE, root)).toEqual([]);
  cpSync(APP_SOURCE, dirs.app, {
    recursive: true,
    filter: source => !/[/\\](node_modules|dist|dist-types)$/.test(source),
  });
  yarnRelease = await installYarnRelease(dirs.app, work, bound(2 * MINUTE));
  useTarballs(dirs.app, packed);
  // The example specs and the simulated account, where app-config.yaml expects them.
  cpSync(join(root, 'examples/specs'), join(dirs.app, 'examples/specs'), { recursive: true });
  cpSync(join(root, 'examples/sim-account.json'), join(dirs.app, 'examples/sim-account.json'));

  const output = await yarn(dirs.app, ['install'], 6 * MINUTE);
  if (process.env.FARGATEKEEPER_UPDATE_CONSUMER_LOCK === '1') {
    writeFileSync(join(APP_SOURCE, 'yarn.lock'), withoutOwnPackages(readFileSync(join(dirs.app, 'yarn.lock'), 'utf8')));
  }
  // The plugins, and every package of ours the app has, are the ones from the tarballs.
  const installed = (name: string) => join(dirs.app, 'node_modules', name, 'package.json');
  for (const name of ['@fargatekeeper/backstage-plugin-fargate', '@fargatekeeper/backstage-plugin-fargate-backend']) {
    expect(existsSync(installed(name)) ? name : `${name} is not installed`).toBe(name);
  }
  for (const pkg of packed.filter(p => existsSync(installed(p.manifest.name)))) {
    expect(readFileSync(installed(pkg.manifest.name), 'utf8')).toBe(
      readFileSync(join(pkg.dir, 'package.json'), 'utf8'),
    );
  }
  const fetched = /(\d+) packages were added to the project \(\+ ([^)]+)\)/.exec(output);
  return fetched ? `${fetched[1]} packages fetched into Yarn's cache, ${fetched[2]}` : "all from Yarn's cache";
}

async function typecheckApp(): Promise<void> {
  cpSync(join(__dirname, 'probes/publicApi.tsx'), join(dirs.app, 'packages/app/src/publicApi.tsx'));
  await yarn(dirs.app, ['tsc'], 3 * MINUTE);
}

async function buildApp(): Promise<void> {
  // `backstage-cli package build` of the backend builds the app first (a bundled package it serves)
  // and packs both, as create-app's `yarn build:backend` does.
  await yarn(dirs.app, ['workspace', 'backend', 'build'], 6 * MINUTE);
  const built = [
    'packages/app/dist/index.html',
    'packages/backend/dist/bundle.tar.gz',
    'packages/backend/dist/skeleton.tar.gz',
  ];
  expect(built.filter(file => !existsSync(join(dirs.app, file)))).toEqual([]);
}

async function deployApp(): Promise<void> {
  mkdirSync(dirs.deploy);
  for (const entry of [
    'package.json',
    'yarn.lock',
    '.yarnrc.yml',
    '.yarn/releases',
    'tarballs',
    'app-config.yaml',
    'examples',
  ]) {
    cpSync(join(dirs.app, entry), join(dirs.deploy, entry), { recursive: true });
  }
  const untar = (archive: string) =>
    runOrFail('tar', ['xzf', join(dirs.app, archive), '-C', dirs.deploy], {
      cwd: dirs.deploy,
      timeoutMs: bound(MINUTE),
    });
  await untar('packages/backend/dist/skeleton.tar.gz');
  await yarn(dirs.deploy, ['workspaces', 'focus', '--all', '--production'], 4 * MINUTE);
  await untar('packages/backend/dist/bundle.tar.gz');
  expect(APP_PACKAGES.slice(1).filter(folder => !existsSync(join(dirs.deploy, folder, 'dist')))).toEqual([]);
}

async function startBackend(): Promise<void> {
  const port = await freePort();
  appUrl = `http://127.0.0.1:${port}`;
  backend = new ServerProcess(
    'the consumer backend',
    process.execPath,
    ['packages/backend', '--config', 'app-config.yaml'],
    {
      cwd: dirs.deploy,
      env: {
        NODE_ENV: 'production',
        APP_CONFIG_app_baseUrl: appUrl,
        APP_CONFIG_backend_baseUrl: appUrl,
        APP_CONFIG_backend_listen_host: '127.0.0.1',
        APP_CONFIG_backend_listen_port: String(port),
      },
    },
  );
  await waitForHttp(`${appUrl}/.backstage/health/v1/readiness`, backend, { timeoutMs: bound(2 * MINUTE) });

  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${appUrl}${path}`, { ...init, signal: AbortSignal.timeout(15_000) });
  expect((await call('/api/fargate/clusters')).status).toBe(401);
  const refresh = await call('/api/auth/guest/refresh', {
    method: 'POST',
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  expect(refresh.status).toBe(200);
  const { backstageIdentity } = (await refresh.json()) as {
    backstageIdentity: { token: string; identity: { userEntityRef: string } };
  };
  expect(backstageIdentity.identity.userEntityRef).toBe('user:development/guest');

  const asGuest = { headers: { authorization: `Bearer ${backstageIdentity.token}` } };
  const clusters = await call('/api/fargate/clusters', asGuest);
  expect(clusters.status).toBe(200);
  expect(((await clusters.json()) as { clusters: Array<{ name: string }> }).clusters.map(c => c.name).sort()).toEqual([
    'prod-eu',
    'staging',
  ]);
  const profiles = await call('/api/fargate/clusters/prod-eu/profiles', asGuest);
  expect(profiles.status).toBe(200);
  expect(((await profiles.json()) as { profiles: Array<{ name: string }> }).profiles.map(p => p.name)).toContain(
    'handmade-legacy',
  );
}

async function openFargatePage(): Promise<void> {
  browser = await chromium.launch({ executablePath: chromiumPath, args: [...CHROMIUM_ARGS] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const pageLog: string[] = [];
  page.on('console', message => message.type() === 'error' && pageLog.push(`console: ${message.text()}`));
  page.on('pageerror', error => pageLog.push(`page error: ${error.message}`));
  page.setDefaultTimeout(bound(30_000));
  try {
    await page.goto(appUrl);
    // plugin-app's default sign-in page: the guest provider's card.
    await page.getByRole('button', { name: /^enter$/i }).click();
    const item = page.getByRole('navigation').getByRole('link', { name: 'Fargate' });
    await item.waitFor();
    expect(await item.getAttribute('href')).toBe('/fargate');
    expect(await item.locator('svg').count()).toBeGreaterThan(0); // its icon
    await item.click();
    await page.waitForURL(`${appUrl}/fargate`);
    for (const cluster of ['prod-eu', 'staging']) {
      await page.locator(`[data-testid="cluster-${cluster}"] [data-testid^="profile-"]`).first().waitFor();
    }
    await page.getByTestId('profile-handmade-legacy').waitFor();
  } catch (error) {
    const shown = await page
      .locator('body')
      .innerText({ timeout: 5000 })
      .catch(() => '(nothing)');
    throw new Error(
      `${String(error)}\nthe page at ${page.url()} shows:\n${tail(shown, 30)}\n${pageLog.join('\n')}\nthe backend's last lines:\n${backend?.tail(15)}`,
    );
  }
}

const yarnEnv = () =>
  consumerEnv({
    CI: 'true',
    // The lockfile gains our tarballs' entries (their hashes change with every build).
    YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
    // Files are hard links into Yarn's global store: a warm install copies no package content.
    YARN_NM_MODE: 'hardlinks-global',
    YARN_ENABLE_TELEMETRY: '0',
    YARN_ENABLE_PROGRESS_BARS: 'false',
  });

function yarn(cwd: string, args: string[], timeoutMs: number): Promise<string> {
  return runOrFail(process.execPath, [yarnRelease, ...args], { cwd, env: yarnEnv(), timeoutMs: bound(timeoutMs) });
}

/** The workspaces' folders (as the root package.json's globs name them). */
function workspaceFolders(): string[] {
  return (readManifest(root).workspaces ?? []).flatMap(glob => {
    const parent = join(root, glob.replace(/\/\*$/, ''));
    return readdirSync(parent)
      .map(name => join(parent, name))
      .filter(dir => existsSync(join(dir, 'package.json')));
  });
}

function packedPackage(name: string): PackedPackage {
  const pkg = packed.find(p => p.manifest.name === name);
  if (!pkg) throw new Error(`${name} was not packed`);
  return pkg;
}

function readManifest(dir: string): PackageManifest & { workspaces?: string[] } {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageManifest & { workspaces?: string[] };
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
