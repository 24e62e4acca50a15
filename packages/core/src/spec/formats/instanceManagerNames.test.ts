import { parseSpecFiles } from '../parse';
import { fnv1a64, instanceManagerProfileName, instanceManagerRoleName } from './instanceManagerNames';

describe("instance-manager's names", () => {
  it('FNV-1a 64 of the UTF-8 bytes, as Go hash/fnv New64a (the published test vectors)', () => {
    expect(fnv1a64('')).toBe(0xcbf29ce484222325n);
    expect(fnv1a64('a')).toBe(0xaf63dc4c8601ec8cn);
    expect(fnv1a64('foobar')).toBe(0x85944171f73967e8n);
    // Bytes, not UTF-16 code units: `é` is two bytes.
    expect(fnv1a64('prod-é-ns-name')).toBe(0x8643664a5b8c92d3n);
  });

  it("names a group's profile as instance-manager's own test expects (TestCreateProfileName), and its role", () => {
    // controllers/provisioners/eksfargate/eksfargate_test.go: cluster TestNameCluster, namespace-1/instancegroup-1.
    const name = instanceManagerProfileName('TestNameCluster', 'namespace-1', 'instancegroup-1');
    expect(name).toBe('fargate-TestNameCluster-13281223259712081633');
    expect(instanceManagerRoleName(name)).toBe('fargate-TestNameCluster-13281223259712081633-role');
  });

  const group = (cluster: string, extra = '') => `apiVersion: instancemgr.keikoproj.io/v1alpha1
kind: InstanceGroup
metadata:
  name: jobs
  namespace: team-a
spec:
  provisioner: eks-fargate
  eks-fargate:
    clusterName: ${cluster}
    selectors: [{ namespace: jobs }]
${extra}`;

  it('an InstanceGroup adopts that profile; without role or subnets it leaves them to instance-manager', () => {
    const [spec] = parseSpecFiles([{ path: 'ig.yaml', content: group('prod-eu') }]).specs;
    expect(spec!.adopt).toBe(instanceManagerProfileName('prod-eu', 'team-a', 'jobs'));
    expect(spec!.leftToTool).toEqual({
      subnets: true,
      role: { tool: 'instance-manager', name: `${spec!.adopt}-role` },
    });
    const [named] = parseSpecFiles([
      {
        path: 'ig.yaml',
        content: group(
          'prod-eu',
          '    podExecutionRoleArn: arn:aws:iam::123456789012:role/pods\n    subnets: [subnet-1a]\n',
        ),
      },
    ]).specs;
    expect(named!.leftToTool).toBeUndefined();
  });

  it('the namespace is part of the name: a group without one is an error at its metadata', () => {
    const { specs, diagnostics } = parseSpecFiles([
      { path: 'ig.yaml', content: group('prod-eu').replace('  namespace: team-a\n', '') },
    ]);
    expect(specs).toEqual([]);
    expect(diagnostics.map(d => [d.code, d.message, d.path, d.source?.line])).toEqual([
      ['spec.missing-field', 'missing required field `namespace` in `metadata`', 'metadata.namespace', 4],
    ]);
  });

  it("no profile to adopt when the name is over EKS's 100 characters (instance-manager never made it)", () => {
    const cluster = 'c'.repeat(80);
    const [spec] = parseSpecFiles([{ path: 'ig.yaml', content: group(cluster) }]).specs;
    expect(instanceManagerProfileName(cluster, 'team-a', 'jobs').length).toBeGreaterThan(100);
    expect(spec!.adopt).toBeUndefined();
    expect(spec!.leftToTool).toEqual({ subnets: true });
  });
});
