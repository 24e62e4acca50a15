import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apply, plan, VirtualClock } from '@fargatekeeper/core';
import { loadSimulatedAccount, loadSpecs } from '@fargatekeeper/core/node';
import { makeWorkspace } from '../test/runAction';
import { ApplyLog } from './applyLog';

/** Core's real apply events, on the simulated account, through the action's log formatting. */
async function applyLogged(workspace: string, clock: VirtualClock): Promise<string[]> {
  const account = await loadSimulatedAccount(join(workspace, 'sim-account.json'), { clock });
  const parsed = await loadSpecs(join(workspace, 'fargate'));
  const planned = await plan(parsed, account, { defaultRegion: 'eu-west-1' });
  const lines: string[] = [];
  const log = new ApplyLog({
    info: l => lines.push(l),
    warning: l => lines.push(`warning: ${l}`),
    error: l => lines.push(`error: ${l}`),
  });
  const result = await apply(planned, account, { clock, onEvent: log.onEvent, random: () => 0.5 });
  expect(result.ok).toBe(true);
  writeFileSync(join(workspace, 'sim-account.json'), JSON.stringify(account.toJSON()));
  return lines;
}

it('logs a replacement step by step: the new profile first, the old one deleted once the new one is ACTIVE', async () => {
  const workspace = makeWorkspace();
  const clock = new VirtualClock();
  await applyLogged(workspace, clock);
  const spec = join(workspace, 'fargate/payments.yaml');
  writeFileSync(
    spec,
    readFileSync(spec, 'utf8').replace('labels: { compute: fargate }', 'labels: { compute: serverless }'),
  );

  const lines = await applyLogged(workspace, clock);
  const subject = /^\[\+\d+:\d\d\] prod-eu replace (payments-jobs-[0-9a-f]+) → (payments-jobs-[0-9a-f]+): /.exec(
    lines[1]!,
  )!;
  expect(subject).not.toBeNull();
  const [, oldName, newName] = subject;
  const steps = lines.map(l =>
    l
      .replace(/^\[\+\d+:\d\d\] /, '')
      .replace(`prod-eu replace ${oldName} → ${newName}: `, '')
      .replace(/\(.*\)/, '(…)'),
  );
  expect(steps[0]).toBe('Applying 1 operation in 1 cluster');
  expect(steps[1]).toBe('started');
  const created = steps.indexOf(`creating profile prod-eu/${newName}`);
  const deleted = steps.indexOf(`deleting profile prod-eu/${oldName}`);
  expect(created).toBeGreaterThan(1);
  expect(deleted).toBeGreaterThan(created);
  // Between the two: waits for the new profile to become ACTIVE.
  expect(steps.slice(created + 1, deleted).every(s => s === 'waiting for ACTIVE (…)')).toBe(true);
  expect(steps.slice(created + 1, deleted).length).toBeGreaterThan(0);
  expect(steps.at(-2)).toMatch(/^done in \d+:\d\d$/);
  expect(steps.at(-1)).toMatch(/^Apply finished in \d+:\d\d: 1 succeeded, 0 failed, 0 skipped$/);
});
