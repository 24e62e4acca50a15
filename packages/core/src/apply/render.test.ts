import type { Plan } from '../plan/types';
import { renderApplyResult } from './render';
import type { ApplyResult, ChangeOutcome } from './types';

const plan: Plan = {
  formatVersion: 1,
  fingerprint: 'f'.repeat(64),
  clusters: [],
  diagnostics: [],
  summary: { create: 0, replace: 0, delete: 0, retag: 0, adopt: 0, noop: 0, unmanaged: 0 },
  hasChanges: true,
};

const outcome = (extra: Partial<ChangeOutcome>): ChangeOutcome => ({
  id: 'eu-west-1/prod/create/web-1',
  kind: 'create',
  region: 'eu-west-1',
  cluster: 'prod',
  profileName: 'web-1',
  status: 'succeeded',
  durationMs: 95_000,
  errors: [],
  steps: [],
  ...extra,
});

const hostile = 'bad | <img src=x onerror=alert(1)> `code` @team\n# heading [link](http://evil)';

const result: ApplyResult = {
  plan,
  fingerprint: { expected: 'e'.repeat(64), actual: 'f'.repeat(64), matched: false },
  changes: [
    outcome({}),
    outcome({
      id: 'eu-west-1/prod/replace/api-2',
      kind: 'replace',
      profileName: 'api-2',
      replaces: 'api-1',
      status: 'failed',
      durationMs: 130_000,
      errors: [`prod/api-2 ended in CREATE_FAILED: X: ${hostile}`],
      health: [
        { code: 'X', message: hostile },
        { code: 'InsufficientFreeAddresses', message: hostile },
      ],
    }),
    outcome({ id: 'eu-west-1/prod/delete/old', kind: 'delete', profileName: 'old', status: 'skipped', durationMs: 0, reason: 'not attempted: api-2 failed before it in cluster prod' }),
  ],
  diagnostics: [{ severity: 'error', code: 'apply.change-failed', message: `replace prod/api-2 failed: ${hostile}`, cluster: 'prod' }],
  summary: { succeeded: 1, failed: 1, skipped: 1 },
  durationMs: 225_000,
  ok: false,
};

describe('renderApplyResult', () => {
  it('prints the summary line, a table of changes and the failure details as text', () => {
    const text = renderApplyResult(result, { format: 'text' });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Apply: 1 succeeded, 1 failed, 1 skipped in 3m45s.');
    expect(lines[2]).toMatch(/^CHANGE\s+CLUSTER\s+PROFILE\s+RESULT\s+TIME\s+DETAILS$/);
    expect(lines[3]).toMatch(/^create\s+eu-west-1\/prod\s+web-1\s+succeeded\s+1m35s$/);
    expect(lines[4]).toMatch(/^replace\s+eu-west-1\/prod\s+api-2 \(replaces api-1\)\s+failed\s+2m10s\s+prod\/api-2 ended in CREATE_FAILED/);
    expect(lines[5]).toMatch(/^delete\s+eu-west-1\/prod\s+old\s+skipped\s+-\s+not attempted/);
    expect(text).toContain('health prod/api-2: InsufficientFreeAddresses: bad |');
    // The issue the error already quotes is not repeated.
    expect(text).not.toContain('health prod/api-2: X:');
    // A newline in AWS text cannot start a line of its own; control characters are shown, not sent.
    expect(text).toContain('@team\\x0a# heading');
    expect(text).not.toContain('\u001b[');
    expect(renderApplyResult(result, { format: 'text', color: true })).toContain('\u001b[31mfailed');
  });

  it('renders Markdown with every user or AWS string escaped', () => {
    const md = renderApplyResult(result, { format: 'markdown' });
    expect(md).toContain('### Apply: 1 succeeded, 1 failed, 1 skipped in 3m45s\\.');
    expect(md).toContain('> [!WARNING]');
    expect(md).toContain('| Change | Cluster | Profile | Result | Duration | Details |');
    expect(md).toContain('| replace | `eu-west-1/prod` | `api-2` (replaces `api-1`) | ❌ failed | 2m10s |');
    expect(md).not.toContain('<img');
    expect(md).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;');
    expect(md).not.toMatch(/[^\\]\| <img/);
    expect(md).not.toContain('[link](http');
    // Every table row keeps exactly its 6 cells: no unescaped pipe from the hostile text.
    for (const row of md.split('\n').filter(l => l.startsWith('| ') && !l.startsWith('| ---'))) {
      expect(row.replace(/\\\|/g, '').split('|').length - 2).toBe(6);
    }
  });

  it('says so when there was nothing to apply', () => {
    const empty = { ...result, changes: [], diagnostics: [], summary: { succeeded: 0, failed: 0, skipped: 0 }, fingerprint: { actual: 'a', expected: 'a', matched: true }, ok: true };
    expect(renderApplyResult(empty, { format: 'text' })).toBe('Apply: no changes.\n');
  });
});
