import { GITHUB_COMMENT_LIMIT, type Plan } from '@fargatekeeper/core';
import {
  applyMarkerFor,
  PLAN_COMMENT_MARKER,
  planCommentBody,
  planFailureBody,
  planMarkdownBudget,
  reviewedFingerprintOf,
} from './planComment';
import { embeddedPlanOf } from './reviewedPlan';

const plan = {
  formatVersion: 2,
  fingerprint: '9f3c1e2a'.repeat(8),
  clusters: [],
  diagnostics: [],
  hasChanges: false,
} as unknown as Plan;

describe('plan comment', () => {
  it('adds the marker and records the full fingerprint of the reviewed plan, which apply reads back', () => {
    const body = planCommentBody('### fargatekeeper plan\n\n', plan);
    expect(body).toMatch(
      new RegExp(
        `^${PLAN_COMMENT_MARKER}\n### fargatekeeper plan\n<!-- fargatekeeper:fingerprint ${plan.fingerprint} -->\n<!-- fargatekeeper-plan v2 sha256=[0-9a-f]{64} [A-Za-z0-9+/=]+ -->\n$`,
      ),
    );
    expect(embeddedPlanOf(body)).toEqual({ kind: 'plan', plan });
    expect(reviewedFingerprintOf(body)).toBe(plan.fingerprint);
    expect(reviewedFingerprintOf('a comment without one')).toBeUndefined();
    expect(reviewedFingerprintOf(undefined)).toBeUndefined();
  });

  it('leaves the Markdown as much room as the marker and the fingerprint line leave of a GitHub comment', () => {
    const budget = planMarkdownBudget(plan);
    const markdown = `${'x'.repeat(budget - 1)}\n`;
    expect(planCommentBody(markdown, plan).length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(planCommentBody(`${'x'.repeat(budget + 1)}\n`, plan).length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    expect(GITHUB_COMMENT_LIMIT - budget).toBeGreaterThan(PLAN_COMMENT_MARKER.length + plan.fingerprint.length);
  });

  it('keeps a plan too large to embed out of the comment, says so, and apply then finds no reviewed plan', () => {
    const operation = {
      op: 'create',
      id: 'x',
      region: 'r',
      cluster: 'c',
      spec: 's',
      profile: 'p',
      after: { name: 'p', podExecutionRoleArn: 'a', subnets: [], selectors: [], tags: {} },
      fields: [],
      reason: { code: 'new-spec' },
    };
    // Random profile names: gzip cannot shrink them below the data limit.
    const operations = Array.from({ length: 3000 }, (_, i) => ({
      ...operation,
      profile: `${i}-${Math.random().toString(36)}`,
    }));
    const big = { ...plan, clusters: [{ region: 'r', cluster: 'c', liveProfiles: 0, operations }] } as unknown as Plan;
    const body = planCommentBody('### plan\n', big);
    expect(body).toContain('too large to keep for the review gate: applying it on merge will be refused');
    expect(embeddedPlanOf(body)).toEqual({ kind: 'too-large' });
    expect(body.length).toBeLessThan(2_000);
  });

  it('says why there is no plan, keeping the marker so the next push finds the comment', () => {
    const body = planFailureBody(
      new Error('Could not load credentials from any providers'),
      'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0',
    );
    expect(body.startsWith(`${PLAN_COMMENT_MARKER}\n### fargatekeeper could not plan commit \`a1b2c3d\``)).toBe(true);
    expect(body).toContain('```text\nCould not load credentials from any providers\n```');
  });

  it('marks apply results per commit, apart from the plan marker', () => {
    expect(applyMarkerFor('e5a1f3b0c4d2e6f8a0b1c3d5e7f9a1b3c5d7e9f1')).toBe(
      '<!-- fargatekeeper:apply e5a1f3b0c4d2e6f8a0b1c3d5e7f9a1b3c5d7e9f1 -->',
    );
    expect(applyMarkerFor('e5a1f3b')).not.toContain(PLAN_COMMENT_MARKER);
  });
});
