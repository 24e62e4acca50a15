import { SimulatedAccount, VirtualClock, type SimProfile, type SimRole, type SimState } from '../account';
import { ACCOUNT, REGION, ROLE_ARN, fargateTrust, simState } from '../account/sim/__fixtures__/simState';
import { MANAGED_BY_TAG } from '../account/types';
import { apply } from '../apply/apply';
import { parseSpecFiles } from '../spec';
import { plan } from './plan';
import type { Plan, PlanOptions } from './types';

const options: PlanOptions = { defaultRegion: REGION, source: 'acme/infra:fargate' };
const arn = (role: string) => `arn:aws:iam::${ACCOUNT}:role/${role}`;
const podRole = (name: string): SimRole => ({
  name,
  assumeRolePolicy: fargateTrust,
  tags: {},
  attachedPolicyArns: ['arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy'],
});
const live = (name: string, role: string, namespace: string, extra: Partial<SimProfile> = {}): SimProfile => ({
  name,
  status: 'ACTIVE',
  podExecutionRoleArn: arn(role),
  subnets: ['subnet-a', 'subnet-b'],
  selectors: [{ namespace, labels: {} }],
  tags: {},
  createdAt: '2024-01-01T00:00:00.000Z',
  ...extra,
});

function world(mutate: (state: SimState) => void) {
  const state = simState();
  mutate(state);
  const clock = new VirtualClock();
  return { sim: SimulatedAccount.fromJSON(state, { clock }), clock };
}

const specsOf = (path: string, content: string) => {
  const parsed = parseSpecFiles([{ path, content }]);
  expect(parsed.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
  return parsed;
};
/** `op spec` of every operation but the report of unmanaged profiles left alone. */
const changes = (p: Plan) =>
  p.clusters
    .flatMap(c =>
      c.operations.filter(o => o.op !== 'unmanaged').map(o => `${o.op} ${c.cluster}/${'spec' in o ? o.spec : ''}`),
    )
    .sort();
const codes = (p: Plan) => p.diagnostics.map(d => `${d.severity} ${d.code}`);

const EKSCTL_ROLE = 'eksctl-prod-eu-cluster-FargatePodExecutionRole-1ABCDEF2GHIJ3';
const eksctl = (profile: string) => `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: prod-eu
  region: ${REGION}
fargateProfiles:
  - name: fp-jobs
    selectors:
      - namespace: jobs
${profile}`;

describe('fields a migration document leaves to its tool come from the live profile', () => {
  it("eksctl's role and EKS's subnets: the profile is adopted in place, and stays as it is once managed", async () => {
    const w = world(s => {
      s.clusters[0]!.profiles.push(live('fp-jobs', EKSCTL_ROLE, 'jobs'));
      s.roles.push(podRole(EKSCTL_ROLE));
    });
    const { specs } = specsOf('eksctl.yaml', eksctl(''));
    const first = await plan({ specs }, w.sim, options);
    expect(changes(first)).toEqual(['adopt-in-place prod-eu/fp-jobs']);
    expect(first.diagnostics.find(d => d.code === 'plan.from-live')?.message).toBe(
      'Spec `fp-jobs` takes the subnets EKS picked and the role eksctl made from the live profile `fp-jobs` (its eksctl document does not name them).',
    );
    await apply(first, w.sim, { clock: w.clock });
    const after = await plan({ specs }, w.sim, options);
    expect([after.hasChanges, changes(after), codes(after)]).toEqual([false, ['no-op prod-eu/fp-jobs'], []]);
    const adopted = await w.sim.describeFargateProfile({ region: REGION, name: 'prod-eu' }, 'fp-jobs');
    expect([adopted?.podExecutionRoleArn, adopted?.subnets, adopted?.tags[MANAGED_BY_TAG]]).toEqual([
      arn(EKSCTL_ROLE),
      ['subnet-a', 'subnet-b'],
      'fargatekeeper',
    ]);
  });

  it('a role the tool does not make is not taken: the spec gets the default role, and the profile is replaced, new one first', async () => {
    const w = world(s => s.clusters[0]!.profiles.push(live('fp-jobs', 'pods', 'jobs')));
    const { specs } = specsOf('eksctl.yaml', eksctl(''));
    const p = await plan({ specs }, w.sim, options);
    const [replace] = p.clusters[0]!.operations.filter(o => o.op === 'adopt-by-replace');
    expect(replace).toMatchObject({
      replaces: 'fp-jobs',
      order: { kind: 'create-before-delete' },
      createsRole: { name: expect.stringMatching(/^fk-prod-eu-fp-jobs-/) },
    });
    expect(replace && 'after' in replace ? replace.after.subnets : undefined).toEqual(['subnet-a', 'subnet-b']);
    const warning = p.diagnostics.find(d => d.code === 'plan.tool-role-not-recognised')!;
    expect([warning.severity, warning.message, warning.hint]).toEqual([
      'warning',
      `Profile \`fp-jobs\` runs with \`${ROLE_ARN}\`, not with the role eksctl makes (a name matching \`^eksctl-.*-Fargate\`); spec \`fp-jobs\` names no role, so it gets fargatekeeper's default role.`,
      `write the role in the document to keep it: \`${ROLE_ARN}\``,
    ]);
    // Once replaced, the spec's own profile is on the default role: nothing more to change or say.
    await apply(p, w.sim, { clock: w.clock });
    const after = await plan({ specs }, w.sim, options);
    expect([after.hasChanges, changes(after), codes(after)]).toEqual([false, ['no-op prod-eu/fp-jobs'], []]);
  });

  it('subnets left to EKS with no profile to take them from: the spec is not planned (no profile in subnets nobody reviewed)', async () => {
    const w = world(() => {});
    const { specs } = specsOf('eksctl.yaml', eksctl(''));
    const p = await plan({ specs }, w.sim, options);
    expect(changes(p)).toEqual([]);
    const error = p.diagnostics.find(d => d.code === 'plan.left-to-tool')!;
    expect([error.severity, error.message, error.source]).toEqual([
      'error',
      'Spec `fp-jobs` names no subnets (its eksctl document leaves them to EKS), and there is no live profile `fp-jobs` to take them from; it is not planned.',
      { file: 'eksctl.yaml', line: 7, column: 5 },
    ]);
  });

  it('only the role left, and no profile: created with the default role, saying the profile to adopt was not found', async () => {
    const w = world(() => {});
    const { specs } = specsOf('eksctl.yaml', eksctl('    subnets: [subnet-a]\n'));
    const p = await plan({ specs }, w.sim, options);
    expect(changes(p)).toEqual(['create prod-eu/fp-jobs']);
    expect(codes(p)).toContain('warning plan.adopt-not-found');
  });
});

/** An `InstanceGroup` of instance-manager's eks-fargate provisioner, with these lines under `eks-fargate`. */
const fargateGroup = (name: string, namespace: string, fields: string[]) =>
  [
    'apiVersion: instancemgr.keikoproj.io/v1alpha1',
    'kind: InstanceGroup',
    `metadata: { name: ${name}, namespace: ${namespace} }`,
    'spec:',
    '  provisioner: eks-fargate',
    '  eks-fargate:',
    ...fields.map(f => `    ${f}`),
    '',
  ].join('\n');

// An instance-manager fleet: four eks-fargate groups in two clusters and a node group. The names are
// instance-manager's, worked out apart from fargatekeeper: fargate-<cluster>-<FNV-1a 64 of "<cluster>-<namespace>-<name>">.
const fleet = [
  fargateGroup('batch', 'instance-manager', [
    'clusterName: prod-eu',
    `podExecutionRoleArn: ${ROLE_ARN}`,
    'subnets: [subnet-a, subnet-b]',
    'selectors: [{ namespace: batch }]',
    'tags: [{ team: data }]',
  ]),
  fargateGroup('etl', 'team-a', [
    'clusterName: prod-eu',
    'subnets: [subnet-b]',
    'selectors: [{ namespace: etl, labels: { tier: jobs } }]',
  ]),
  fargateGroup('reports', 'team-a', ['clusterName: prod-eu', 'selectors: [{ namespace: reports }]']),
  fargateGroup('batch', 'instance-manager', [
    'clusterName: staging',
    `podExecutionRoleArn: ${ROLE_ARN}`,
    'subnets: [subnet-a]',
    'selectors: [{ namespace: batch }]',
  ]),
  `apiVersion: instancemgr.keikoproj.io/v1alpha1
kind: InstanceGroup
metadata: { name: nodes, namespace: instance-manager }
spec:
  provisioner: eks-managed
  eks-managed: { clusterName: prod-eu }
`,
].join('---\n');

describe('switching an instance-manager fleet over', () => {
  const ETL = 'fargate-prod-eu-800102050176078281';
  const REPORTS = 'fargate-prod-eu-482104694568673565';
  const fleetWorld = () =>
    world(s => {
      s.clusters[0]!.profiles.push(
        live('fargate-prod-eu-13011419926217124628', 'pods', 'batch', { tags: { team: 'data' } }),
        live(ETL, `${ETL}-role`, 'etl', {
          subnets: ['subnet-b'],
          selectors: [{ namespace: 'etl', labels: { tier: 'jobs' } }],
        }),
        // No subnets in the group: EKS gave the profile the cluster's private ones.
        live(REPORTS, `${REPORTS}-role`, 'reports'),
      );
      s.clusters[1]!.profiles.push(
        live('fargate-staging-12885678616260624321', 'pods', 'batch', { subnets: ['subnet-a'] }),
      );
      // instance-manager's default roles: path `/`, trust without a condition, not tagged as fargatekeeper's.
      s.roles.push(podRole(`${ETL}-role`), podRole(`${REPORTS}-role`));
    });

  it('adopts every profile instance-manager made, in place: no create, replace or delete; its default roles are kept', async () => {
    const w = fleetWorld();
    const { specs, skipped } = specsOf('instance-manager/fleet.yaml', fleet);
    expect(skipped).toHaveLength(1);
    const first = await plan({ specs }, w.sim, options);
    expect(changes(first)).toEqual([
      'adopt-in-place prod-eu/batch',
      'adopt-in-place prod-eu/etl',
      'adopt-in-place prod-eu/reports',
      'adopt-in-place staging/batch',
    ]);
    expect(first.diagnostics.filter(d => d.severity !== 'info')).toEqual([]);
    const result = await apply(first, w.sim, { clock: w.clock });
    expect(result.summary).toMatchObject({ succeeded: 4, failed: 0 });

    const after = await plan({ specs }, w.sim, options);
    expect([after.hasChanges, changes(after).every(c => c.startsWith('no-op '))]).toEqual([false, true]);
    const reports = await w.sim.describeFargateProfile({ region: REGION, name: 'prod-eu' }, REPORTS);
    expect([reports?.podExecutionRoleArn, reports?.tags[MANAGED_BY_TAG]]).toEqual([
      arn(`${REPORTS}-role`),
      'fargatekeeper',
    ]);
    expect(await w.sim.getRole(`${ETL}-role`)).toBeDefined();
  });
});
