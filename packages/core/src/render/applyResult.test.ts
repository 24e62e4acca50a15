import type { ApplyResult, OperationOutcome } from '../apply/types';
import type { Operation } from '../plan/types';
import {
  clusterOf,
  createOp,
  deleteProfileOp,
  deleteRoleOp,
  planOf,
  replaceOp,
  waitDeletedOp,
} from './__fixtures__/operations';
import { applySummaryLine, renderApplyResult } from './applyResult';

const outcome = (operation: Operation, extra: Partial<OperationOutcome> = {}): OperationOutcome => ({
  operation,
  status: 'succeeded',
  durationMs: 95_000,
  errors: [],
  steps: [],
  ...extra,
});

const hostile = 'bad | <img src=x onerror=alert(1)> `code` @team\n# heading [link](http://evil)';
const role = deleteRoleOp('jobs');

const outcomes: OperationOutcome[] = [
  outcome(createOp('web', 'web-1')),
  outcome(replaceOp('api', 'api-1', 'api-2'), {
    status: 'failed',
    durationMs: 130_000,
    errors: [`prod-eu/api-2 ended in CREATE_FAILED: X: ${hostile}`],
    health: [
      { code: 'X', message: hostile },
      { code: 'InsufficientFreeAddresses', message: hostile },
    ],
  }),
  outcome(deleteProfileOp('old', 'old-1', { code: 'spec-removed', lastDeleteFailed: false }), {
    status: 'skipped',
    durationMs: 0,
    reason: 'not attempted: api-2 failed before it in cluster prod-eu',
  }),
  outcome(role, { durationMs: 2_000 }),
];

const result: ApplyResult = {
  plan: planOf([clusterOf(outcomes.map(o => o.operation))]),
  fingerprint: { expected: 'e'.repeat(64), actual: 'f'.repeat(64), matched: false },
  outcomes,
  diagnostics: [
    {
      severity: 'error',
      code: 'apply.operation-failed',
      message: `replace prod-eu/api-2 failed: ${hostile}`,
      cluster: 'prod-eu',
    },
    { severity: 'warning', code: 'overlap.selectors', message: 'shown in the plan already', cluster: 'prod-eu' },
  ],
  summary: { succeeded: 2, failed: 1, skipped: 1 },
  durationMs: 225_000,
  ok: false,
};

describe('renderApplyResult', () => {
  it('prints the summary line, a row per operation and the failure details as text', () => {
    const text = renderApplyResult(result, { format: 'text' });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Apply: 2 succeeded, 1 failed, 1 skipped in 3m45s.');
    expect(lines[2]).toMatch(/^CHANGE\s+CLUSTER\s+PROFILE\s+RESULT\s+TIME\s+DETAILS$/);
    expect(lines[3]).toMatch(/^create\s+eu-west-1\/prod-eu\s+web-1\s+succeeded\s+1m35s$/);
    expect(lines[4]).toMatch(
      /^replace\s+eu-west-1\/prod-eu\s+api-1 → api-2\s+failed\s+2m10s\s+prod-eu\/api-2 ended in CREATE_FAILED/,
    );
    expect(lines[5]).toMatch(/^delete-profile\s+eu-west-1\/prod-eu\s+old-1\s+skipped\s+-\s+not attempted/);
    expect(lines[6]).toMatch(
      new RegExp(`^delete-role\\s+eu-west-1/prod-eu\\s+role ${role.role.name}\\s+succeeded\\s+2s$`),
    );
    expect(text).toContain('health prod-eu/api-2: InsufficientFreeAddresses: bad |');
    // The issue the error already quotes is not repeated.
    expect(text).not.toContain('health prod-eu/api-2: X:');
    // Apply's own findings and errors only: the plan showed its warnings.
    expect(text).toContain('error replace prod-eu/api-2 failed: bad |');
    expect(text).not.toContain('shown in the plan already');
    // A newline in AWS text cannot start a line of its own; control characters are shown, not sent.
    expect(text).toContain('@team\\x0a# heading');
    expect(text).not.toContain('\u001b[');
    expect(renderApplyResult(result, { format: 'text', color: true })).toContain('\u001b[31mfailed');
  });

  it('renders Markdown with every user or AWS string escaped', () => {
    const md = renderApplyResult(result, { format: 'markdown' });
    expect(md).toContain('### Apply: 2 succeeded, 1 failed, 1 skipped in 3m45s\\.');
    expect(md).toContain(
      '> [!WARNING]\n> The plan applied (`ffffffffffff`) differs from the reviewed plan (`eeeeeeeeeeee`).',
    );
    expect(md).toContain('| Change | Cluster | Profile | Result | Duration | Details |');
    expect(md).toContain('| create | `eu-west-1/prod-eu` | `web-1` | ✅ succeeded | 1m35s |  |');
    expect(md).toContain('| replace | `eu-west-1/prod-eu` | `api-1 → api-2` | ❌ failed | 2m10s |');
    expect(md).toContain(
      '| delete-profile | `eu-west-1/prod-eu` | `old-1` | ⏭️ skipped | - | not attempted: api\\-2 failed before it in cluster prod\\-eu |',
    );
    expect(md).toContain(`| delete-role | \`eu-west-1/prod-eu\` | \`role ${role.role.name}\` | ✅ succeeded | 2s |  |`);
    expect(md).not.toContain('<img');
    expect(md).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;');
    expect(md).not.toContain('[link](http');
    // Every table row keeps exactly its 6 cells: no unescaped pipe from the hostile text.
    const rows = md.split('\n').filter(l => l.startsWith('| ') && !l.startsWith('| ---'));
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|').length - 2).toBe(6);
  });

  it('names a wait by the profile it waited for', () => {
    const wait = outcome(waitDeletedOp('gone', 'gone-1', { code: 'spec-removed', lastDeleteFailed: false }), {
      durationMs: 300_000,
    });
    const one = {
      ...result,
      outcomes: [wait],
      diagnostics: [],
      summary: { succeeded: 1, failed: 0, skipped: 0 },
      durationMs: 300_000,
    };
    expect(renderApplyResult(one, { format: 'text' }).split('\n')[3]).toMatch(
      /^wait\s+eu-west-1\/prod-eu\s+gone-1\s+succeeded\s+5m$/,
    );
  });

  it('says so when there was nothing to apply', () => {
    const empty: ApplyResult = {
      ...result,
      outcomes: [],
      diagnostics: [],
      summary: { succeeded: 0, failed: 0, skipped: 0 },
      fingerprint: { actual: 'a', expected: 'a', matched: true },
      ok: true,
    };
    expect(applySummaryLine(empty)).toBe('Apply: no changes.');
    expect(renderApplyResult(empty, { format: 'text' })).toBe('Apply: no changes.\n');
    expect(renderApplyResult(empty, { format: 'markdown' })).toBe('### Apply: no changes\\.\n');
  });
});
