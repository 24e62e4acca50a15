import { symlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import { examples, runCli, tempFiles } from '../testing/runCli';

const goodSpec = (name: string, extra = '') => `apiVersion: fargatekeeper.dev/v1
kind: FargateProfile
metadata:
  name: ${name}
spec:
  cluster: prod-eu
  podExecutionRoleArn: arn:aws:iam::123456789012:role/fargate-pods
  subnets: [subnet-0a11]
  selectors:
    - namespace: ${name}
${extra}`;

describe('fargatekeeper validate', () => {
  it('accepts the examples, with the demo overlap (and the profile it leaves without pods), and exits 0', async () => {
    const r = await runCli(['validate', '--specs', examples.specs, '--cluster', 'staging']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ 8 specs from 5 files: 0 errors, 2 warnings, \d+ info\n$/);
    // The findings read as in `plan`: grouped by severity, `file:line:column: message (path) [code]`.
    expect(r.stdout).toMatch(/^Warnings:\n {2}/);
    expect(r.stdout).toContain(`\n  ${examples.specs}/fargate-operator/search.yaml:14:7: pods in \`preview-search\``);
    expect(r.stdout).toMatch(/ \((spec\.)?selectors\[0\]\) \[overlap\.selectors\]\n {4}hint: /);
    expect(r.stdout).toContain(
      'profile `search-preview` can never take a pod: every pod its selectors match also matches `previews-',
    );
    expect(r.stdout.indexOf('Notes:\n')).toBeGreaterThan(r.stdout.indexOf('Warnings:\n'));
  });

  it('reports every problem of every file with file:line:column and exits 1', async () => {
    const files = tempFiles({
      'a.yaml': goodSpec('alpha').replace('    - namespace: alpha', '    - namspace: alpha'),
      'sub/b.yml': goodSpec('beta').replace('metadata:', 'metadata:\n  name: dup'),
      'c.yaml': goodSpec('eks-gamma'),
    });
    try {
      const r = await runCli(['validate', '--specs', files.dir]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^Errors:\n/);
      expect(r.stdout).toContain(`\n  ${files.path('a.yaml')}:10:7: unknown field \`namspace\``);
      expect(r.stdout).toContain(
        '(spec.selectors[0].namspace) [spec.unknown-field]\n    hint: did you mean `namespace`?',
      );
      expect(r.stdout).toContain(`\n  ${files.path('sub/b.yml')}:5:3: duplicate key`);
      expect(r.stdout).toContain(files.path('c.yaml'));
      expect(r.stdout).toMatch(/✗ \d+ specs? from 3 files: [1-9]\d* errors?/);
    } finally {
      files.cleanup();
    }
  });

  it('checks the account with --sim: a public subnet is an error', async () => {
    const files = tempFiles({ 'public.yaml': goodSpec('web').replace('[subnet-0a11]', '[subnet-0a11, subnet-0f99]') });
    try {
      const offline = await runCli(['validate', '--specs', files.dir]);
      expect(offline.code).toBe(0);
      const live = await runCli(['validate', '--specs', files.dir, '--sim', examples.sim]);
      expect(live.code).toBe(1);
      expect(live.stdout).toContain('subnet-0f99');
      expect(live.stdout).toMatch(
        new RegExp(
          `^Errors:\n  ${files.path('public.yaml').replace(/[.]/g, '\\.')}:\\d+:\\d+: subnet .* \\[live\\.subnet-public\\]\n`,
        ),
      );
      expect(live.stdout).toContain('(with live checks)');
    } finally {
      files.cleanup();
    }
  });

  it('prints JSON with --format json', async () => {
    const r = await runCli(['validate', '--specs', examples.specs, '--cluster', 'staging', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(true);
    expect(out.specs).toBe(8);
    expect(
      out.diagnostics
        .filter((d: { severity: string }) => d.severity === 'warning')
        .map((d: { code: string }) => d.code),
    ).toEqual(['overlap.never-wins', 'overlap.selectors']);
  });

  it('prints a Markdown table with --format markdown, escaping spec text', async () => {
    const files = tempFiles({
      'x.yaml': goodSpec('x').replace('namespace: x', 'namespace: x\n      labels: { "a|b": "<script>" }'),
    });
    try {
      const r = await runCli(['validate', '--specs', files.dir, '--format', 'markdown']);
      expect(r.stdout).toMatch(/^\*\*fargatekeeper validate\*\*/);
      // Spec text shows literally inside code spans (which GitHub never renders as HTML) and nowhere else.
      expect(r.stdout).toContain('`a\\|b=<script>`');
      expect(r.stdout.replace(/`[^`]*`/g, '')).not.toContain('<script>');
    } finally {
      files.cleanup();
    }
  });

  it('fails clearly when the specs folder does not exist', async () => {
    const r = await runCli(['validate']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: specs folder `fargate` not found (set it with --specs)\n');
  });

  it('reports a fargate-operator spec without --cluster as an error', async () => {
    const r = await runCli(['validate', '--specs', examples.specs]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('fargate-operator/search.yaml');
    expect(r.stdout).toContain('--cluster');
  });
});

describe('fargatekeeper validate and plan: contained input', () => {
  const secret = 'ghp_S3cr3tT0kenTh4tMustN0tLeak0123456789';

  it('never shows anything of a file outside the specs folder that a link points to', async () => {
    const files = tempFiles({
      'secrets.env': `apiVersion: ${secret}\nkind: ${secret}\n`,
      'specs/web.yaml': goodSpec('web'),
    });
    try {
      symlinkSync(resolve(files.path('secrets.env')), files.path('specs/creds.yaml'));
      const runs = [
        await runCli(['validate', '--specs', files.path('specs')]),
        await runCli(['validate', '--specs', files.path('specs'), '--format', 'markdown']),
        await runCli(['validate', '--specs', files.path('specs'), '--format', 'json']),
        await runCli(['plan', '--specs', files.path('specs'), '--sim', examples.sim]),
        await runCli(['plan', '--specs', files.path('specs'), '--sim', examples.sim, '--format', 'markdown']),
      ];
      for (const r of runs) {
        expect(r.code).toBe(1);
        expect(r.stdout + r.stderr).not.toContain(secret);
      }
      expect(runs[0]!.stdout).toContain(
        `  ${files.path('specs/creds.yaml')}:1:1: \`${files.path('specs/creds.yaml')}\` is a symbolic link to a place outside the specs folder: not read [spec.link-outside]`,
      );
    } finally {
      files.cleanup();
    }
  });

  it('shows a bidi override in a spec name escaped, in text and in Markdown', async () => {
    const files = tempFiles({ 'evil.yaml': goodSpec('pay\u202Etxt.exe') });
    try {
      const text = await runCli(['validate', '--specs', files.dir]);
      const markdown = await runCli(['validate', '--specs', files.dir, '--format', 'markdown']);
      for (const r of [text, markdown]) {
        expect(r.code).toBe(1);
        expect(r.stdout).not.toContain('\u202E');
      }
      expect(text.stdout).toContain('`pay\\u202Etxt.exe` is not a valid spec name');
      expect(markdown.stdout).toContain('`pay\\u202Etxt.exe` is not a valid spec name');
    } finally {
      files.cleanup();
    }
  });
});
