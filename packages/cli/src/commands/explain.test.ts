import { readFileSync } from 'node:fs';
import { examples, runCli, tempFiles } from '../testing/runCli';
import { parseLabels } from './explain';

const live = ['explain', '--sim', examples.sim];

describe('fargatekeeper explain', () => {
  it('names the live profile that takes a pod, with the reasons per selector', async () => {
    const r = await runCli([...live, '--cluster', 'prod-eu', '--namespace', 'legacy']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Pod: namespace legacy, no labels');
    expect(r.stdout).toContain('Cluster: prod-eu (eu-west-1), live profiles');
    expect(r.stdout).toContain('→ Fargate profile handmade-legacy: only `handmade-legacy` matches');
    expect(r.stdout).toContain('✓ handmade-legacy');
    expect(r.stdout).toContain('✗ checkout-');
    expect(r.stdout).toContain('namespace `legacy` does not match `checkout`');
  });

  it('says the pod goes to nodes when no profile matches', async () => {
    const r = await runCli([...live, '--cluster', 'staging', '--namespace', 'preview-web']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('→ nodes: goes to nodes (no profile matches)');
  });

  it('shows a label mismatch per selector', async () => {
    const r = await runCli([...live, '--cluster', 'staging', '--namespace', 'preview-search', '--label', 'app=web']);
    expect(r.stdout).toContain('→ nodes');
    expect(r.stdout).toContain('label `app` is `web`, which does not match `search`');
  });

  it('explains against the desired state with --desired: the overlap and which profile EKS picks', async () => {
    const now = await runCli([
      ...live,
      '--cluster',
      'staging',
      '--namespace',
      'preview-search',
      '--label',
      'app=search',
    ]);
    expect(now.stdout).toContain('→ Fargate profile search-preview: only `search-preview` matches');
    const r = await runCli([
      ...live,
      '--specs',
      examples.specs,
      '--cluster',
      'staging',
      '--desired',
      '--namespace',
      'preview-search',
      '--label',
      'app=search',
      '--format',
      'json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.state).toBe('desired');
    expect(out.placement).toBe('fargate');
    expect(out.decidedBy).toBe('first-by-name');
    expect(out.matching).toHaveLength(2);
    expect(out.profile).toMatch(/^previews-[0-9a-f]{8}$/);
    expect(out.matching[1]).toBe('search-preview');
  });

  it('honours the eks.amazonaws.com/fargate-profile label', async () => {
    const r = await runCli([
      ...live,
      '--cluster',
      'prod-eu',
      '--namespace',
      'legacy',
      '--label',
      'eks.amazonaws.com/fargate-profile=handmade-legacy',
      '--format',
      'json',
    ]);
    expect(JSON.parse(r.stdout).decidedBy).toBe('profile-label');
  });

  it('prints Markdown', async () => {
    const r = await runCli([...live, '--cluster', 'prod-eu', '--namespace', 'legacy', '--format', 'markdown']);
    expect(r.stdout).toMatch(/^\*\*Pod\*\* namespace legacy/);
    expect(r.stdout).toContain('| ✅ | `handmade-legacy` |');
  });

  it('needs --cluster and --namespace', async () => {
    const noCluster = await runCli([...live, '--namespace', 'x']);
    expect(noCluster.code).toBe(1);
    expect(noCluster.stderr.split('\n')[0]).toBe('error: explain needs --cluster NAME');
    const noNamespace = await runCli([...live, '--cluster', 'prod-eu']);
    expect(noNamespace.stderr.split('\n')[0]).toBe("error: explain needs --namespace NS (the pod's namespace)");
  });

  it('rejects a label without `=` and a label given twice', async () => {
    const bad = await runCli([...live, '--cluster', 'prod-eu', '--namespace', 'x', '--label', 'app']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.split('\n')[0]).toBe('error: --label needs KEY=VALUE (got `app`)');
    const twice = await runCli([
      ...live,
      '--cluster',
      'prod-eu',
      '--namespace',
      'x',
      '--label',
      'a=1',
      '--label',
      'a=2',
    ]);
    expect(twice.stderr.split('\n')[0]).toBe('error: --label `a` is given twice');
  });

  it('says when the cluster does not exist, live or desired', async () => {
    const r = await runCli([...live, '--cluster', 'nope', '--namespace', 'x']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: cluster `nope` not found in eu-west-1\n');
    const desired = await runCli([
      ...live,
      '--specs',
      examples.specs,
      '--desired',
      '--cluster',
      'nope',
      '--namespace',
      'x',
    ]);
    expect(desired).toEqual(r);
  });

  it('counts only ACTIVE profiles and names the others', async () => {
    const files = tempFiles({
      'sim.json': readFileSync(examples.sim, 'utf8').replace(
        '"name": "handmade-legacy",\n          "status": "ACTIVE"',
        '"name": "handmade-legacy",\n          "status": "DELETING"',
      ),
    });
    try {
      const r = await runCli([
        'explain',
        '--sim',
        files.path('sim.json'),
        '--cluster',
        'prod-eu',
        '--namespace',
        'legacy',
      ]);
      expect(r.stdout).toContain('→ nodes');
      expect(r.stdout).toContain('Not counted (only ACTIVE profiles take pods): handmade-legacy (DELETING)');
    } finally {
      files.cleanup();
    }
  });

  it('reads labels as KEY=VALUE, splitting at the first `=` and allowing an empty value', () => {
    expect(parseLabels(['app=web', 'expr=a=b', 'tier=', 'example.com/team=x'])).toEqual({
      app: 'web',
      expr: 'a=b',
      tier: '',
      'example.com/team': 'x',
    });
    expect(() => parseLabels(['=x'])).toThrow('--label needs KEY=VALUE (got `=x`)');
  });
});
