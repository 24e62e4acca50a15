/*
 * The browser test of the Backstage frontend plugin (`npm run e2e`): the fargate dev backend (simulated
 * account, example specs, a local GitHub stand-in for pull requests) and the plugin's dev app, driven
 * in Debian's Chromium by playwright-core. Screenshots of the card, the page and the form are compared
 * with the committed ones in docs/images/ (support/screenshots.ts). Everything listens on 127.0.0.1;
 * every process is stopped at the end, also when a step fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { GithubStandIn } from '../../plugins/fargate-backend/src/__testUtils__/githubStandIn';
import { CHROMIUM_ARGS, requireChromium } from './support/chromium';
import { Screenshots } from './support/screenshots';
import { ServerProcess, freePort, waitForHttp } from './support/processes';

const root = resolve(__dirname, '../..');
const screenshots = new Screenshots(resolve(root, 'docs/images'));
const backstageCli = resolve(root, 'node_modules/@backstage/cli/bin/backstage-cli');
const nodeTransform = require.resolve('@backstage/cli-node/config/nodeTransform.cjs');
// $CHROMIUM_PATH, else `chromium` on PATH; the config's globalSetup has already failed in one line without it.
const chromiumPath = requireChromium();

jest.setTimeout(170_000);

let standIn: GithubStandIn;
let backend: ServerProcess;
let app: ServerProcess;
let browser: Browser | undefined;
let page: Page;
let appUrl: string;
/** What the page said (console errors, failed requests), shown when a step fails. */
const pageLog: string[] = [];

beforeAll(async () => {
  // The specs repository holds the example specs the dev backend reads from its local folder.
  standIn = await new GithubStandIn('acme', 'fargate-specs', exampleSpecFiles()).start();
  const [backendPort, appPort] = [await freePort(), await freePort()];
  const backendUrl = `http://127.0.0.1:${backendPort}`;
  appUrl = `http://127.0.0.1:${appPort}`;
  // Jest runs with NODE_ENV=test; the servers run as in development (the guest sign-in needs it).
  const urls = { NODE_ENV: 'development', APP_CONFIG_app_baseUrl: appUrl, APP_CONFIG_backend_baseUrl: backendUrl };

  // The dev backend's entry (dev/index.ts) as `backstage-cli package start` runs it, minus the file
  // watcher: a restart in the middle of the test would drop requests and the guest's signing keys.
  const backendArgs = [
    '--enable-source-maps',
    '--require',
    nodeTransform,
    'dev/index',
    '--config',
    'dev/app-config.yaml',
  ];
  backend = new ServerProcess('the fargate dev backend', process.execPath, backendArgs, {
    cwd: resolve(root, 'plugins/fargate-backend'),
    env: {
      ...urls,
      APP_CONFIG_backend_listen_host: '127.0.0.1',
      APP_CONFIG_backend_listen_port: String(backendPort),
      APP_CONFIG_backend_cors_origin: appUrl,
      FARGATE_GITHUB_API_URL: standIn.url,
      FARGATE_GITHUB_TOKEN: 'e2e-token',
      FARGATE_SPECS_URL: 'https://github.com/acme/fargate-specs',
    },
  });
  app = new ServerProcess(
    'the plugin dev app',
    process.execPath,
    [backstageCli, 'package', 'start', '--config', 'dev/app-config.yaml'],
    {
      cwd: resolve(root, 'plugins/fargate'),
      env: { ...urls, BROWSER: 'none', CI: 'true' },
    },
  );

  await Promise.all([
    waitForHttp(`${backendUrl}/.backstage/health/v1/readiness`, backend, { timeoutMs: 120_000 }),
    waitForHttp(`${appUrl}/fargate`, app, { timeoutMs: 120_000 }),
  ]);

  browser = await chromium.launch({ executablePath: chromiumPath, args: [...CHROMIUM_ARGS] });
  // Screenshots that only change when the plugin does: fixed size, scale, zone and language, and a
  // clock stopped before the first read (timers still run), so the card's "read just now" never
  // turns into "read 1 min ago" on a slow run.
  page = await browser.newPage({
    viewport: { width: 1400, height: 1000 },
    deviceScaleFactor: 1,
    timezoneId: 'UTC',
    locale: 'en-US',
  });
  await page.clock.setFixedTime(Date.now());
  page.setDefaultTimeout(30_000);
  page.on('console', message => {
    if (message.type() === 'error') pageLog.push(`console: ${message.text().slice(0, 500)}`);
  });
  page.on('pageerror', error => pageLog.push(`page error: ${error.message}`));
  page.on('requestfailed', request =>
    pageLog.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText}`),
  );
  page.on('response', response => {
    if (response.status() >= 400)
      pageLog.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
  // The dev server's socket reloads the page whenever a watched file changes and overlays compile
  // warnings from any workspace; the test keeps the build it loaded by answering the socket itself.
  await page.routeWebSocket(/\/ws$/, () => undefined);
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await Promise.all([backend?.stop(), app?.stop()]);
  await standIn?.stop();
  screenshots.cleanUp();
});

/** Still pictures: no animation half-way, no blinking caret. */
const still = { animations: 'disabled', caret: 'hide' } as const;

async function open(path: string) {
  await page.goto(`${appUrl}${path}`);
}

/** Runs a test's steps; on failure adds what the page showed and said, and a screenshot in the temp folder. */
function browserTest(name: string, steps: () => Promise<void>) {
  // eslint-disable-next-line jest/valid-title, jest/expect-expect -- `test` itself, its steps assert
  test(name, async () => {
    pageLog.length = 0;
    try {
      await steps();
    } catch (error) {
      const shot = resolve(tmpdir(), `fargate-e2e-${name.replace(/\W+/g, '-')}.png`);
      await page?.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
      const text = ((await page?.textContent('body').catch(() => '')) ?? '').replace(/\s+/g, ' ').slice(0, 1500);
      const context = [
        `page text: ${text}`,
        ...pageLog.slice(-30),
        `screenshot: ${shot}`,
        `backend:\n${backend.tail(15)}`,
      ];
      throw new Error(`${(error as Error).message}\n\n${context.join('\n')}`, { cause: error });
    }
  });
}

browserTest('the entity card shows the live and desired profiles of a cluster', async () => {
  await open('/cluster');
  const card = page.getByTestId('fargate-profiles-prod-eu');
  await card.locator('[data-testid^="profile-"]').first().waitFor();
  await expectText(card, /ACTIVE/);
  await expectText(card, /drifted|missing|in-sync/);
  await expectText(card, /read just now/);
  // Spec paths as in the specs repository, not relative to the dev backend's working directory.
  await expectText(card, /examples\/specs\/native\/payments\.yaml:\d+/);
  expect(await card.textContent()).not.toContain('../');
  await screenshots.take('entity-card.png', path => card.screenshot({ path, ...still }));
});

browserTest('the page shows every cluster, open requests and the explainer', async () => {
  await open('/fargate');
  await page.locator('[data-testid="cluster-prod-eu"] [data-testid^="profile-"]').first().waitFor();
  await page.locator('[data-testid="cluster-staging"] [data-testid^="profile-"]').first().waitFor();
  await page.getByText('Open requests', { exact: true }).waitFor();
  // Tall enough to show both clusters, the open requests and the explainer.
  await page.setViewportSize({ width: 1400, height: 2100 });
  await screenshots.take('fargate-page.png', path => page.screenshot({ path, ...still }));

  const explainer = page.getByTestId('pod-explainer');
  // The simulated prod-eu has the unmanaged profile handmade-legacy for namespace `legacy`.
  await explainer.getByLabel('Pod namespace').fill('legacy');
  await explainer.getByRole('button', { name: 'Explain' }).click();
  await expectText(page.getByTestId('explain-result'), /Fargate profile handmade-legacy/);
  await explainer.getByLabel('Pod namespace').fill('nowhere');
  await explainer.getByRole('button', { name: 'Explain' }).click();
  await expectText(page.getByTestId('explain-result'), /No Fargate profile: the pod runs on nodes/);
});

browserTest('a request is validated as it is typed, previewed, and submitted as a pull request', async () => {
  // Tall enough for the whole form: Backstage pages scroll inside their content, not the window,
  // and an element screenshot of something taller than the viewport comes out wrong.
  await page.setViewportSize({ width: 1400, height: 3200 });
  await open('/fargate');
  const form = page.locator('#request');
  await form.scrollIntoViewIfNeeded();

  await form.getByLabel('Name', { exact: true }).fill('Orders_Workers');
  await form.getByText(/is not a valid spec name/).waitFor();
  await form.getByText(/try `orders-workers`/).waitFor();
  // The form's grid cell, whose padding keeps the labels whole.
  const formCell = form.locator('form').locator('..');
  await screenshots.take('request-form-validation.png', path => formCell.screenshot({ path, ...still }));
  await form.getByLabel('Name', { exact: true }).fill('orders-workers');
  await form.getByText(/is not a valid spec name/).waitFor({ state: 'detached' });

  await form.getByLabel('Selector 1 namespace').fill('orders');
  await form
    .getByTestId('selector-0')
    .getByRole('button', { name: /Add label/ })
    .click();
  await form.getByLabel('Selector 1 label 1 key').fill('app');
  await form.getByLabel('Selector 1 label 1 value').fill('workers');
  await form.getByLabel('Reason').fill('The order workers move to Fargate (e2e).');

  // The preview leads with the request's own effect; the cluster's other pending changes are folded.
  const preview = form.getByTestId('plan-preview');
  await preview.getByText(/Plan: 1 to create, 0 to replace, 0 to delete/).waitFor({ timeout: 60_000 });
  await preview
    .getByText(/orders-workers-[0-9a-f]+/)
    .first()
    .waitFor();
  const others = preview.getByText(/\d+ other pending changes? in prod-eu, not part of this request/);
  await others.waitFor();
  await expect(
    preview
      .getByText(/batch-workers-/)
      .first()
      .isVisible(),
  ).resolves.toBe(false);
  expect(await preview.textContent()).not.toContain('../');
  await form.getByRole('button', { name: 'Request profile' }).click();
  const submitted = form.getByTestId('request-submitted');
  await submitted.waitFor({ timeout: 60_000 });
  await expect(submitted.getByRole('link').first().getAttribute('href')).resolves.toBe(
    'https://github.com/acme/fargate-specs/pull/1',
  );
  await screenshots.take('request-form.png', path => form.screenshot({ path, ...still }));

  // What reached the GitHub stand-in: one labelled pull request with the reason, and the spec file.
  expect(standIn.pulls).toHaveLength(1);
  expect(standIn.pulls[0]!.labels).toContain('fargatekeeper-request');
  // The body quotes the reason as Markdown (escaped).
  expect(standIn.pulls[0]!.body).toContain('The order workers move to Fargate');
  expect(standIn.pulls[0]!.body).toMatch(
    /Plan: 1 to create, 0 to replace, 0 to delete[\s\S]*other pending changes? in <code>prod-eu<\/code>/,
  );
  const written = standIn.callsTo('PUT', /\/contents\//);
  expect(written).toHaveLength(1);
  // Beside the example specs, where the dev backend's fargate.specs.folder says.
  expect(written[0]!.path).toBe('/repos/acme/fargate-specs/contents/examples/specs/prod-eu/orders-workers.yaml');
  expect(Buffer.from(written[0]!.body.content, 'base64').toString('utf8')).toMatch(
    /name: orders-workers[\s\S]*namespace: orders/,
  );

  // The open requests list picks the new pull request up.
  await page.getByRole('link', { name: /#1 / }).first().waitFor({ timeout: 30_000 });
});

browserTest('a change of an existing profile is previewed and opens a pull request that edits its spec', async () => {
  await page.setViewportSize({ width: 1400, height: 2100 });
  await open('/fargate');
  // checkout is live in prod-eu and in Git (examples/specs/native/platform.yaml, its second document).
  const row = page.locator('[data-testid="cluster-prod-eu"] [data-testid^="profile-checkout-"]');
  await row.getByRole('button', { name: 'Change checkout' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Change Fargate profile checkout').waitFor();
  await expect(dialog.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('checkout');
  await dialog.getByRole('button', { name: /Add tag/ }).click();
  await dialog.getByLabel('Tag 2 key').fill('tier');
  await dialog.getByLabel('Tag 2 value').fill('gold');
  await dialog.getByLabel('Reason').fill('Cost reports by tier (e2e).');

  // A tag is changed in place: the preview shows a retag of the live profile, not a replacement.
  const preview = dialog.getByTestId('plan-preview');
  await preview.getByText(/edited in place/).waitFor({ timeout: 60_000 });
  await preview.getByText(/retag/).first().waitFor();
  await dialog.getByRole('button', { name: 'Request change' }).click();
  const submitted = dialog.getByTestId('request-submitted');
  await submitted.waitFor({ timeout: 60_000 });
  const pull = standIn.pulls.find(p => p.head.startsWith('fargatekeeper/change/prod-eu/checkout-'));
  expect(pull).toMatchObject({
    title: 'Fargate profile change: checkout on prod-eu',
    labels: ['fargatekeeper-request'],
  });
  await expect(submitted.getByRole('link').first().getAttribute('href')).resolves.toBe(
    `https://github.com/acme/fargate-specs/pull/${pull!.number}`,
  );

  // The pull request edits platform.yaml in place: the tag added, its other document and comments kept.
  const [edit] = standIn.callsTo('PUT', /\/contents\/examples\/specs\/native\/platform\.yaml$/);
  expect(edit!.body.sha).toMatch(/^blob/);
  const before = readFileSync(resolve(root, 'examples/specs/native/platform.yaml'), 'utf8');
  const after = Buffer.from(edit!.body.content, 'base64').toString('utf8');
  expect(after).toContain('tier: gold');
  expect(after.slice(0, before.indexOf('---'))).toBe(before.slice(0, before.indexOf('---')));
  expect(after).toContain('# Live already with these fields but the tag `team: checkout`');
});

/** The example specs as the specs repository holds them: `examples/specs/<path>` → content. */
function exampleSpecFiles(): Record<string, string> {
  const dir = resolve(root, 'examples/specs');
  const files: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[`examples/specs/${relative(dir, path)}`] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

async function expectText(locator: ReturnType<Page['locator']>, pattern: RegExp) {
  await locator.getByText(pattern).first().waitFor();
}
