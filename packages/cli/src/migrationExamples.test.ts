import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Plan, SimState } from '@fargatekeeper/core';
import { fromRepo, runCli, tempFiles } from './testing/runCli';

// examples/migration: a cluster whose profiles eksctl, a CloudFormation stack, a CDK app, Terraform
// and instance-manager made, and their documents as those tools keep them.
const specs = fromRepo('examples/migration/specs');
const account = fromRepo('examples/migration/sim-account.json');

describe('examples/migration', () => {
  it('plans to adopt every profile in place, whatever tool made it; applied, the next plan has no changes', async () => {
    const sim = tempFiles({ 'sim.json': readFileSync(account, 'utf8') });
    const args = ['--specs', specs, '--sim', sim.path('sim.json'), '--source', 'acme/infra:fargate'];
    try {
      const planned = await runCli(['plan', ...args, '--format', 'json']);
      expect(planned.code).toBe(0);
      const plan = JSON.parse(planned.stdout) as Plan;
      expect(plan.diagnostics.filter(d => d.severity !== 'info')).toEqual([]);
      const bySource = plan.clusters.flatMap(c =>
        c.operations.map(o => [
          o.op,
          'source' in o && o.source ? relative(specs, o.source.file) : undefined,
          o.op === 'adopt-in-place' ? o.profile : '',
        ]),
      );
      expect(bySource.sort()).toEqual([
        ['adopt-in-place', 'cdk/FleetStack.template.json', 'web-frontend'],
        ['adopt-in-place', 'cloudformation/batch.yaml', 'batch-prod'],
        ['adopt-in-place', 'eksctl/fleet-eu.yaml', 'fp-default'],
        ['adopt-in-place', 'eksctl/fleet-eu.yaml', 'fp-dev'],
        ['adopt-in-place', 'instance-manager/reports.yaml', 'fargate-fleet-eu-17524278215907322084'],
        ['adopt-in-place', 'terraform/show.json', 'monitoring'],
      ]);

      const applied = await runCli(['apply', ...args, '--auto-approve']);
      expect([applied.code, applied.stderr]).toEqual([0, '']);
      const after = JSON.parse((await runCli(['plan', ...args, '--format', 'json'])).stdout) as Plan;
      expect(after.hasChanges).toBe(false);
      const state = JSON.parse(readFileSync(sim.path('sim.json'), 'utf8')) as SimState;
      expect(state.clusters[0]!.profiles.map(p => p.tags['fargatekeeper.dev/managed-by'])).toEqual(
        Array(6).fill('fargatekeeper'),
      );
    } finally {
      sim.cleanup();
    }
  });
});
