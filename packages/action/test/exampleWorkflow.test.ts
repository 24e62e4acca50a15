import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './runAction';

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  environment?: string;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  steps: Step[];
}
interface Workflow {
  file: string;
  text: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}
interface PolicyStatement {
  Sid?: string;
  Action: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const folder = join(repoRoot, 'examples/workflows');
const workflows: Workflow[] = readdirSync(folder)
  .filter(f => /\.ya?ml$/.test(f))
  .sort()
  .map(file => {
    const text = readFileSync(join(folder, file), 'utf8');
    return { file, text, ...(parse(text) as Omit<Workflow, 'file' | 'text'>) };
  });
const jobs = workflows.flatMap(w => Object.entries(w.jobs).map(([name, job]) => ({ workflow: w, name, job })));
const jobNamed = (name: string) => jobs.find(j => j.name === name)!;
const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
const iam = (file: string) =>
  JSON.parse(readFileSync(join(repoRoot, 'examples/iam', file), 'utf8')) as { Statement: PolicyStatement[] };
const actions = (s: PolicyStatement) => [s.Action].flat();

describe('examples/workflows', () => {
  it('plans pull requests and the merge queue, applies merges to main, checks drift nightly', () => {
    expect(jobs.map(j => j.name).sort()).toEqual(['apply', 'drift', 'plan']);
    expect(Object.keys(jobNamed('plan').workflow.on).sort()).toEqual(['merge_group', 'pull_request']);
    expect(jobNamed('plan').job.if).toBeUndefined();
    expect(jobNamed('apply').workflow.on.push).toMatchObject({ branches: ['main'] });
    expect(Object.keys(jobNamed('drift').workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
  });

  it('grants nothing at the top and the least each job needs', () => {
    for (const w of workflows) expect([w.file, w.permissions]).toEqual([w.file, {}]);
    const permissions = Object.fromEntries(jobs.map(j => [j.name, j.job.permissions]));
    expect(permissions).toEqual({
      plan: { contents: 'read', 'pull-requests': 'write', 'id-token': 'write' },
      // The result comment on the merged pull request, the failure issue.
      apply: { contents: 'read', 'pull-requests': 'write', issues: 'write', 'id-token': 'write' },
      drift: { contents: 'read', issues: 'write', 'id-token': 'write' },
    });
  });

  it('pins every action to a full commit SHA, with its version in a comment', () => {
    const uses = workflows.flatMap(w =>
      w.text
        .split('\n')
        .filter(line => /^\s*-?\s*uses:/.test(line))
        .map(line => [w.file, line.trim()]),
    );
    expect(uses.length).toBeGreaterThanOrEqual(9);
    for (const [file, line] of uses) {
      if (/uses:\s*\.\//.test(line!)) continue; // a local action is part of the repository
      expect([file, line]).toEqual([
        file,
        expect.stringMatching(/^-?\s*uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/),
      ]);
    }
  });

  it('never runs two applies at once, nor cancels one, and runs it in an environment', () => {
    const apply = jobNamed('apply').job;
    expect(apply.concurrency).toEqual({ group: 'fargatekeeper-apply', 'cancel-in-progress': false });
    expect(apply.environment).toBe('production');
    // No other job shares the group: a waiting run of another job could replace a waiting apply.
    const inGroup = jobs.filter(({ job }) => job.concurrency?.group === 'fargatekeeper-apply').map(({ name }) => name);
    expect(inGroup).toEqual(['apply']);
  });

  it('gets AWS credentials through OIDC before every fargatekeeper step, and passes only inputs action.yml knows', () => {
    for (const { job } of jobs) {
      const uses = job.steps.map(s => s.uses?.split('@')[0]);
      expect(uses).toEqual([
        'actions/checkout',
        'aws-actions/configure-aws-credentials',
        'fargatekeeper/fargatekeeper',
      ]);
      expect(job.steps[0]!.with).toMatchObject({ 'persist-credentials': false });
      expect(job.steps[1]!.with).toMatchObject({
        'role-to-assume': expect.stringMatching(/^arn:aws:iam::\d{12}:role\//),
        'aws-region': expect.any(String),
      });
      for (const input of Object.keys(job.steps[2]!.with ?? {})) expect(Object.keys(action.inputs)).toContain(input);
    }
  });

  it("has a trust policy per job that admits only that job's OIDC subject, for STS", () => {
    const subjects = {
      plan: ['repo:OWNER/REPO:pull_request', 'repo:OWNER/REPO:ref:refs/heads/gh-readonly-queue/main/*'],
      apply: [`repo:OWNER/REPO:environment:${jobNamed('apply').job.environment}`],
      drift: ['repo:OWNER/REPO:ref:refs/heads/main'],
    };
    for (const [name, expected] of Object.entries(subjects)) {
      // The job assumes the role its trust file is for.
      expect(jobNamed(name).job.steps[1]!.with!['role-to-assume']).toBe(
        `arn:aws:iam::123456789012:role/fargatekeeper-${name}`,
      );
      const statements = iam(`trust-${name}.json`).Statement;
      expect(statements).toHaveLength(1);
      const [trust] = statements;
      expect(actions(trust!)).toEqual(['sts:AssumeRoleWithWebIdentity']);
      const conditions = Object.assign({}, ...Object.values(trust!.Condition ?? {})) as Record<
        string,
        string | string[]
      >;
      expect(conditions['token.actions.githubusercontent.com:aud']).toBe('sts.amazonaws.com');
      expect([conditions['token.actions.githubusercontent.com:sub']].flat()).toEqual(expected);
    }
  });

  it('keeps the plan and drift roles read-only, and the apply role passes roles to EKS only', () => {
    const read = iam('policy-read.json').Statement.flatMap(actions);
    for (const a of read)
      expect(a).toMatch(/^(eks:(Describe|List)|ec2:Describe|iam:(Get|List)|servicequotas:Get|sts:GetCallerIdentity)/);
    const apply = iam('policy-apply.json').Statement;
    const passRole = apply.find(s => actions(s).includes('iam:PassRole'))!;
    expect(passRole.Condition?.StringEquals?.['iam:PassedToService']).toContain('eks.amazonaws.com');
    expect(apply.flatMap(actions).filter(a => a.includes('*'))).toEqual([]);
  });
});
