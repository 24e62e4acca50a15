import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parseAllDocuments } from 'yaml';
import { SimulatedAccount, type Plan, type PolicyDocument, type SimState } from '@fargatekeeper/core';
import { fromRepo, repoRoot, runCli, tempFiles } from './testing/runCli';

// examples/fleet: three accounts, two reached through roles (one with an external id), one the run's own.
const fleet = { specs: fromRepo('examples/fleet/specs'), sim: fromRepo('examples/fleet/sim-fleet.json') };
const specFiles = readdirSync(join(repoRoot, 'examples/fleet/specs')).filter(f => f.endsWith('.yaml'));
const read = (file: string) => readFileSync(join(repoRoot, 'examples/fleet/specs', file), 'utf8');

/** The fleet example in a temp folder (specs edited by `edit`) with a copy of its account file. */
function copy(edit: (file: string, content: string) => string = (_f, c) => c) {
  const state = JSON.parse(readFileSync(join(repoRoot, 'examples/fleet/sim-fleet.json'), 'utf8')) as SimState;
  const files = tempFiles({
    'sim.json': JSON.stringify(state, null, 2),
    ...Object.fromEntries(specFiles.map(f => [`specs/${f}`, edit(f, read(f))])),
  });
  return {
    ...files,
    sim: files.path('sim.json'),
    specs: files.path('specs'),
    state: () => JSON.parse(readFileSync(files.path('sim.json'), 'utf8')) as SimState,
    /** `fargatekeeper <command>` on these specs and this account. */
    run: (command: string, ...args: string[]) =>
      runCli([command, '--specs', files.path('specs'), '--sim', files.path('sim.json'), ...args]),
  };
}

describe('examples/fleet: clusters in several accounts', () => {
  it('satisfies the JSON Schema, Cluster documents included', () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(
      JSON.parse(readFileSync(join(repoRoot, 'schema/fargatekeeper.schema.json'), 'utf8')),
    );
    const kinds = new Set<string>();
    for (const file of specFiles) {
      for (const doc of parseAllDocuments(read(file))) {
        const value = doc.toJS() as { kind: string };
        kinds.add(value.kind);
        expect({ file, errors: validate(value) ? [] : validate.errors }).toEqual({ file, errors: [] });
      }
    }
    expect([...kinds].sort()).toEqual(['Cluster', 'FargateProfile']);
  });

  it('plans each cluster in its account', async () => {
    const r = await runCli(['plan', '--specs', fleet.specs, '--sim', fleet.sim, '--format', 'json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as Plan;
    expect(plan.clusters.map(c => [c.cluster, c.account?.id, c.operations.map(o => o.op)])).toEqual([
      ['prod-eu', '222222222222', ['create', 'create']],
      ['staging', '333333333333', ['create']],
      ['tools', '111111111111', ['create']],
    ]);
    const text = await runCli(['plan', '--specs', fleet.specs, '--sim', fleet.sim]);
    expect(text.stdout).toContain('prod-eu (eu-west-1, account 222222222222)');
  });

  it('applies into each account of the file, and the next plan changes nothing', async () => {
    const work = copy();
    try {
      const r = await work.run('apply', '--auto-approve');
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      const state = work.state();
      const specsIn = (id: string) =>
        [state, ...(state.accounts ?? [])]
          .find(a => a.accountId === id)!
          .clusters.flatMap(c => c.profiles.map(p => `${c.name}/${p.tags['fargatekeeper.dev/spec']}`))
          .sort();
      expect([specsIn('111111111111'), specsIn('222222222222'), specsIn('333333333333')]).toEqual([
        ['tools/ci-runners'],
        ['prod-eu/batch', 'prod-eu/payments'],
        ['staging/previews'],
      ]);
      const again = await work.run('plan', '--detailed-exitcode');
      expect(again.code).toBe(0);
    } finally {
      work.cleanup();
    }
  });

  it('refuses a cluster whose declared account is not where the credentials land: exit 1, naming both', async () => {
    const work = copy((file, content) =>
      file === 'clusters.yaml' ? content.replace("accountId: '111111111111'", "accountId: '999999999999'") : content,
    );
    try {
      const r = await work.run('plan');
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(
        "clusters.yaml:30:14: Cluster `tools` (eu-west-1) is declared in account 999999999999 (`spec.accountId`), but the run's credentials are of account 111111111111; nothing is planned or checked there.",
      );
      const applied = await work.run('apply', '--auto-approve');
      expect(applied.code).toBe(1);
      expect(applied.stderr).toContain('the plan has errors; nothing was applied');
    } finally {
      work.cleanup();
    }
  });

  it('refuses a cluster whose role does not trust the run with the external id given, with STS answer', async () => {
    const work = copy((file, content) =>
      file === 'clusters.yaml' ? content.replace('externalId: fleet-prod-7f3a', 'externalId: guessed') : content,
    );
    try {
      const r = await work.run('plan');
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(
        'Cluster `prod-eu` (eu-west-1) could not be reached: assuming role `arn:aws:iam::222222222222:role/fargatekeeper` failed (AccessDenied: User: arn:aws:iam::111111111111:role/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/fargatekeeper)',
      );
      expect(r.stdout).toContain('staging (eu-west-1, account 333333333333)');
    } finally {
      work.cleanup();
    }
  });

  it('validates each cluster against its own account, and says when one cannot be reached', async () => {
    const ok = await runCli(['validate', '--specs', fleet.specs, '--sim', fleet.sim]);
    expect({ code: ok.code, out: ok.stdout }).toEqual({
      code: 0,
      out: '✓ 4 specs from 3 files (with live checks): no problems\n',
    });
    const work = copy((file, content) =>
      file === 'clusters.yaml' ? content.replace('externalId: fleet-prod-7f3a', 'externalId: guessed') : content,
    );
    try {
      const r = await work.run('validate', '--format', 'json');
      expect(r.code).toBe(1);
      const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: { code: string; cluster?: string }[] };
      expect(diagnostics.map(d => [d.code, d.cluster])).toEqual([['plan.account-unreachable', 'prod-eu']]);
    } finally {
      work.cleanup();
    }
  });

  it('explains a pod of a declared cluster in its account, live and desired, through its role', async () => {
    const work = copy();
    try {
      expect((await work.run('apply', '--auto-approve')).code).toBe(0);
      const pod = ['--cluster', 'prod-eu', '--namespace', 'batch', '--label', 'compute=fargate', '--format', 'json'];
      // No --region: the Cluster document's; the live profiles are those of account 222222222222.
      for (const mode of [[], ['--desired']]) {
        const r = await work.run('explain', ...pod, ...mode);
        expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
        const explained = JSON.parse(r.stdout) as { region: string; profile: string; candidates: { name: string }[] };
        expect(explained).toMatchObject({ region: 'eu-west-1', profile: expect.stringMatching(/^batch-[0-9a-f]{8}$/) });
        expect(explained.candidates.map(c => c.name.replace(/-[0-9a-f]{8}$/, ''))).toEqual(['batch', 'payments']);
      }
    } finally {
      work.cleanup();
    }
  });

  it('explain and import refuse a declared cluster whose credentials land in another account, naming both', async () => {
    const work = copy((file, content) =>
      file === 'clusters.yaml' ? content.replace("accountId: '111111111111'", "accountId: '999999999999'") : content,
    );
    try {
      const explained = await work.run('explain', '--cluster', 'tools', '--namespace', 'ci');
      const tools = readFileSync(work.path('specs/tools.yaml'), 'utf8');
      const imported = await runCli([
        'import',
        '--out',
        work.specs,
        '--sim',
        work.sim,
        '--cluster',
        'tools',
        '--force',
      ]);
      for (const r of [explained, imported]) {
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(
          "Cluster `tools` (eu-west-1) is declared in account 999999999999 (`spec.accountId`), but the run's credentials are of account 111111111111",
        );
      }
      expect(readFileSync(work.path('specs/tools.yaml'), 'utf8')).toBe(tools);
    } finally {
      work.cleanup();
    }
  });

  it('explain reads nothing of a cluster whose Cluster document has errors: where it lives is not known', async () => {
    const work = copy((file, content) =>
      file === 'clusters.yaml' ? content.replace("accountId: '222222222222'", "accountId: '2222'") : content,
    );
    try {
      const r = await work.run('explain', '--cluster', 'prod-eu', '--namespace', 'x');
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^error: the `Cluster` document of `prod-eu` has errors, so where it lives is not known: \S*clusters\.yaml:9:14: /,
      );
    } finally {
      work.cleanup();
    }
  });

  it('imports the profiles of a declared cluster from its account, and the plan after it only adopts them', async () => {
    const work = copy();
    const out = tempFiles({ 'clusters.yaml': read('clusters.yaml') });
    try {
      // A profile made in the console of prod's account, which the run's own account does not see.
      const state = work.state();
      state
        .accounts!.find(a => a.accountId === '222222222222')!
        .clusters[0]!.profiles.push({
          name: 'console-made',
          status: 'ACTIVE',
          podExecutionRoleArn: 'arn:aws:iam::222222222222:role/fargate-pods',
          subnets: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
          selectors: [{ namespace: 'legacy', labels: {} }],
          tags: { team: 'legacy' },
          createdAt: '2026-01-05T09:00:00.000Z',
        });
      writeFileSync(work.sim, JSON.stringify(state, null, 2));

      const r = await runCli(['import', '--out', out.dir, '--sim', work.sim, '--cluster', 'prod-eu']);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      expect(r.stdout).toContain(
        `Imported 1 profile of prod-eu (eu-west-1) into ${out.path('prod-eu.yaml')}:\n  console-made\n`,
      );

      const planned = await runCli(['plan', '--specs', out.dir, '--sim', work.sim, '--format', 'json']);
      expect(planned.code).toBe(0);
      const plan = JSON.parse(planned.stdout) as Plan;
      expect(plan.clusters.map(c => [c.cluster, c.account?.id, c.operations.map(o => o.op)])).toEqual([
        ['prod-eu', '222222222222', ['adopt-in-place']],
        ['staging', '333333333333', []],
        ['tools', '111111111111', []],
      ]);
    } finally {
      work.cleanup();
      out.cleanup();
    }
  });

  it('the trust policy of docs/accounts.md lets the CI roles assume the role with the external id, and no one else', async () => {
    const trust = JSON.parse(readFileSync(join(repoRoot, 'examples/iam/fleet-trust.json'), 'utf8')) as PolicyDocument;
    const state = JSON.parse(readFileSync(join(repoRoot, 'examples/fleet/sim-fleet.json'), 'utf8')) as SimState;
    const prod = state.accounts!.find(a => a.accountId === '222222222222')!;
    prod.roles.find(r => r.name === 'fargatekeeper')!.assumeRolePolicy = trust;
    const role = {
      roleArn: 'arn:aws:iam::222222222222:role/fargatekeeper',
      externalId: 'fleet-prod-7f3a',
      sessionName: 'fargatekeeper',
    };
    const as = (principalArn: string) => SimulatedAccount.fromJSON({ ...state, principalArn });
    for (const job of ['plan', 'apply', 'drift'])
      await expect(as(`arn:aws:iam::111111111111:role/fargatekeeper-${job}`).assumeRole(role)).resolves.toHaveProperty(
        'accessKeyId',
      );
    await expect(
      as('arn:aws:iam::111111111111:role/fargatekeeper-apply').assumeRole({ ...role, externalId: 'other' }),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(as('arn:aws:iam::111111111111:role/developer').assumeRole(role)).rejects.toMatchObject({
      name: 'AccessDenied',
    });
  });
});
