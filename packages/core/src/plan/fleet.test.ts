import { Fleet } from '../account/Fleet';
import { SimulatedAccount } from '../account/sim/SimulatedAccount';
import { VirtualClock } from '../account/sim/VirtualClock';
import type { SimState } from '../account/sim/state';
import {
  BASE,
  fleetState,
  podsRoleIn,
  PROD,
  PROD_EXTERNAL_ID,
  REGION,
  roleIn,
  STAGING,
} from '../account/sim/__fixtures__/fleetState';
import { apply } from '../apply/apply';
import { parseSpecFiles } from '../spec/parse';
import type { ClusterSpec, ParseResult } from '../spec/types';
import { plan } from './plan';
import type { Plan } from './types';

const options = { defaultRegion: REGION, source: 'acme/fleet' };

const clusterDoc = (
  name: string,
  accountId: string,
  role?: { roleArn: string; externalId?: string },
) => `apiVersion: fargatekeeper.dev/v1
kind: Cluster
metadata:
  name: ${name}
spec:
  region: ${REGION}
  accountId: '${accountId}'
${role ? `  roleArn: ${role.roleArn}\n` : ''}${role?.externalId ? `  externalId: ${role.externalId}\n` : ''}`;

const profileDoc = (name: string, cluster: string, role?: string) => `apiVersion: fargatekeeper.dev/v1
kind: FargateProfile
metadata:
  name: ${name}
spec:
  cluster: ${cluster}
${role ? `  podExecutionRoleArn: ${role}\n` : ''}  subnets: [subnet-a, subnet-b]
  selectors: [{ namespace: ${name} }]
`;

/** prod through its role (external id), staging through its role, tools undeclared in the base account. */
function specs(overrides: { prod?: string; staging?: string; tools?: string } = {}): ParseResult {
  const parsed = parseSpecFiles([
    {
      path: 'fargate/clusters.yaml',
      content: [
        overrides.prod ?? clusterDoc('prod', PROD, { roleArn: roleIn(PROD), externalId: PROD_EXTERNAL_ID }),
        overrides.staging ?? clusterDoc('staging', STAGING, { roleArn: roleIn(STAGING) }),
        ...(overrides.tools ? [overrides.tools] : []),
      ].join('---\n'),
    },
    { path: 'fargate/prod.yaml', content: profileDoc('payments', 'prod') },
    { path: 'fargate/staging.yaml', content: profileDoc('search', 'staging', podsRoleIn(STAGING)) },
    { path: 'fargate/tools.yaml', content: profileDoc('ci', 'tools', podsRoleIn(BASE)) },
  ]);
  expect(parsed.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
  return parsed;
}

function world(state: SimState = fleetState()) {
  const clock = new VirtualClock();
  return { clock, sim: SimulatedAccount.fromJSON(state, { clock }) };
}

const operations = (p: Plan) =>
  p.clusters.map(c => [c.cluster, c.account ?? null, c.operations.map(o => o.op), c.blockedReason ?? null]);
const errors = (p: Plan) =>
  p.diagnostics
    .filter(d => d.severity === 'error')
    .map(d => ({ code: d.code, cluster: d.cluster, message: d.message, path: d.path, line: d.source?.line }));

describe('plan and apply over several accounts (Cluster documents)', () => {
  it('plans each cluster in its account through its role, and applies there, assuming each role once per run', async () => {
    const { clock, sim } = world();
    const parsed = specs();
    const fleet = new Fleet(sim, parsed.clusters);
    const reviewed = await plan(parsed, fleet, options);
    expect(errors(reviewed)).toEqual([]);
    expect(operations(reviewed)).toEqual([
      ['prod', { id: PROD, roleArn: roleIn(PROD) }, ['create'], null],
      ['staging', { id: STAGING, roleArn: roleIn(STAGING) }, ['create'], null],
      ['tools', null, ['create'], null],
    ]);
    // prod's spec names no role: its default role is made in prod's account, for prod's profiles only.
    const create = reviewed.clusters[0]!.operations[0]!;
    expect(create.op === 'create' && create.createsRole?.arn).toMatch(
      new RegExp(`^arn:aws:iam::${PROD}:role/fargatekeeper/fk-prod-payments-`),
    );

    const result = await apply(reviewed, fleet, { clock, replan: () => plan(parsed, fleet, options) });
    expect(result.ok).toBe(true);
    const state = sim.toJSON();
    const profiles = (accountId: string) =>
      [state, ...(state.accounts ?? [])]
        .find(a => a.accountId === accountId)!
        .clusters.flatMap(c => c.profiles.map(p => `${c.name}/${p.tags['fargatekeeper.dev/spec']} ${p.status}`));
    expect(profiles(PROD)).toEqual(['prod/payments ACTIVE']);
    expect(profiles(STAGING)).toEqual(['staging/search ACTIVE']);
    expect(profiles(BASE)).toEqual(['tools/ci ACTIVE']);
    expect(
      [state, ...state.accounts!].map(a => [a.accountId, a.roles.filter(r => r.path === '/fargatekeeper/').length]),
    ).toEqual([
      [BASE, 0],
      [PROD, 1],
      [STAGING, 0],
    ]);
    // Plan, re-plan and apply: one AssumeRole per role.
    expect(sim.calls.AssumeRole).toBe(2);
    expect(operations(await plan(parsed, fleet, options)).map(([cluster, , ops]) => [cluster, ops])).toEqual([
      ['prod', ['no-op']],
      ['staging', ['no-op']],
      ['tools', ['no-op']],
    ]);
  });

  it('refuses a declared cluster whose credentials land in another account, naming both (the others are planned)', async () => {
    const { sim } = world();
    const parsed = specs({ tools: clusterDoc('tools', '999999999999') });
    const result = await plan(parsed, sim, options);
    expect(errors(result)).toEqual([
      {
        code: 'plan.account-mismatch',
        cluster: 'tools',
        message:
          "Cluster `tools` (eu-west-1) is declared in account 999999999999 (`spec.accountId`), but the run's credentials are of account 111111111111; nothing is planned or checked there.",
        path: 'spec.accountId',
        line: 26,
      },
    ]);
    expect(operations(result)).toEqual([
      ['prod', { id: PROD, roleArn: roleIn(PROD) }, ['create'], null],
      ['staging', { id: STAGING, roleArn: roleIn(STAGING) }, ['create'], null],
      ['tools', null, [], 'its credentials land in account 111111111111, not in the declared 999999999999'],
    ]);
    // Nothing of the wrong account was validated: only the refusal is said.
    expect(result.diagnostics.filter(d => d.cluster === 'tools').map(d => d.code)).toEqual(['plan.account-mismatch']);
  });

  it('refuses a cluster whose role lands elsewhere than its declared account', async () => {
    const { sim } = world();
    const parsed = specs();
    // A document would be refused when parsed (its role ARN names another account); as data it reaches the plan.
    const misdeclared: ClusterSpec[] = parsed.clusters.map(c => (c.name === 'staging' ? { ...c, accountId: PROD } : c));
    const result = await plan({ ...parsed, clusters: misdeclared }, sim, options);
    expect(errors(result)).toEqual([
      expect.objectContaining({
        code: 'plan.account-mismatch',
        cluster: 'staging',
        message: `Cluster \`staging\` (eu-west-1) is declared in account ${PROD} (\`spec.accountId\`), but role \`${roleIn(STAGING)}\` lands in account ${STAGING}; nothing is planned or checked there.`,
      }),
    ]);
  });

  it('refuses a cluster whose role cannot be assumed (a wrong external id) with STS answer, without other noise', async () => {
    const { sim } = world();
    const parsed = specs({ prod: clusterDoc('prod', PROD, { roleArn: roleIn(PROD), externalId: 'not-the-one' }) });
    const result = await plan(parsed, sim, options);
    expect(errors(result)).toEqual([
      {
        code: 'plan.account-unreachable',
        cluster: 'prod',
        message: `Cluster \`prod\` (eu-west-1) could not be reached: assuming role \`${roleIn(PROD)}\` failed (AccessDenied: User: arn:aws:iam::${BASE}:role/ci is not authorized to perform: sts:AssumeRole on resource: ${roleIn(PROD)}); nothing is planned or checked there.`,
        path: 'spec.roleArn',
        line: 8,
      },
    ]);
    expect(result.diagnostics.filter(d => d.severity === 'warning')).toEqual([]);
    expect(operations(result).map(([cluster, , ops]) => [cluster, ops])).toEqual([
      ['prod', []],
      ['staging', ['create']],
      ['tools', ['create']],
    ]);
  });

  it('inspects a declared cluster without specs: removing its last spec deletes its profile', async () => {
    const { clock, sim } = world();
    const parsed = specs();
    const fleet = new Fleet(sim, parsed.clusters);
    await apply(await plan(parsed, fleet, options), fleet, { clock });
    const withoutProd = { ...parsed, specs: parsed.specs.filter(s => s.cluster !== 'prod') };
    const after = await plan(withoutProd, fleet, options);
    expect(operations(after).map(([cluster, , ops]) => [cluster, ops])).toEqual([
      ['prod', ['delete-profile']],
      ['staging', ['no-op']],
      ['tools', ['no-op']],
    ]);
  });

  it('apply refuses a declared cluster when it is not given the accounts the plan read', async () => {
    const { clock, sim } = world();
    const parsed = specs();
    const reviewed = await plan(parsed, sim, options);
    const result = await apply(reviewed, sim, { clock });
    expect(result.ok).toBe(false);
    expect(result.outcomes.map(o => [o.operation.cluster, o.status, o.reason ?? null])).toEqual([
      [
        'prod',
        'skipped',
        `not applied: the plan read this cluster in account ${PROD} through role ${roleIn(PROD)}, but apply was given the run's own account`,
      ],
      [
        'staging',
        'skipped',
        `not applied: the plan read this cluster in account ${STAGING} through role ${roleIn(STAGING)}, but apply was given the run's own account`,
      ],
      ['tools', 'succeeded', null],
    ]);
  });

  it('refreshes the credentials during an apply that outlasts them, before they expire', async () => {
    const state = fleetState();
    state.timings = { ...state.timings, createSeconds: 2 * 3600 };
    const { clock, sim } = world(state);
    const parsed = specs();
    const fleet = new Fleet(sim, parsed.clusters);
    const started = clock.now();
    const result = await apply(await plan(parsed, fleet, options), fleet, {
      clock,
      timeouts: { createMs: 3 * 3600_000 },
    });
    expect(result.ok).toBe(true);
    expect(clock.now() - started).toBeGreaterThan(2 * 3600_000);
    // Two hours of polling: each role assumed at the start, then 55 and 110 minutes in (five minutes before each expiry).
    expect(sim.calls.AssumeRole).toBe(2 * 3);
  });
});
