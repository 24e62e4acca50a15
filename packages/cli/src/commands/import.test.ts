import { readFileSync } from 'node:fs';
import type { Plan, SimState } from '@fargatekeeper/core';
import { fromRepo, runCli, tempFiles } from '../testing/runCli';

const SOURCE = 'acme/infra:fargate';

/** The migration example's account (profiles made by eksctl, CloudFormation, CDK, Terraform, instance-manager) and one made in the console. */
function account() {
  const state = JSON.parse(readFileSync(fromRepo('examples/migration/sim-account.json'), 'utf8')) as SimState;
  state.clusters[0]!.profiles.push({
    name: 'Console_Debug',
    status: 'ACTIVE',
    podExecutionRoleArn: 'arn:aws:iam::123456789012:role/fargate-pods',
    subnets: ['subnet-0a11'],
    selectors: [{ namespace: 'debug', labels: { 'debug.example.com/session': '*' } }],
    tags: { owner: 'sre', ticket: 'OPS-1234' },
    createdAt: '2025-05-05T05:05:05.000Z',
  });
  state.timings = { createSeconds: 0.05, deleteSeconds: 0.05, iamPropagationSeconds: 0.02 };
  return tempFiles({ 'sim.json': JSON.stringify(state, null, 2) });
}

const changes = (plan: Plan) => plan.clusters.flatMap(c => c.operations.map(o => o.op)).sort();

describe('fargatekeeper import', () => {
  it('import → plan adopts only (tags in place) → apply → plan has no changes; again only with --force', async () => {
    const files = account();
    const sim = files.path('sim.json');
    const out = files.path('fargate');
    const common = ['--sim', sim, '--source', SOURCE];
    const planJson = async () =>
      JSON.parse((await runCli(['plan', '--specs', out, ...common, '--format', 'json'])).stdout) as Plan;
    try {
      const imported = await runCli(['import', '--cluster', 'fleet-eu', '--out', out, ...common]);
      expect([imported.code, imported.stderr]).toEqual([0, '']);
      expect(imported.stdout).toContain(
        `Imported 7 profiles of fleet-eu (eu-west-1) into ${out}/fleet-eu.yaml:\n  Console_Debug as spec console-debug\n  batch-prod\n`,
      );
      const file = readFileSync(`${out}/fleet-eu.yaml`, 'utf8');
      expect(file.split('\n')[0]).toBe(
        '# yaml-language-server: $schema=https://fargatekeeper.dev/schema/fargatekeeper.schema.json',
      );
      expect(file).toContain('    - namespace: debug\n      labels:\n        debug.example.com/session: "*"\n');

      const first = await planJson();
      expect(first.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
      expect(changes(first)).toEqual(Array(7).fill('adopt-in-place'));
      // Only the managed tags are added: every field and every tag of the profile stays as it is.
      for (const o of first.clusters[0]!.operations) {
        if (o.op !== 'adopt-in-place') continue;
        expect([o.tags.remove, Object.keys(o.tags.set).every(k => k.startsWith('fargatekeeper.dev/'))]).toEqual([
          [],
          true,
        ]);
      }

      const applied = await runCli(['apply', '--specs', out, ...common, '--auto-approve']);
      expect(applied.code).toBe(0);
      expect(applied.stdout).toContain('Apply: 7 succeeded, 0 failed, 0 skipped');
      const after = await planJson();
      expect([after.hasChanges, changes(after)]).toEqual([false, Array(7).fill('no-op')]);

      const again = await runCli(['import', '--cluster', 'fleet-eu', '--out', out, ...common]);
      expect([again.code, again.stderr]).toEqual([
        1,
        `error: \`${out}/fleet-eu.yaml\` exists; pass --force to overwrite it (or --out another folder)\n`,
      ]);
      expect(readFileSync(`${out}/fleet-eu.yaml`, 'utf8')).toBe(file);

      // Now every profile is managed here: the default imports none, --all writes them again as they are.
      const none = await runCli(['import', '--cluster', 'fleet-eu', '--out', files.path('other'), ...common]);
      expect(none.stdout).toMatch(
        /^Nothing to import from fleet-eu \(eu-west-1\): no file written\.\nPassed over:\n {2}Console_Debug: managed by fargatekeeper as spec console-debug \(--all imports it\)\n/,
      );
      const all = await runCli(['import', '--cluster', 'fleet-eu', '--out', out, ...common, '--all', '--force']);
      expect(all.code).toBe(0);
      expect(all.stdout).toContain('  Console_Debug as spec console-debug (managed here)\n');
      expect((await planJson()).hasChanges).toBe(false);
    } finally {
      files.cleanup();
    }
  });

  it('refuses what it cannot do, saying why', async () => {
    const files = account();
    const common = ['--sim', files.path('sim.json'), '--source', SOURCE, '--out', files.path('fargate')];
    try {
      const noCluster = await runCli(['import', ...common]);
      expect([noCluster.code, noCluster.stderr.split('\n')[0]]).toEqual([
        1,
        'error: --cluster NAME is required: the cluster whose profiles are imported',
      ]);
      const both = await runCli(['import', '--cluster', 'fleet-eu', '--all', '--unmanaged', ...common]);
      expect(both.stderr.split('\n')[0]).toBe('error: --all and --unmanaged contradict each other');
      const missing = await runCli(['import', '--cluster', 'nope', ...common]);
      expect([missing.code, missing.stderr]).toEqual([1, 'error: cluster `nope` not found in eu-west-1\n']);
    } finally {
      files.cleanup();
    }
  });
});
