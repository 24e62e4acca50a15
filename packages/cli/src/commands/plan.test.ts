import { readFileSync } from 'node:fs';
import { MANAGED_BY_TAG, SOURCE_TAG, specOf, subjectOf, type Plan, type SimState } from '@fargatekeeper/core';
import { examples, runCli, tempFiles } from '../testing/runCli';

const demo = ['plan', '--specs', examples.specs, '--sim', examples.sim, '--cluster', 'staging'];

const exampleState = () => JSON.parse(readFileSync(examples.sim, 'utf8')) as SimState;

/** The account with every managed profile tagged as owned by `source`, as a run of that source leaves it. */
function ownedBy(state: SimState, source: string): SimState {
  for (const p of state.clusters.flatMap(c => c.profiles)) if (p.tags[MANAGED_BY_TAG]) p.tags[SOURCE_TAG] = source;
  return state;
}

/** `plan --detailed-exitcode --format json` of staging's `ingest` spec alone, on `state`, as the source that owns it. */
async function planIngestAlone(state: SimState) {
  const files = tempFiles({
    'specs/ingest.yaml': readFileSync(`${examples.specs}/native/staging.yaml`, 'utf8').split('\n---\n')[0]!,
    'sim.json': JSON.stringify(state),
  });
  try {
    return await runCli([
      'plan',
      '--specs',
      files.path('specs'),
      '--sim',
      files.path('sim.json'),
      '--source',
      'acme/infra:fargate',
      '--detailed-exitcode',
      '--format',
      'json',
    ]);
  } finally {
    files.cleanup();
  }
}

const kinds = (plan: Plan) =>
  Object.fromEntries(
    plan.clusters.map(c => [c.cluster, c.operations.map(o => `${o.op} ${specOf(o) ?? subjectOf(o).name}`).sort()]),
  );

describe('fargatekeeper plan', () => {
  it('plans the examples (npm run demo): every kind of operation a spec causes, three warnings, no error', async () => {
    // The examples and sim-account.json are made for each other (README, "Examples"): a change in core's
    // naming or hashing that silently turns the demo's replace/retag/noop into something else fails here.
    const r = await runCli([...demo, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as Plan;
    expect(kinds(plan)).toEqual({
      'prod-eu': [
        // The InstanceGroup adopts the profile instance-manager made for it (fargate-prod-eu-<FNV-1a>).
        'adopt-in-place batch-workers',
        'create observability',
        'create payments-api',
        'delete-profile reports',
        'replace payments-jobs',
        'retag checkout',
        'unmanaged handmade-legacy',
      ],
      // `ingest` is up to date but carries no source tag (made before the tag existed): this source claims it.
      staging: ['adopt-in-place search-preview', 'create previews', 'retag ingest'],
    });
    expect(plan.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
    // The overlap in staging (which leaves `search-preview` no pod), and `reports` (no source tag yet) deleted as this source claims it.
    expect(plan.diagnostics.filter(d => d.severity === 'warning').map(d => `${d.cluster} ${d.code}`)).toEqual([
      'staging overlap.never-wins',
      'staging overlap.selectors',
      'prod-eu plan.claimed',
    ]);
    expect(plan.hasChanges).toBe(true);
  });

  it('prints the plan as text, without colour when stdout is not a terminal', async () => {
    const r = await runCli(demo);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Plan: 3 to create, 1 to replace, 1 to delete, 2 to retag, 2 to adopt/);
    expect(r.stdout).not.toContain('\u001b[');
    const tty = await runCli(demo, { tty: true });
    expect(tty.stdout).toContain('\u001b[');
    const noColor = await runCli(demo, { tty: true, env: { NO_COLOR: '1' } });
    expect(noColor.stdout).toBe(r.stdout);
  });

  it('prints Markdown for a pull-request comment', async () => {
    const r = await runCli([...demo, '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Plan: 3 to create, 1 to replace, 1 to delete, 2 to retag, 2 to adopt');
    expect(r.stdout).toContain('prod-eu');
  });

  it('exits 2 with --detailed-exitcode when there are changes, 0 when there are none', async () => {
    expect((await runCli([...demo, '--detailed-exitcode'])).code).toBe(2);
    const r = await planIngestAlone(ownedBy(exampleState(), 'acme/infra:fargate'));
    expect(JSON.parse(r.stdout).hasChanges).toBe(false);
    expect(r.code).toBe(0);
  });

  it('exits 2 with --detailed-exitcode when a profile not managed here takes pods of a spec, though nothing changes', async () => {
    const state = ownedBy(exampleState(), 'acme/infra:fargate');
    const staging = state.clusters.find(c => c.name === 'staging')!;
    // Made in the console: every namespace, and `console-all` sorts before `ingest-480bf2c9`.
    staging.profiles.push({
      ...staging.profiles[0]!,
      name: 'console-all',
      selectors: [{ namespace: '*', labels: {} }],
      tags: {},
    });
    const r = await planIngestAlone(state);
    const plan = JSON.parse(r.stdout) as Plan;
    expect(plan.hasChanges).toBe(false);
    expect(plan.diagnostics.filter(d => d.code === 'plan.hijacked').map(d => d.message)).toEqual([
      '`console-all` (not managed) takes pods that spec `ingest` selects (namespace `ingest`): EKS picks `console-all` first by name',
    ]);
    expect(r.code).toBe(2);
  });

  it('--target limits the plan to matching clusters and specs, and deletes nothing outside them', async () => {
    const r = await runCli([...demo, '--target', 'staging', '--target', 'pay*', '--format', 'json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as Plan;
    // prod-eu is planned only for the payments specs: `reports` (removed) is not deleted, `checkout` not retagged.
    expect(kinds(plan)).toEqual({
      'prod-eu': ['create payments-api', 'replace payments-jobs'],
      staging: ['adopt-in-place search-preview', 'create previews', 'retag ingest'],
    });
    const none = JSON.parse((await runCli([...demo, '--target', 'nothing-*', '--format', 'json'])).stdout) as Plan;
    expect(none.clusters).toEqual([]);
  });

  it('inspects the --cluster cluster even when no spec names it (its last spec removed)', async () => {
    const files = tempFiles({ 'payments.yaml': readFileSync(`${examples.specs}/native/payments.yaml`, 'utf8') });
    try {
      const without = JSON.parse(
        (await runCli(['plan', '--specs', files.dir, '--sim', examples.sim, '--format', 'json'])).stdout,
      ) as Plan;
      expect(Object.keys(kinds(without))).toEqual(['prod-eu']);
      const r = await runCli([
        'plan',
        '--specs',
        files.dir,
        '--sim',
        examples.sim,
        '--cluster',
        'staging',
        '--format',
        'json',
      ]);
      expect(kinds(JSON.parse(r.stdout) as Plan).staging).toEqual([
        'delete-profile ingest',
        'unmanaged search-preview',
      ]);
    } finally {
      files.cleanup();
    }
  });

  it('accepts a single spec file as --specs, and warns about a folder without specs', async () => {
    const single = await runCli([
      'plan',
      '--specs',
      `${examples.specs}/native/staging.yaml`,
      '--sim',
      examples.sim,
      '--format',
      'json',
    ]);
    expect(single.code).toBe(0);
    expect(Object.keys(kinds(JSON.parse(single.stdout) as Plan))).toEqual(['staging']);
    const files = tempFiles({ 'README.md': 'no specs here' });
    try {
      const r = await runCli(['plan', '--specs', files.dir, '--sim', examples.sim, '--format', 'json']);
      expect(r.code).toBe(0);
      const plan = JSON.parse(r.stdout) as Plan;
      expect(plan.diagnostics.map(d => d.code)).toContain('spec.no-files');
      expect(plan.hasChanges).toBe(false);
    } finally {
      files.cleanup();
    }
  });

  it('writes the JSON plan to --out as well', async () => {
    const files = tempFiles({});
    try {
      const r = await runCli([...demo, '--out', files.path('plan.json')]);
      expect(r.code).toBe(0);
      const saved = JSON.parse(readFileSync(files.path('plan.json'), 'utf8')) as Plan;
      expect(saved.summary.create).toBe(3);
      expect(saved.fingerprint).toMatch(/^[0-9a-f]+$/);
    } finally {
      files.cleanup();
    }
  });

  it('exits 1 on an error diagnostic and still prints the plan', async () => {
    const files = tempFiles({
      'bad.yaml': readFileSync(`${examples.specs}/native/staging.yaml`, 'utf8').replace(
        'subnet-1a11, subnet-1b22',
        'subnet-1f99',
      ),
    });
    try {
      const r = await runCli(['plan', '--specs', files.dir, '--sim', examples.sim, '--detailed-exitcode']);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('subnet-1f99');
    } finally {
      files.cleanup();
    }
  });

  it('needs a region when it talks to AWS', async () => {
    const r = await runCli(['plan', '--specs', examples.specs, '--cluster', 'staging']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'error: no AWS region: pass --region, or set AWS_REGION (or use --sim FILE for a simulated account)\n',
    );
  });

  it('says which simulated account file is missing or broken', async () => {
    const missing = await runCli(['plan', '--specs', examples.specs, '--sim', 'nope.json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('error: simulated account file `nope.json` not found (set it with --sim)\n');
    const files = tempFiles({ 'sim.json': '{\n  "accountId": "123456789012",\n  "region": \n}\n' });
    try {
      const broken = await runCli(['plan', '--specs', examples.specs, '--sim', files.path('sim.json')]);
      expect(broken.code).toBe(1);
      expect(broken.stderr).toMatch(
        new RegExp(`^error: ${files.path('sim.json').replace(/[.]/g, '\\.')}:4: not valid JSON`),
      );
    } finally {
      files.cleanup();
    }
  });
});
