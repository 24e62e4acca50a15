import { SimulatedAccount, VirtualClock, type SimFault, type SimProfile, type SimState } from '../account';
import { ACCOUNT, REGION, ROLE_ARN, simState } from '../account/sim/__fixtures__/simState';
import { PROTECTED_TAG, SOURCE_TAG } from '../account/types';
import { parseSpecFiles } from '../spec';
import type { ProfileSpec } from '../spec/types';
import { defaultRoleName } from './defaultRole';
import { fingerprintMatches, isFingerprintPrefix } from './fingerprint';
import { desiredTagsFor, profileNameFor } from './naming';
import { plan } from './plan';
import type { Operation, Plan, PlanOptions } from './types';

// Ownership by source, the delete guards (max-deletes, deletion protection, targets) and the
// fingerprint of the change set, each over the simulated account as a front door would plan it.

const A = 'acme/infra:teams/a';
const B = 'acme/infra:teams/b';

function spec(name: string, overrides: Partial<ProfileSpec> = {}): ProfileSpec {
  return {
    name,
    cluster: 'prod-eu',
    podExecutionRoleArn: ROLE_ARN,
    subnets: ['subnet-a', 'subnet-b'],
    selectors: [{ namespace: name, labels: {} }],
    tags: {},
    source: { file: `fargate/${name}.yaml`, line: 1, column: 1, format: 'native', document: 0, fields: {} },
    ...overrides,
  };
}

/** The live profile a run of `source` made for `s`. */
const liveOf = (s: ProfileSpec, source?: string, overrides: Partial<SimProfile> = {}): SimProfile => ({
  name: profileNameFor(s),
  status: 'ACTIVE',
  podExecutionRoleArn:
    s.podExecutionRoleArn ?? `arn:aws:iam::${ACCOUNT}:role/fargatekeeper/${defaultRoleName(REGION, s.cluster, s.name)}`,
  subnets: [...s.subnets],
  selectors: s.selectors,
  tags: desiredTagsFor(s, source),
  createdAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

function account(profiles: SimProfile[], faults: SimFault[] = [], mutate: (state: SimState) => void = () => {}) {
  const state = simState();
  state.clusters.find(c => c.name === 'prod-eu')!.profiles.push(...profiles);
  mutate(state);
  return SimulatedAccount.fromJSON(state, { clock: new VirtualClock(), faults });
}

const options = (extra: Partial<PlanOptions> = {}): PlanOptions => ({ defaultRegion: REGION, ...extra });
const ops = (p: Plan, cluster = 'prod-eu'): Operation[] =>
  p.clusters.find(c => c.cluster === cluster)?.operations ?? [];
const line = (o: Operation) => `${o.op} ${o.op === 'delete-role' ? o.role.name : o.profile}`;
const lines = (p: Plan, cluster = 'prod-eu') => ops(p, cluster).map(line);
const errors = (p: Plan) => p.diagnostics.filter(d => d.severity === 'error').map(d => d.code);

describe('ownership by source', () => {
  const a1 = spec('a-one');
  const b1 = spec('b-one');
  const b2 = spec('b-two');

  it('a subset folder plans nothing of profiles another source owns: folder A deletes nothing of folder B', async () => {
    const sim = account([liveOf(a1, A), liveOf(b1, B), liveOf(b2, B)]);
    const ofA = await plan({ specs: [a1] }, sim, options({ source: A }));
    expect(lines(ofA)).toEqual([
      `no-op ${profileNameFor(a1)}`,
      `unmanaged ${profileNameFor(b1)}`,
      `unmanaged ${profileNameFor(b2)}`,
      'unmanaged handmade',
    ]);
    const foreign = ops(ofA)
      .filter((o): o is Extract<Operation, { op: 'unmanaged' }> => o.op === 'unmanaged')
      .map(o => o.reason);
    expect(foreign).toEqual([
      { code: 'other-source', source: B },
      { code: 'other-source', source: B },
      { code: 'not-managed' },
    ]);
    expect(ofA.diagnostics.filter(d => d.code === 'plan.other-source').map(d => d.message)).toEqual([
      `\`${profileNameFor(b1)}\` is managed by ${B}; left alone.`,
      `\`${profileNameFor(b2)}\` is managed by ${B}; left alone.`,
    ]);
    expect(ofA.hasChanges).toBe(false);
    // And B's own plan, without `b-two`, deletes just that one, never A's.
    const ofB = await plan({ specs: [b1] }, sim, options({ source: B }));
    expect(lines(ofB).filter(l => !l.startsWith('unmanaged'))).toEqual([
      `delete-profile ${profileNameFor(b2)}`,
      `no-op ${profileNameFor(b1)}`,
    ]);
  });

  it('claims a managed profile without a source tag with a note, by a retag that adds the tag', async () => {
    const p = await plan({ specs: [a1] }, account([liveOf(a1)]), options({ source: A }));
    const [retag] = ops(p).filter(o => o.op === 'retag');
    expect(retag).toMatchObject({ op: 'retag', tags: { set: { [SOURCE_TAG]: A }, remove: [] } });
    expect(p.diagnostics.filter(d => d.code === 'plan.claimed')).toEqual([
      expect.objectContaining({
        severity: 'info',
        message: `Profile \`${profileNameFor(a1)}\` (spec \`a-one\`) carries no source tag; ${A} claims it.`,
      }),
    ]);
  });

  it('tags the profiles and default roles it creates with its source; without a source it behaves as before', async () => {
    const withRole = spec('jobs', { podExecutionRoleArn: undefined });
    const p = await plan({ specs: [withRole] }, account([]), options({ source: A }));
    const [create] = ops(p).filter((o): o is Extract<Operation, { op: 'create' }> => o.op === 'create');
    expect(create!.after.tags[SOURCE_TAG]).toBe(A);
    expect(create!.createsRole).toMatchObject({ spec: 'jobs', source: A });
    const plain = await plan({ specs: [withRole] }, account([liveOf(a1, B)]), options());
    expect(ops(plain).find(o => o.op === 'create')!).not.toHaveProperty('after.tags.fargatekeeper\\.dev/source');
    // Without a source every managed profile is the run's, as before: B's is deleted as its spec is not given.
    expect(lines(plain)).toContain(`delete-profile ${profileNameFor(a1)}`);
  });

  it('refuses to create a profile whose EKS name another source holds', async () => {
    const p = await plan({ specs: [b1] }, account([liveOf(b1, B)]), options({ source: A }));
    expect(p.diagnostics.find(d => d.code === 'plan.name-taken')?.message).toBe(
      `The EKS name \`${profileNameFor(b1)}\` is taken by a profile managed by ${B}; rename the spec or set \`profileName\`.`,
    );
    expect(p.hasChanges).toBe(false);
  });
});

describe('max-deletes', () => {
  const gone = [spec('one'), spec('two'), spec('three')];

  it('refuses a plan that deletes more profiles than allowed, naming the count and the limit', async () => {
    const sim = account(gone.map(s => liveOf(s, A)));
    const p = await plan(
      { specs: [] },
      sim,
      options({ source: A, maxDeletes: 2, clusters: [{ region: REGION, name: 'prod-eu' }] }),
    );
    expect(p.diagnostics.filter(d => d.code === 'plan.too-many-deletes')).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: 'The plan deletes 3 profiles, more than the 2 allowed by max-deletes; nothing is applied.',
      }),
    ]);
    expect(p.diagnostics.find(d => d.code === 'plan.too-many-deletes')).not.toHaveProperty('cluster');
    const enough = await plan(
      { specs: [] },
      sim,
      options({ source: A, maxDeletes: 3, clusters: [{ region: REGION, name: 'prod-eu' }] }),
    );
    expect(errors(enough)).toEqual([]);
  });
});

describe('deletion protection', () => {
  const guarded = spec('ledger', { deletionProtection: true });
  const protectedLive = liveOf(guarded, A);

  it('parses `deletionProtection: true` in the native format, and refuses a value that is not a boolean', () => {
    const doc = (value: string) =>
      `apiVersion: fargatekeeper.dev/v1\nkind: FargateProfile\nmetadata:\n  name: ledger\nspec:\n  cluster: prod-eu\n  subnets: [subnet-a]\n  selectors:\n    - namespace: ledger\n  deletionProtection: ${value}\n`;
    expect(parseSpecFiles([{ path: 'fargate/ledger.yaml', content: doc('true') }]).specs[0]?.deletionProtection).toBe(
      true,
    );
    expect(parseSpecFiles([{ path: 'fargate/ledger.yaml', content: doc('false') }]).specs[0]).not.toHaveProperty(
      'deletionProtection',
    );
    const bad = parseSpecFiles([{ path: 'fargate/ledger.yaml', content: doc('"yes"') }]);
    expect(bad.diagnostics.map(d => d.message)).toEqual([
      '`spec.deletionProtection`: expected true or false, got the string `yes`',
    ]);
  });

  it('puts the protection on the live profile as a tag', async () => {
    const p = await plan({ specs: [guarded] }, account([]), options({ source: A }));
    expect((ops(p)[0] as Extract<Operation, { op: 'create' }>).after.tags[PROTECTED_TAG]).toBe('true');
  });

  it('refuses to delete a protected profile whose spec was removed', async () => {
    const p = await plan(
      { specs: [] },
      account([protectedLive]),
      options({ source: A, clusters: [{ region: REGION, name: 'prod-eu' }] }),
    );
    expect(p.diagnostics.filter(d => d.code === 'plan.deletion-protected')).toEqual([
      expect.objectContaining({ severity: 'error', cluster: 'prod-eu', profile: protectedLive.name }),
    ]);
  });

  it('refuses a change that needs a replacement of a protected profile', async () => {
    const changed = { ...guarded, subnets: ['subnet-a'] };
    const p = await plan({ specs: [changed] }, account([protectedLive]), options({ source: A }));
    expect(lines(p)[0]).toBe(`replace ${profileNameFor(changed)}`);
    expect(
      p.diagnostics.filter(d => d.code === 'plan.deletion-protected').map(d => [d.severity, d.profile, d.message]),
    ).toEqual([
      [
        'error',
        'ledger',
        `Profile \`${protectedLive.name}\` (spec \`ledger\`) has deletion protection; the change needs a replacement, so it is refused.`,
      ],
    ]);
  });

  it('allows both once an earlier run lifted it: lifting is a retag that removes the tag', async () => {
    const lifting = await plan({ specs: [spec('ledger')] }, account([protectedLive]), options({ source: A }));
    expect(ops(lifting)[0]).toMatchObject({ op: 'retag', tags: { set: {}, remove: [PROTECTED_TAG] } });
    expect(errors(lifting)).toEqual([]);
    const lifted = liveOf(spec('ledger'), A);
    const removed = await plan(
      { specs: [] },
      account([lifted]),
      options({ source: A, clusters: [{ region: REGION, name: 'prod-eu' }] }),
    );
    expect(lines(removed)).toContain(`delete-profile ${lifted.name}`);
    expect(errors(removed)).toEqual([]);
    const replaced = await plan(
      { specs: [spec('ledger', { subnets: ['subnet-a'] })] },
      account([lifted]),
      options({ source: A }),
    );
    expect(lines(replaced)[0]).toMatch(/^replace /);
    expect(errors(replaced)).toEqual([]);
  });
});

describe('targets', () => {
  const payments = spec('payments');
  const jobs = spec('jobs');
  const stagingApp = spec('app', { cluster: 'staging', subnets: ['subnet-a'] });
  const removed = spec('reports');

  it('plans only the targeted specs and deletes nothing outside them', async () => {
    const sim = account([liveOf(jobs, A, { subnets: ['subnet-b'] }), liveOf(removed, A)]);
    const p = await plan({ specs: [payments, jobs, stagingApp] }, sim, options({ source: A, targets: ['pay*'] }));
    // `jobs` would be replaced and `reports` deleted without targets; both are outside `pay*`.
    expect(p.clusters.map(c => c.cluster)).toEqual(['prod-eu']);
    expect(lines(p)).toEqual([`create ${profileNameFor(payments)}`]);
    const all = await plan({ specs: [payments, jobs, stagingApp] }, sim, options({ source: A }));
    expect(lines(all).filter(l => !l.startsWith('unmanaged') && !l.startsWith('create'))).toEqual([
      `replace ${profileNameFor(jobs)}`,
      `delete-profile ${profileNameFor(removed)}`,
    ]);
  });

  it('a targeted cluster is planned whole; a spec-name target deletes its removed spec in a planned cluster', async () => {
    const sim = account([liveOf(removed, A)]);
    const cluster = await plan({ specs: [payments, stagingApp] }, sim, options({ source: A, targets: ['prod-?u'] }));
    expect(cluster.clusters.map(c => c.cluster)).toEqual(['prod-eu']);
    expect(lines(cluster)).toEqual([
      `create ${profileNameFor(payments)}`,
      `delete-profile ${profileNameFor(removed)}`,
      'unmanaged handmade',
    ]);
    const byName = await plan({ specs: [payments] }, sim, options({ source: A, targets: ['payments', 'reports'] }));
    expect(lines(byName)).toEqual([`create ${profileNameFor(payments)}`, `delete-profile ${profileNameFor(removed)}`]);
  });

  it('refuses a selector that cannot name a cluster or spec', async () => {
    const p = await plan({ specs: [payments] }, account([]), options({ targets: ['prod eu'] }));
    expect(p.diagnostics.filter(d => d.severity === 'error').map(d => d.message)).toEqual([
      'The target `prod eu` may hold only letters, digits, `-`, `_` and the globs `*` and `?`.',
    ]);
  });
});

describe('fingerprint of the change set', () => {
  const specs = [
    spec('payments'),
    spec('jobs', { podExecutionRoleArn: undefined }),
    spec('app', { cluster: 'staging', subnets: ['subnet-a'] }),
  ];
  const live = () => [
    liveOf(spec('old'), A),
    liveOf(spec('jobs', { podExecutionRoleArn: undefined }), A, { subnets: ['subnet-b'] }),
  ];
  const quotaFails: SimFault[] = [
    {
      type: 'error',
      api: 'GetServiceQuota',
      name: 'AccessDeniedException',
      message: 'no',
      statusCode: 403,
      times: 100,
    },
  ];

  it('is the same whether or not the Service Quotas read worked, when the operations are the same', async () => {
    const ok = await plan({ specs }, account(live()), options({ source: A }));
    const failing = await plan({ specs }, account(live(), quotaFails), options({ source: A }));
    // The failed read shows (a note, no quota), yet the change set is the same.
    expect(failing.clusters.map(c => c.quota)).not.toEqual(ok.clusters.map(c => c.quota));
    expect(failing.clusters.map(c => c.operations)).toEqual(ok.clusters.map(c => c.operations));
    expect(failing.fingerprint).toBe(ok.fingerprint);
  });

  it('is the same for another read order, retried reads and other creation dates and health texts', async () => {
    const base = await plan({ specs }, account(live()), options({ source: A }));
    const throttled: SimFault[] = [
      {
        type: 'error',
        api: 'DescribeFargateProfile',
        name: 'ThrottlingException',
        message: 'slow down',
        statusCode: 429,
        times: 2,
      },
    ];
    const other = await plan(
      { specs: [...specs].reverse() },
      account(
        live()
          .reverse()
          .map(p => ({ ...p, createdAt: '2020-02-02T00:00:00.000Z' })),
        throttled,
        st => st.clusters.reverse(),
      ),
      options({ source: A }),
    );
    expect(other.fingerprint).toBe(base.fingerprint);
  });

  it('changes with a real change: another desired tag, another source, one operation more', async () => {
    const base = await plan({ specs }, account(live()), options({ source: A }));
    const tagged = await plan(
      { specs: specs.map(s => (s.name === 'payments' ? { ...s, tags: { team: 'x' } } : s)) },
      account(live()),
      options({ source: A }),
    );
    const otherSource = await plan({ specs }, account(live()), options({ source: B }));
    const more = await plan({ specs: [...specs, spec('extra')] }, account(live()), options({ source: A }));
    for (const p of [tagged, otherSource, more]) expect(p.fingerprint).not.toBe(base.fingerprint);
  });

  it('is identified by any printed prefix of 8 or more hex digits, in either case', () => {
    const fp = 'ab'.repeat(32);
    expect(fingerprintMatches(fp, fp.slice(0, 8))).toBe(true);
    expect(fingerprintMatches(fp, fp.slice(0, 12).toUpperCase())).toBe(true);
    expect(fingerprintMatches(fp, fp)).toBe(true);
    expect(fingerprintMatches(fp, fp.slice(0, 7))).toBe(false);
    expect(fingerprintMatches(fp, 'abababac')).toBe(false);
    expect(isFingerprintPrefix('abcdefg1')).toBe(false);
  });
});
