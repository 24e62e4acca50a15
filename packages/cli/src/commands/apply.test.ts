import { readFileSync, writeFileSync } from 'node:fs';
import { doesSomething, type ApplyResult, type CreateOperation, type Plan, type SimState } from '@fargatekeeper/core';
import { main } from '../main';
import { examples, runCli, tempFiles, type CliRun } from '../testing/runCli';
import { parseDuration, type PromptingIO } from './apply';

/** A copy of the example account with short timings (its clock skips the waits; short ones keep the times shown small). */
function simCopy() {
  const state = JSON.parse(readFileSync(examples.sim, 'utf8')) as SimState;
  state.timings = { createSeconds: 0.05, deleteSeconds: 0.05, iamPropagationSeconds: 0.02 };
  const files = tempFiles({ 'account.json': JSON.stringify(state, null, 2) });
  return {
    file: files.path('account.json'),
    read: () => JSON.parse(readFileSync(files.path('account.json'), 'utf8')) as SimState,
    cleanup: files.cleanup,
  };
}

/** The examples' staging cluster on the simulated account `sim`, applied (or planned). */
const demo = (sim: string, command: 'apply' | 'plan' = 'apply') => [
  command,
  '--specs',
  examples.specs,
  '--sim',
  sim,
  '--cluster',
  'staging',
];

/** How many operations that do something `plan` finds for the examples on this account (the examples evolve; the count is read, not assumed). */
async function changeCount(sim: string): Promise<number> {
  const r = await runCli([...demo(sim, 'plan'), '--format', 'json']);
  const plan = JSON.parse(r.stdout) as Plan;
  return plan.clusters.flatMap(c => c.operations).filter(o => doesSomething(o)).length;
}

const profileNames = (state: SimState) =>
  state.clusters.flatMap(c => c.profiles.map(p => `${c.name}/${p.name}:${p.status}`)).sort();

/** `main` with a terminal on stdout and scripted answers to the confirmation question. */
async function runOnTerminal(argv: string[], answer: string): Promise<CliRun & { asked: string[] }> {
  let stdout = '';
  let stderr = '';
  const asked: string[] = [];
  const io: PromptingIO = {
    stdout: { write: (s: string) => (stdout += s), isTTY: true },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: { NO_COLOR: '1' },
    prompt: async question => {
      asked.push(question);
      return answer;
    },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr, asked };
}

describe('fargatekeeper apply', () => {
  it('requires --auto-approve when not on a terminal, and changes nothing without it', async () => {
    const sim = simCopy();
    try {
      const before = readFileSync(sim.file, 'utf8');
      const r = await runCli(demo(sim.file));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('pass --auto-approve when not running on a terminal');
      expect(readFileSync(sim.file, 'utf8')).toBe(before);
    } finally {
      sim.cleanup();
    }
  });

  it('applies the examples to a simulated account, saves it, and the next plan has no changes', async () => {
    const sim = simCopy();
    try {
      const n = await changeCount(sim.file);
      expect(n).toBeGreaterThan(3);
      const r = await runCli([...demo(sim.file), '--auto-approve', '--detailed-exitcode']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(2);
      expect(r.stdout).toMatch(/Plan: \d+ to create, 1 to replace, 1 to delete/);
      expect(r.stdout).toContain(`Apply: ${n} succeeded, 0 failed, 0 skipped`);
      // Plain progress lines off a terminal, then the result table.
      expect(r.stdout).toMatch(/→ create prod-eu\/payments-api-/);
      expect(r.stdout).toMatch(/✓ replace prod-eu\/payments-jobs-\S+ → payments-jobs-/);
      expect(r.stdout).toMatch(/CHANGE\s+CLUSTER\s+PROFILE\s+RESULT\s+TIME\s+DETAILS/);
      expect(r.stdout).not.toContain('\u001b[');
      // Nothing changed between the plan shown and apply's own re-plan.
      expect(r.stdout).not.toContain('differs from the reviewed plan');

      const state = sim.read();
      expect(profileNames(state).every(p => p.endsWith(':ACTIVE'))).toBe(true);
      expect(profileNames(state).some(p => p.startsWith('prod-eu/handmade-legacy'))).toBe(true);

      const again = await runCli([...demo(sim.file), '--auto-approve', '--detailed-exitcode']);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('No changes to apply.');
      const plan = await runCli([...demo(sim.file, 'plan'), '--detailed-exitcode']);
      expect(plan.code).toBe(0);
    } finally {
      sim.cleanup();
    }
  });

  it('asks on a terminal and applies only after "yes"', async () => {
    const sim = simCopy();
    try {
      const before = readFileSync(sim.file, 'utf8');
      const no = await runOnTerminal(demo(sim.file), 'no');
      expect(no.asked).toHaveLength(1);
      expect(no.asked[0]).toContain(`the simulated account ${sim.file}`);
      expect(no.code).toBe(1);
      expect(no.stderr).toContain('Apply cancelled; nothing was changed.');
      expect(readFileSync(sim.file, 'utf8')).toBe(before);

      const n = await changeCount(sim.file);
      const yes = await runOnTerminal(demo(sim.file), 'yes');
      expect(yes.code).toBe(0);
      expect(yes.stdout).toContain(`Apply: ${n} succeeded`);
      // The live display redraws its lines in place on a terminal.
      expect(yes.stdout).toContain('\u001b[J');
    } finally {
      sim.cleanup();
    }
  });

  it('refuses to apply with --require-fingerprint when the plan is not the reviewed one', async () => {
    const sim = simCopy();
    try {
      const n = await changeCount(sim.file);
      const r = await runCli([...demo(sim.file), '--auto-approve', '--require-fingerprint', 'deadbeefdeadbeef']);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/differs from the reviewed plan \(deadbeefdead\)/);
      expect(r.stdout).toContain(`Apply: 0 succeeded, 0 failed, ${n} skipped`);
      expect(profileNames(sim.read()).filter(p => p.includes('payments-api'))).toEqual([]);
    } finally {
      sim.cleanup();
    }
  });

  it('applies the plan `plan --cluster` showed: deletes in a cluster whose specs are all gone', async () => {
    const sim = simCopy();
    const specs = tempFiles({ 'specs/staging.yaml': readFileSync(`${examples.specs}/native/staging.yaml`, 'utf8') });
    try {
      const args = ['--specs', specs.path('specs'), '--sim', sim.file, '--cluster', 'prod-eu'];
      const planned = JSON.parse((await runCli(['plan', ...args, '--format', 'json'])).stdout) as Plan;
      const prodDeletes = planned.clusters
        .find(c => c.cluster === 'prod-eu')!
        .operations.flatMap(o => (o.op === 'delete-profile' ? [o.profile] : []));
      expect(prodDeletes.length).toBeGreaterThan(0);

      const r = await runCli(['apply', ...args, '--auto-approve', '--require-fingerprint', planned.fingerprint]);
      expect(r.code).toBe(0);
      const prod = sim
        .read()
        .clusters.find(c => c.name === 'prod-eu')!
        .profiles.map(p => p.name);
      for (const name of prodDeletes) expect(prod).not.toContain(name);
      expect(prod).toContain('handmade-legacy');
    } finally {
      specs.cleanup();
      sim.cleanup();
    }
  });

  it('writes only the result as JSON on stdout with --format json', async () => {
    const sim = simCopy();
    try {
      const n = await changeCount(sim.file);
      const r = await runCli([...demo(sim.file), '--auto-approve', '--format', 'json']);
      expect(r.code).toBe(0);
      const result = JSON.parse(r.stdout) as ApplyResult;
      expect(result.summary).toEqual({ succeeded: n, failed: 0, skipped: 0 });
      expect(r.stderr).toMatch(/✓ create/);
    } finally {
      sim.cleanup();
    }
  });

  it('reports a failed operation, keeps the account saved, and exits 1', async () => {
    const sim = simCopy();
    try {
      const state = sim.read();
      state.clusters.find(c => c.name === 'staging')!.updateInProgress = true;
      writeFileSync(sim.file, JSON.stringify(state));
      const r = await runCli([...demo(sim.file), '--auto-approve', '--timeout-create', '1s', '--timeout-delete', '1s']);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/✗ create staging\//);
      expect(r.stdout).toMatch(/timed out after 1s waiting for cluster staging to be idle/);
      // prod-eu went on regardless.
      expect(profileNames(sim.read()).filter(p => p.startsWith('prod-eu/payments-api'))).toHaveLength(1);
    } finally {
      sim.cleanup();
    }
  });

  it('runs a simulated account on its own clock, as the Action does: a 10-minute create takes no real time', async () => {
    const sim = simCopy();
    try {
      writeFileSync(
        sim.file,
        JSON.stringify({
          ...sim.read(),
          timings: { createSeconds: 600, deleteSeconds: 900, iamPropagationSeconds: 60 },
        }),
      );
      const started = performance.now();
      const r = await runCli([...demo(sim.file), '--auto-approve', '--detailed-exitcode']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(2);
      expect(performance.now() - started).toBeLessThan(15_000);
      expect(profileNames(sim.read()).every(p => p.endsWith(':ACTIVE'))).toBe(true);
    } finally {
      sim.cleanup();
    }
  }, 30_000);

  it('accepts the 8-hex fingerprint the plan prints for --require-fingerprint, and refuses another', async () => {
    const sim = simCopy();
    try {
      const shown = await runCli(demo(sim.file, 'plan'));
      const printed = /fingerprint ([0-9a-f]{8})\b/.exec(shown.stdout)?.[1];
      expect(printed).toMatch(/^[0-9a-f]{8}$/);
      const before = readFileSync(sim.file, 'utf8');
      const other = printed!.replace(/^./, c => (c === '0' ? '1' : '0'));
      const refused = await runCli([...demo(sim.file), '--auto-approve', '--require-fingerprint', other]);
      expect(refused.code).toBe(1);
      // Nothing changed: the same profiles with the same tags (the file may be saved in another order).
      const profilesOf = (state: SimState) =>
        state.clusters
          .flatMap(c => c.profiles.map(p => [c.name, p.name, p.status, p.tags] as const))
          .sort((a, b) => `${a[0]}/${a[1]}`.localeCompare(`${b[0]}/${b[1]}`));
      expect(profilesOf(sim.read())).toEqual(profilesOf(JSON.parse(before) as SimState));
      const applied = await runCli([...demo(sim.file), '--auto-approve', '--require-fingerprint', printed!]);
      expect(applied.stderr).toBe('');
      expect(applied.code).toBe(0);
      expect(profileNames(sim.read()).every(p => p.endsWith(':ACTIVE'))).toBe(true);
    } finally {
      sim.cleanup();
    }
  });

  it('refuses a plan with more deletions than --max-deletes, changing nothing', async () => {
    const sim = simCopy();
    try {
      const before = readFileSync(sim.file, 'utf8');
      const r = await runCli([...demo(sim.file), '--auto-approve', '--max-deletes', '0']);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(
        'The plan deletes 1 profile, more than the 0 allowed by max-deletes; nothing is applied.',
      );
      expect(readFileSync(sim.file, 'utf8')).toBe(before);
      const bad = await runCli([...demo(sim.file), '--auto-approve', '--max-deletes', 'few']);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('--max-deletes needs a whole number of at least 0 (got `few`)');
    } finally {
      sim.cleanup();
    }
  });

  it('rejects bad durations and fingerprints', async () => {
    const bad = await runCli(['apply', '--auto-approve', '--timeout-create', 'soon']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--timeout-create needs a duration such as 90s, 15m or 1h (got `soon`)');
    const fp = await runCli(['apply', '--auto-approve', '--require-fingerprint', 'xyz']);
    expect(fp.stderr).toContain(
      "--require-fingerprint needs the plan's fingerprint: at least 8 of its hexadecimal digits",
    );
    // Seven digits are one short of what the plan prints.
    const seven = await runCli(['apply', '--auto-approve', '--require-fingerprint', 'abcdef1']);
    expect(seven.code).toBe(1);
    expect(seven.stderr).toContain('--require-fingerprint needs');
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('2')).toBe(2000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('')).toBeUndefined();
  });
});

describe('apply progress display', () => {
  it('cuts live lines to the terminal width so redrawing stays in place', async () => {
    const { liveProgress } = await import('./applyProgress');
    const { paint } = await import('../output');
    let text = '';
    const display = liveProgress({ write: (s: string) => (text += s), isTTY: true, columns: 40 } as never, paint(true));
    const name = 'a-very-long-profile-name-0123456789';
    const operation: CreateOperation = {
      op: 'create',
      id: `eu-west-1/prod/create/${name}`,
      region: 'eu-west-1',
      cluster: 'prod',
      spec: 'a-very-long-profile-name',
      source: { file: 'fargate/a.yaml', line: 1, column: 1 },
      profile: name,
      fields: [],
      reason: { code: 'new-spec' },
      after: {
        name,
        podExecutionRoleArn: 'arn:aws:iam::123456789012:role/pods',
        subnets: ['subnet-a'],
        selectors: [{ namespace: 'a', labels: {} }],
        tags: {},
      },
    };
    display.onEvent({ type: 'operation-started', at: 0, operation });
    display.onEvent({
      type: 'waiting',
      at: 0,
      operation,
      step: 'wait-active',
      target: 'ACTIVE',
      status: 'CREATING',
      elapsedMs: 30_000,
      etaMs: 60_000,
    });
    display.onEvent({ type: 'operation-done', at: 0, operation, durationMs: 95_000 });
    display.finish();
    const visibleLines = text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').split('\n');
    // The live lines fit in 40 columns; the final line is printed whole (it scrolls, it is not redrawn).
    expect(
      visibleLines.filter(l => l.includes('waiting') || l.includes('starting')).every(l => [...l].length < 40),
    ).toBe(true);
    expect(text).toContain('\u001b[1A\u001b[J');
    expect(visibleLines).toContain('✓ create prod/a-very-long-profile-name-0123456789 (1m35s)');
  });
});

describe('fargatekeeper apply --reviewed-plan', () => {
  it('applies a reviewed plan unchanged, and refuses a change the reviewed plan did not show, naming it', async () => {
    const sim = simCopy();
    const files = tempFiles({});
    try {
      const reviewedFile = files.path('reviewed.json');
      const planned = await runCli([...demo(sim.file, 'plan'), '--format', 'json']);
      const reviewed = JSON.parse(planned.stdout) as Plan;
      // Drop one create from the reviewed plan: the apply must refuse it and change nothing in its cluster.
      const dropped = reviewed.clusters
        .flatMap(c => c.operations)
        .find((o): o is CreateOperation => o.op === 'create')!;
      const trimmed = {
        ...reviewed,
        clusters: reviewed.clusters.map(c => ({ ...c, operations: c.operations.filter(o => o !== dropped) })),
      };
      writeFileSync(reviewedFile, JSON.stringify(trimmed));
      const before = profileNames(sim.read());
      const refused = await runCli([...demo(sim.file), '--auto-approve', '--reviewed-plan', reviewedFile]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        `refused: create ${dropped.cluster}/${dropped.profile} was not reviewed: the reviewed plan did not show it; nothing of cluster ${dropped.cluster} was applied`,
      );
      expect(profileNames(sim.read()).filter(n => n.startsWith(`${dropped.cluster}/`))).toEqual(
        before.filter(n => n.startsWith(`${dropped.cluster}/`)),
      );

      writeFileSync(reviewedFile, planned.stdout);
      const applied = await runCli([...demo(sim.file), '--auto-approve', '--reviewed-plan', reviewedFile]);
      expect(applied.code).toBe(0);
      expect(applied.stderr).not.toContain('refused');
    } finally {
      sim.cleanup();
      files.cleanup();
    }
  });

  it('says when the file is not a plan', async () => {
    const files = tempFiles({ 'x.json': '{"clusters": []}' });
    try {
      const r = await runCli(['apply', '--auto-approve', '--reviewed-plan', files.path('x.json')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('is not a fargatekeeper plan (formatVersion 2)');
    } finally {
      files.cleanup();
    }
  });
});
