import { SimulatedAccount, VirtualClock, type SimFault, type SimProfile, type SimState } from '../account';
import { ACCOUNT, REGION, ROLE_ARN, simState } from '../account/sim/__fixtures__/simState';
import { HASH_TAG, MANAGED_BY_TAG, PROTECTED_TAG, SOURCE_TAG, SPEC_TAG } from '../account/types';
import { defaultRoleName } from '../plan/defaultRole';
import { parseSpecFiles } from '../spec';
import { importProfiles, type ImportOptions } from './importProfiles';

const SOURCE = 'acme/infra:fargate';
const CLUSTER = { region: REGION, name: 'prod-eu' };
const options: ImportOptions = { cluster: CLUSTER, source: SOURCE, schema: '../schema/fargatekeeper.schema.json' };

const profile = (name: string, extra: Partial<SimProfile> = {}): SimProfile => ({
  name,
  status: 'ACTIVE',
  podExecutionRoleArn: ROLE_ARN,
  subnets: ['subnet-b', 'subnet-a'],
  selectors: [{ namespace: name.toLowerCase().replace(/_/g, '-'), labels: {} }],
  tags: {},
  createdAt: '2024-01-01T00:00:00.000Z',
  ...extra,
});
const managed = (spec: string, source = SOURCE) => ({
  [MANAGED_BY_TAG]: 'fargatekeeper',
  [SPEC_TAG]: spec,
  [HASH_TAG]: '0123456789abcdef',
  [SOURCE_TAG]: source,
});

function account(profiles: SimProfile[], faults: SimFault[] = []) {
  const state: SimState = simState();
  state.clusters[0]!.profiles = profiles;
  return SimulatedAccount.fromJSON(state, { clock: new VirtualClock(), faults });
}

describe('importProfiles', () => {
  const live = [
    // Made in the console, with a name that is no spec name and tags of AWS's and of someone else's.
    profile('Payments_API', {
      selectors: [{ namespace: 'payments', labels: { tier: 'api', app: 'payments' } }],
      tags: { team: 'payments', 'cost-center': '4711', empty: '' },
    }),
    // Its spec name is taken by a managed profile of this source, so it gets another.
    profile('web'),
    profile('web-1a2b3c4d', { tags: managed('web') }),
    profile('theirs', { tags: managed('theirs', 'other/repo') }),
    profile('going', { status: 'DELETING' }),
    profile('broken', { status: 'CREATE_FAILED' }),
  ];

  it('writes a native spec of each unmanaged profile, as it is live, adopting it; passes over the rest, saying why', async () => {
    const result = await importProfiles(account(live), options);
    if (result.status !== 'imported') throw new Error(result.status);
    expect(result.profiles).toEqual([
      { profile: 'Payments_API', spec: 'payments-api', ownership: 'unmanaged' },
      { profile: 'web', spec: 'web-2', ownership: 'unmanaged' },
    ]);
    expect(result.passedOver).toEqual([
      { profile: 'broken', reason: { code: 'not-serving', status: 'CREATE_FAILED' } },
      { profile: 'going', reason: { code: 'not-serving', status: 'DELETING' } },
      { profile: 'theirs', reason: { code: 'other-source', source: 'other/repo' } },
      { profile: 'web-1a2b3c4d', reason: { code: 'managed', spec: 'web' } },
    ]);
    expect(result.content).toBe(`# yaml-language-server: $schema=../schema/fargatekeeper.schema.json
# Written by \`fargatekeeper import\` from the live Fargate profiles of prod-eu (eu-west-1).
# Live profile \`Payments_API\`, made outside fargatekeeper: the first apply adopts it in place (tags only).
apiVersion: fargatekeeper.dev/v1
kind: FargateProfile
metadata:
  name: payments-api
spec:
  cluster: prod-eu
  region: eu-west-1
  adopt: Payments_API
  podExecutionRoleArn: ${ROLE_ARN}
  subnets:
    - subnet-a
    - subnet-b
  selectors:
    - namespace: payments
      labels:
        app: payments
        tier: api
  tags:
    cost-center: "4711"
    empty: ""
    team: payments
---
# Live profile \`web\`, made outside fargatekeeper: the first apply adopts it in place (tags only).
apiVersion: fargatekeeper.dev/v1
kind: FargateProfile
metadata:
  name: web-2
spec:
  cluster: prod-eu
  region: eu-west-1
  adopt: web
  podExecutionRoleArn: ${ROLE_ARN}
  subnets:
    - subnet-a
    - subnet-b
  selectors:
    - namespace: web
`);
    // What it writes reads back, without a finding, as the specs it describes.
    const parsed = parseSpecFiles([{ path: 'fargate/prod-eu.yaml', content: result.content! }]);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.specs.map(s => [s.name, s.adopt, s.tags])).toEqual([
      ['payments-api', 'Payments_API', { 'cost-center': '4711', empty: '', team: 'payments' }],
      ['web-2', 'web', {}],
    ]);
  });

  it('with `all`, also the profiles this source manages (or no source claimed): their spec names, default role and protection kept', async () => {
    const defaultRole = `arn:aws:iam::${ACCOUNT}:role/fargatekeeper/${defaultRoleName(REGION, 'prod-eu', 'jobs')}`;
    const result = await importProfiles(
      account([
        profile('jobs-0f0f0f0f', {
          podExecutionRoleArn: defaultRole,
          tags: { ...managed('jobs'), [PROTECTED_TAG]: 'true', team: 'data' },
        }),
        profile('legacy-1a1a1a1a', { tags: { [MANAGED_BY_TAG]: 'fargatekeeper', [SPEC_TAG]: 'legacy' } }),
        profile('theirs', { tags: managed('theirs', 'other/repo') }),
      ]),
      { ...options, scope: 'all' },
    );
    if (result.status !== 'imported') throw new Error(result.status);
    expect(result.profiles).toEqual([
      { profile: 'jobs-0f0f0f0f', spec: 'jobs', ownership: 'mine' },
      { profile: 'legacy-1a1a1a1a', spec: 'legacy', ownership: 'unclaimed' },
    ]);
    expect(result.passedOver).toEqual([{ profile: 'theirs', reason: { code: 'other-source', source: 'other/repo' } }]);
    const [jobs, legacy] = parseSpecFiles([{ path: 'fargate/prod-eu.yaml', content: result.content! }]).specs;
    expect([jobs!.podExecutionRoleArn, jobs!.deletionProtection, jobs!.tags]).toEqual([
      undefined,
      true,
      { team: 'data' },
    ]);
    expect([legacy!.podExecutionRoleArn, legacy!.deletionProtection]).toEqual([ROLE_ARN, undefined]);
    expect(result.content).toContain('# Live profile `jobs-0f0f0f0f`, managed by fargatekeeper as spec `jobs`.');
  });

  it('no content when nothing is imported; a missing cluster and a failed read are results of their own', async () => {
    const none = await importProfiles(account([profile('web-1a2b3c4d', { tags: managed('web') })]), options);
    expect(none).toMatchObject({ status: 'imported', profiles: [] });
    expect(none.status === 'imported' && none.content).toBeUndefined();
    expect(await importProfiles(account([]), { ...options, cluster: { region: REGION, name: 'nope' } })).toEqual({
      status: 'cluster-not-found',
      cluster: { region: REGION, name: 'nope' },
    });
    const denied = await importProfiles(
      account(
        [],
        [
          {
            type: 'error',
            api: 'ListFargateProfiles',
            name: 'AccessDeniedException',
            message: 'not allowed',
            statusCode: 403,
          },
        ],
      ),
      options,
    );
    expect(denied).toMatchObject({ status: 'read-failed', error: expect.stringContaining('not allowed') });
  });
});
