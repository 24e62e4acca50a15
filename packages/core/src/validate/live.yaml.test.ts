import { AccountReader } from '../account/AccountReader';
import { SimulatedAccount } from '../account/sim/SimulatedAccount';
import { VirtualClock } from '../account/sim/VirtualClock';
import { simState } from '../account/sim/__fixtures__/simState';
import { parseSpecFiles } from '../spec';
import { validateLive } from './live';

/**
 * From YAML as users write it to live findings: every finding points at the line and column of the
 * offending value in the file, with the document path of the field (native and migration formats).
 */
async function findings(files: Record<string, string>, mutate?: (state: ReturnType<typeof simState>) => void) {
  const parsed = parseSpecFiles(
    Object.entries(files).map(([path, content]) => ({ path, content })),
    { defaultCluster: 'prod-eu', defaultRegion: 'eu-west-1' },
  );
  expect(parsed.diagnostics).toEqual([]);
  const state = simState();
  mutate?.(state);
  const sim = SimulatedAccount.fromJSON(state, { clock: new VirtualClock() });
  const diagnostics = await validateLive(parsed.specs, new AccountReader(sim), { defaultRegion: 'eu-west-1' });
  return diagnostics.map(
    d => `${d.source?.file}:${d.source?.line}:${d.source?.column} ${d.severity} ${d.code} ${d.path}: ${d.message}`,
  );
}

const native = (name: string, body: string) => `apiVersion: fargatekeeper.dev/v1
kind: FargateProfile
metadata:
  name: ${name}
spec:
${body}`;

describe('validateLive on parsed specs', () => {
  it('points at the public subnet, the subnet of another VPC and the missing one in a native spec', async () => {
    const lines = await findings({
      'fargate/payments.yaml': native(
        'payments',
        `  cluster: prod-eu
  podExecutionRoleArn: arn:aws:iam::123456789012:role/pods
  subnets:
    - subnet-a
    - subnet-pub
    - subnet-other
    - subnet-gone
  selectors:
    - namespace: payments
`,
      ),
    });
    expect(lines).toEqual([
      'fargate/payments.yaml:10:7 error live.subnet-public spec.subnets[1]: subnet `subnet-pub` is public: route table `rtb-public` sends `0.0.0.0/0` to internet gateway `igw-1`; Fargate profiles take private subnets only',
      'fargate/payments.yaml:11:7 error live.subnet-other-vpc spec.subnets[2]: subnet `subnet-other` is in VPC `vpc-other`, not in VPC `vpc-main` of cluster `prod-eu`',
      'fargate/payments.yaml:12:7 error live.subnet-missing spec.subnets[3]: subnet `subnet-gone` does not exist in region `eu-west-1`',
    ]);
  });

  it('points at the role of an instance-manager spec: missing, and without the Fargate trust', async () => {
    const instanceGroup = (name: string, role: string) => `apiVersion: instancemgr.keikoproj.io/v1alpha1
kind: InstanceGroup
metadata:
  name: ${name}
  namespace: instance-manager
spec:
  provisioner: eks-fargate
  eks-fargate:
    clusterName: prod-eu
    podExecutionRoleArn: arn:aws:iam::123456789012:role/${role}
    subnets:
      - subnet-a
    selectors:
      - namespace: ${name}
`;
    const lines = await findings({
      'fargate/legacy.yaml': `${instanceGroup('legacy', 'gone')}---\n${instanceGroup('batch', 'ec2-only')}`,
    });
    expect(lines).toEqual([
      'fargate/legacy.yaml:10:26 error live.role-missing spec.eks-fargate.podExecutionRoleArn: role `gone` does not exist',
      'fargate/legacy.yaml:25:26 error live.role-trust spec.eks-fargate.podExecutionRoleArn: role `ec2-only` does not trust `eks-fargate-pods.amazonaws.com`; EKS refuses it ("Misconfigured PodExecutionRole Trust Policy")',
    ]);
  });

  it('points at the name of the spec that does not fit the quota, and at the cluster that is missing', async () => {
    const spec = (name: string, cluster = 'prod-eu') =>
      native(
        name,
        `  cluster: ${cluster}
  podExecutionRoleArn: arn:aws:iam::123456789012:role/pods
  subnets: [subnet-a]
  selectors:
    - namespace: ${name}
`,
      );
    const lines = await findings(
      { 'fargate/a.yaml': spec('a'), 'fargate/b.yaml': spec('b'), 'fargate/c.yaml': spec('c', 'ghost') },
      state => (state.quotas = { fargateProfilesPerCluster: 2 }),
    );
    expect(lines).toEqual([
      'fargate/b.yaml:4:9 error live.quota-exceeded metadata.name: cluster `prod-eu` would have 3 Fargate profiles (2 from specs, 1 not managed by fargatekeeper); the quota is 2',
      'fargate/c.yaml:6:12 error live.cluster-missing spec.cluster: cluster `ghost` does not exist in region `eu-west-1`',
    ]);
  });
});
