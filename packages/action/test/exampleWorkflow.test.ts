import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './runAction';

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  steps: Step[];
}

const workflow = parse(readFileSync(join(repoRoot, 'examples/workflows/fargatekeeper.yml'), 'utf8')) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};
const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };

describe('examples/workflows/fargatekeeper.yml', () => {
  it('plans pull requests, applies merges to main, checks drift nightly', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push', 'schedule', 'workflow_dispatch']);
    expect(workflow.on.push).toMatchObject({ branches: ['main'] });
    expect(Object.keys(workflow.jobs).sort()).toEqual(['apply', 'drift', 'plan']);
  });

  it('asks for the minimal permissions', () => {
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', issues: 'write', 'id-token': 'write' });
  });

  it('never runs two applies at once, nor cancels one', () => {
    expect(workflow.jobs.apply!.concurrency).toEqual({ group: 'fargatekeeper-apply', 'cancel-in-progress': false });
    // No other job shares the group: a waiting run of another job could replace a waiting apply.
    for (const [name, job] of Object.entries(workflow.jobs)) if (name !== 'apply') expect(job.concurrency?.group).not.toBe('fargatekeeper-apply');
  });

  it('gets AWS credentials through OIDC before every fargatekeeper step, and passes only inputs action.yml knows', () => {
    for (const job of Object.values(workflow.jobs)) {
      const uses = job.steps.map(s => s.uses?.split('@')[0]);
      expect(uses).toEqual(['actions/checkout', 'aws-actions/configure-aws-credentials', 'fargatekeeper/fargatekeeper']);
      expect(job.steps[1]!.with).toMatchObject({ 'role-to-assume': expect.stringMatching(/^arn:aws:iam::\d{12}:role\//), 'aws-region': expect.any(String) });
      for (const input of Object.keys(job.steps[2]!.with ?? {})) expect(Object.keys(action.inputs)).toContain(input);
    }
  });
});
