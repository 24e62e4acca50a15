/*
 * Live validation through the real SDK path against moto: a public subnet (its route table sends
 * 0.0.0.0/0 to an internet gateway) and a role that does not trust eks-fargate-pods are errors at the
 * spec's field; those specs get no operation, and apply refuses the cluster's other changes too, so
 * nothing is created.
 */
import { EC2_ROLE_ARN, POD_ROLE_ARN, SUBNETS, clusterState, file, nativeSpec, networkState } from './support/fixtures';
import { REGION, describeWithMoto } from './support/moto';
import { changes, liveProfiles, parseSpecs, planAndApply } from './support/run';
import { useMoto } from './support/useMoto';

const CLUSTER = 'prod-eu';

describeWithMoto('live checks against moto', () => {
  const moto = useMoto(() => networkState([clusterState(CLUSTER)]));

  it('refuses a public subnet (live.subnet-public) and a role that does not trust Fargate pods (live.role-trust); nothing is applied', async () => {
    const content = file(
      nativeSpec('web', CLUSTER, { role: POD_ROLE_ARN, subnets: [SUBNETS.a, SUBNETS.public] }),
      nativeSpec('batch', CLUSTER, { role: EC2_ROLE_ARN }),
      nativeSpec('ingest', CLUSTER, { role: POD_ROLE_ARN }),
    );
    const parsed = parseSpecs(moto.world, { 'fargate/prod-eu.yaml': content });
    const { plan, result } = await planAndApply(moto.account, parsed, [CLUSTER]);

    const errors = plan.diagnostics.filter(d => d.severity === 'error');
    expect(errors.map(d => [d.code, d.profile, d.path, d.source?.file, d.source?.line])).toEqual([
      ['live.subnet-public', 'web', 'spec.subnets[1]', 'fargate/prod-eu.yaml', 8],
      ['live.role-trust', 'batch', 'spec.podExecutionRoleArn', 'fargate/prod-eu.yaml', 18],
    ]);
    const publicId = moto.world.id(SUBNETS.public);
    const subnetError = errors[0]!;
    expect(subnetError.message).toMatch(
      new RegExp(
        `^subnet \`${publicId}\` is public: route table \`${moto.world.id('rtb-0public')}\` sends \`0\\.0\\.0\\.0/0\` to internet gateway \`${moto.world.id('igw-0a1b')}\``,
      ),
    );
    expect(errors[1]!.message).toBe(
      'role `ci-deployer` does not trust `eks-fargate-pods.amazonaws.com`; EKS refuses it ("Misconfigured PodExecutionRole Trust Policy")',
    );

    // Only the valid spec is planned, and the cluster's errors keep apply from creating even that.
    expect(changes(plan)).toEqual(['create prod-eu/ingest']);
    expect(result.outcomes.map(o => [o.status, o.reason])).toEqual([
      ['skipped', 'not applied: the plan has 2 errors for cluster prod-eu'],
    ]);
    expect(result.ok).toBe(false);
    expect(await liveProfiles(moto.world, CLUSTER)).toEqual([]);
  });

  it('names a missing subnet and a missing role', async () => {
    const parsed = parseSpecs(moto.world, {
      'fargate/more.yaml': nativeSpec('reports', CLUSTER, {
        role: `${POD_ROLE_ARN}-gone`,
        subnets: [SUBNETS.a, 'subnet-0dead'],
      }),
    });
    const { plan } = await planAndApply(moto.account, parsed, [CLUSTER]);
    expect(plan.diagnostics.filter(d => d.severity === 'error').map(d => [d.code, d.path, d.message])).toEqual([
      ['live.role-missing', 'spec.podExecutionRoleArn', 'role `fargate-pods-gone` does not exist'],
      ['live.subnet-missing', 'spec.subnets[1]', `subnet \`subnet-0dead\` does not exist in region \`${REGION}\``],
    ]);
  });
});
