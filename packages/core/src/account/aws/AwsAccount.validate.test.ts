import { DescribeRouteTablesCommand, DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeClusterCommand,
  DescribeFargateProfileCommand,
  EKSClient,
  ListFargateProfilesCommand,
} from '@aws-sdk/client-eks';
import { GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand, NoSuchEntityException } from '@aws-sdk/client-iam';
import { GetServiceQuotaCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { AccountReader } from '../AccountReader';
import { validateLive } from '../../validate/live';
import type { ProfileSpec } from '../../spec/types';
import { AwsAccount } from './AwsAccount';

/** Live validation over the real SDK adapter (clients mocked at the SDK level): the mapping and the checks agree. */
const eks = mockClient(EKSClient);
const ec2 = mockClient(EC2Client);
const iam = mockClient(IAMClient);
const sts = mockClient(STSClient);
const quotas = mockClient(ServiceQuotasClient);

const trust = encodeURIComponent(
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'eks-fargate-pods.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  }),
);

const spec = (role: string, subnets: string[]): ProfileSpec => ({
  name: 'payments',
  cluster: 'prod-eu',
  podExecutionRoleArn: `arn:aws:iam::123456789012:role/${role}`,
  subnets,
  selectors: [{ namespace: 'payments', labels: {} }],
  tags: {},
  source: { file: 'f.yaml', line: 1, column: 1, format: 'native', document: 0, fields: {} },
});

beforeEach(() => {
  for (const m of [eks, ec2, iam, sts, quotas]) m.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' });
  quotas.on(GetServiceQuotaCommand).resolves({ Quota: { Value: 10 } });
  eks.on(DescribeClusterCommand).resolves({
    cluster: {
      name: 'prod-eu',
      arn: 'arn',
      status: 'ACTIVE',
      resourcesVpcConfig: { subnetIds: ['subnet-a', 'subnet-pub'] },
    },
  });
  eks.on(ListFargateProfilesCommand).resolves({ fargateProfileNames: [] });
  ec2.on(DescribeSubnetsCommand).callsFake((input: { Filters: { Values: string[] }[] }) => ({
    Subnets: input.Filters[0]!.Values.filter(id => id !== 'subnet-gone').map(id => ({
      SubnetId: id,
      VpcId: 'vpc-1',
      AvailabilityZone: 'eu-west-1a',
    })),
  }));
  ec2.on(DescribeRouteTablesCommand).resolves({
    RouteTables: [
      {
        RouteTableId: 'rtb-main',
        VpcId: 'vpc-1',
        Associations: [{ Main: true }],
        Routes: [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' }],
      },
      {
        RouteTableId: 'rtb-pub',
        VpcId: 'vpc-1',
        Associations: [{ Main: false, SubnetId: 'subnet-pub' }],
        Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1' }],
      },
    ],
  });
  iam.on(GetRoleCommand, { RoleName: 'pods' }).resolves({
    Role: {
      RoleName: 'pods',
      Arn: 'arn:aws:iam::123456789012:role/pods',
      Path: '/',
      RoleId: 'R',
      CreateDate: new Date(),
      AssumeRolePolicyDocument: trust,
    },
  });
  iam
    .on(GetRoleCommand, { RoleName: 'gone' })
    .rejects(new NoSuchEntityException({ message: 'The role with name gone cannot be found.', $metadata: {} }));
  iam
    .on(ListAttachedRolePoliciesCommand)
    .resolves({ AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy' }] });
});

const account = () =>
  new AwsAccount({ region: 'eu-west-1', clientConfig: { credentials: { accessKeyId: 'AKID', secretAccessKey: 's' } } });

it('finds nothing wrong with private subnets and a good role, reading each object once', async () => {
  const reader = new AccountReader(account());
  await expect(validateLive([spec('pods', ['subnet-a'])], reader, { defaultRegion: 'eu-west-1' })).resolves.toEqual([]);
  // The VPC comes from the cluster's subnets (the answer had no vpcId): a second DescribeSubnets for the one not yet read.
  expect(ec2.commandCalls(DescribeSubnetsCommand)).toHaveLength(2);
  expect(ec2.commandCalls(DescribeRouteTablesCommand)).toHaveLength(1);
  expect(iam.commandCalls(GetRoleCommand)).toHaveLength(1);
  expect(eks.commandCalls(DescribeFargateProfileCommand)).toHaveLength(0);
});

it('finds the public subnet (explicit association with an igw route), the missing subnet and the missing role', async () => {
  const diagnostics = await validateLive([spec('gone', ['subnet-pub', 'subnet-gone'])], new AccountReader(account()), {
    defaultRegion: 'eu-west-1',
  });
  expect(diagnostics.map(d => d.code).sort()).toEqual([
    'live.role-missing',
    'live.subnet-missing',
    'live.subnet-public',
  ]);
  expect(diagnostics.find(d => d.code === 'live.subnet-public')?.message).toBe(
    'subnet `subnet-pub` is public: route table `rtb-pub` sends `0.0.0.0/0` to internet gateway `igw-1`; Fargate profiles take private subnets only',
  );
});
