import { DescribeRouteTablesCommand, DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateFargateProfileCommand,
  DeleteFargateProfileCommand,
  DescribeClusterCommand,
  DescribeFargateProfileCommand,
  EKSClient,
  InvalidParameterException,
  ListFargateProfilesCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-eks';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteConflictException,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolesCommand,
  NoSuchEntityException,
  TagRoleCommand,
} from '@aws-sdk/client-iam';
import {
  GetAWSDefaultServiceQuotaCommand,
  GetServiceQuotaCommand,
  NoSuchResourceException,
  ServiceQuotasClient,
} from '@aws-sdk/client-service-quotas';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsAccount, FARGATE_PROFILES_QUOTA_CODE } from './AwsAccount';

const eks = mockClient(EKSClient);
const ec2 = mockClient(EC2Client);
const iam = mockClient(IAMClient);
const sts = mockClient(STSClient);
const quotas = mockClient(ServiceQuotasClient);

const CLUSTER = { region: 'eu-west-1', name: 'prod-eu' };
const meta = { httpStatusCode: 404, $metadata: {} };

function account() {
  // Static credentials keep the SDK from looking for real ones; no request leaves the mocks.
  return new AwsAccount({
    region: 'eu-west-1',
    clientConfig: { credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } },
  });
}

beforeEach(() => {
  for (const mock of [eks, ec2, iam, sts, quotas]) mock.reset();
});

describe('AwsAccount: EKS reads', () => {
  it('describes a cluster: its VPC and subnets, and the API server and CA pod access connects to', async () => {
    eks.on(DescribeClusterCommand, { name: 'prod-eu' }).resolves({
      cluster: {
        name: 'prod-eu',
        arn: 'arn:aws:eks:eu-west-1:123456789012:cluster/prod-eu',
        status: 'ACTIVE',
        resourcesVpcConfig: { vpcId: 'vpc-1', subnetIds: ['subnet-a', 'subnet-b'] },
        endpoint: 'https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com',
        certificateAuthority: { data: 'LS0tLS1CRUdJTg==' },
      },
    });
    await expect(account().describeCluster(CLUSTER)).resolves.toEqual({
      region: 'eu-west-1',
      name: 'prod-eu',
      arn: 'arn:aws:eks:eu-west-1:123456789012:cluster/prod-eu',
      status: 'ACTIVE',
      vpcId: 'vpc-1',
      subnetIds: ['subnet-a', 'subnet-b'],
      endpoint: 'https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com',
      certificateAuthority: 'LS0tLS1CRUdJTg==',
    });
    expect(eks.commandCalls(DescribeClusterCommand)[0]!.args[0].input).toEqual({ name: 'prod-eu' });
  });

  it('answers undefined for a missing cluster and profile, and rethrows other errors', async () => {
    eks
      .on(DescribeClusterCommand)
      .rejects(new ResourceNotFoundException({ message: 'No cluster found for name: x.', $metadata: meta }));
    eks
      .on(DescribeFargateProfileCommand)
      .rejects(new ResourceNotFoundException({ message: 'No Fargate Profile found with name: p.', $metadata: meta }));
    const a = account();
    await expect(a.describeCluster(CLUSTER)).resolves.toBeUndefined();
    await expect(a.describeFargateProfile(CLUSTER, 'p')).resolves.toBeUndefined();

    eks
      .on(DescribeClusterCommand)
      .rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' }));
    await expect(a.describeCluster(CLUSTER)).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('lists one page at a time with maxResults 100 and hands the nextToken on', async () => {
    eks
      .on(ListFargateProfilesCommand, { clusterName: 'prod-eu', maxResults: 100 })
      .resolves({ fargateProfileNames: ['a', 'b'], nextToken: 'page-2' })
      .on(ListFargateProfilesCommand, { clusterName: 'prod-eu', maxResults: 100, nextToken: 'page-2' })
      .resolves({ fargateProfileNames: ['c'] });
    const a = account();
    const first = await a.listFargateProfiles(CLUSTER);
    expect(first).toEqual({ names: ['a', 'b'], nextToken: 'page-2' });
    await expect(a.listFargateProfiles(CLUSTER, first.nextToken)).resolves.toEqual({ names: ['c'] });
    expect(eks.commandCalls(ListFargateProfilesCommand).map(c => c.args[0].input)).toEqual([
      { clusterName: 'prod-eu', maxResults: 100 },
      { clusterName: 'prod-eu', maxResults: 100, nextToken: 'page-2' },
    ]);
  });

  it('maps a described profile, health issues included', async () => {
    eks.on(DescribeFargateProfileCommand, { clusterName: 'prod-eu', fargateProfileName: 'payments-1a2b' }).resolves({
      fargateProfile: {
        fargateProfileName: 'payments-1a2b',
        fargateProfileArn: 'arn:aws:eks:eu-west-1:123456789012:fargateprofile/prod-eu/payments-1a2b/uuid',
        clusterName: 'prod-eu',
        createdAt: new Date('2026-01-01T00:00:00Z'),
        podExecutionRoleArn: 'arn:aws:iam::123456789012:role/pods',
        subnets: ['subnet-a'],
        selectors: [{ namespace: 'payments', labels: { app: 'api' } }, { namespace: 'jobs' }],
        status: 'CREATE_FAILED',
        tags: { team: 'payments' },
        health: { issues: [{ code: 'PodExecutionRoleAlreadyInUse', message: 'in use', resourceIds: ['r'] }] },
      },
    });
    await expect(account().describeFargateProfile(CLUSTER, 'payments-1a2b')).resolves.toEqual({
      cluster: 'prod-eu',
      region: 'eu-west-1',
      name: 'payments-1a2b',
      arn: 'arn:aws:eks:eu-west-1:123456789012:fargateprofile/prod-eu/payments-1a2b/uuid',
      status: 'CREATE_FAILED',
      podExecutionRoleArn: 'arn:aws:iam::123456789012:role/pods',
      subnets: ['subnet-a'],
      selectors: [
        { namespace: 'payments', labels: { app: 'api' } },
        { namespace: 'jobs', labels: {} },
      ],
      tags: { team: 'payments' },
      createdAt: '2026-01-01T00:00:00.000Z',
      health: [{ code: 'PodExecutionRoleAlreadyInUse', message: 'in use', resourceIds: ['r'] }],
    });
  });
});

describe('AwsAccount: EKS writes', () => {
  const profile = {
    fargateProfileName: 'payments-1a2b',
    fargateProfileArn: 'arn:aws:eks:eu-west-1:123456789012:fargateprofile/prod-eu/payments-1a2b/uuid',
    clusterName: 'prod-eu',
    status: 'CREATING' as const,
  };

  it('creates with tags, selectors and the idempotency token in one call', async () => {
    eks.on(CreateFargateProfileCommand).resolves({ fargateProfile: profile });
    const created = await account().createFargateProfile({
      cluster: CLUSTER,
      name: 'payments-1a2b',
      podExecutionRoleArn: 'arn:aws:iam::123456789012:role/pods',
      subnets: ['subnet-a', 'subnet-b'],
      selectors: [
        { namespace: 'payments', labels: {} },
        { namespace: 'jobs', labels: { app: 'x' } },
      ],
      tags: { 'fargatekeeper.dev/managed-by': 'fargatekeeper' },
      clientRequestToken: 'tok-123',
    });
    expect(created.status).toBe('CREATING');
    expect(eks.commandCalls(CreateFargateProfileCommand)[0]!.args[0].input).toEqual({
      clusterName: 'prod-eu',
      fargateProfileName: 'payments-1a2b',
      podExecutionRoleArn: 'arn:aws:iam::123456789012:role/pods',
      subnets: ['subnet-a', 'subnet-b'],
      selectors: [{ namespace: 'payments' }, { namespace: 'jobs', labels: { app: 'x' } }],
      tags: { 'fargatekeeper.dev/managed-by': 'fargatekeeper' },
      clientRequestToken: 'tok-123',
    });
  });

  it('passes EKS errors through with their names and status codes', async () => {
    // Whatever the input, the mock refuses it.
    const refused = { cluster: CLUSTER, name: 'b', podExecutionRoleArn: 'r', subnets: [], selectors: [], tags: {} };
    eks.on(CreateFargateProfileCommand).rejects(
      new ResourceInUseException({
        message:
          'Cannot create Fargate Profile b because cluster prod-eu currently has Fargate profile a in status CREATING',
        $metadata: { httpStatusCode: 409 },
      }),
    );
    const error = (await account()
      .createFargateProfile(refused)
      .catch((e: unknown) => e)) as ResourceInUseException;
    expect(error.name).toBe('ResourceInUseException');
    expect(error.$metadata.httpStatusCode).toBe(409);

    eks.on(CreateFargateProfileCommand).rejects(
      new InvalidParameterException({
        message:
          'Misconfigured PodExecutionRole Trust Policy; Please add the eks-fargate-pods.amazonaws.com Service Principal',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    await expect(account().createFargateProfile(refused)).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('Misconfigured PodExecutionRole'),
    });
  });

  it('leaves subnets out when none are given (EKS then takes the private subnets of the cluster)', async () => {
    eks.on(CreateFargateProfileCommand).resolves({ fargateProfile: profile });
    await account().createFargateProfile({
      cluster: CLUSTER,
      name: 'payments-1a2b',
      podExecutionRoleArn: 'r',
      subnets: [],
      selectors: [{ namespace: 'payments', labels: {} }],
      tags: {},
    });
    expect(eks.commandCalls(CreateFargateProfileCommand)[0]!.args[0].input).not.toHaveProperty('subnets');
  });

  it('deletes, tags and untags by ARN', async () => {
    eks.on(DeleteFargateProfileCommand).resolves({ fargateProfile: { ...profile, status: 'DELETING' } });
    eks.on(TagResourceCommand).resolves({});
    eks.on(UntagResourceCommand).resolves({});
    const a = account();
    await expect(a.deleteFargateProfile(CLUSTER, 'payments-1a2b')).resolves.toMatchObject({ status: 'DELETING' });
    await a.tagResource('eu-west-1', profile.fargateProfileArn, { team: 'payments' });
    await a.untagResource('eu-west-1', profile.fargateProfileArn, ['old']);
    expect(eks.commandCalls(DeleteFargateProfileCommand)[0]!.args[0].input).toEqual({
      clusterName: 'prod-eu',
      fargateProfileName: 'payments-1a2b',
    });
    expect(eks.commandCalls(TagResourceCommand)[0]!.args[0].input).toEqual({
      resourceArn: profile.fargateProfileArn,
      tags: { team: 'payments' },
    });
    expect(eks.commandCalls(UntagResourceCommand)[0]!.args[0].input).toEqual({
      resourceArn: profile.fargateProfileArn,
      tagKeys: ['old'],
    });
  });

  it('uses one EKS client per region, created on first use', async () => {
    const a = account();
    expect(a.eks('eu-west-1')).toBe(a.eks('eu-west-1'));
    expect(a.eks('us-east-1')).not.toBe(a.eks('eu-west-1'));
    await expect(a.eks('us-east-1').config.region()).resolves.toBe('us-east-1');
  });
});

describe('AwsAccount: EC2', () => {
  it('reads subnets by filter (missing ids do not fail the call), across pages', async () => {
    // The paginator reuses its input object, so copy each request as it is made.
    const inputs: unknown[] = [];
    const pages = [
      { Subnets: [{ SubnetId: 'subnet-a', VpcId: 'vpc-1', AvailabilityZone: 'eu-west-1a' }], NextToken: 't2' },
      { Subnets: [{ SubnetId: 'subnet-b', VpcId: 'vpc-1', AvailabilityZone: 'eu-west-1b' }] },
    ];
    ec2.on(DescribeSubnetsCommand).callsFake(input => {
      inputs.push(JSON.parse(JSON.stringify(input)));
      return pages[inputs.length - 1];
    });
    await expect(
      account().describeSubnets('eu-west-1', ['subnet-a', 'subnet-b', 'subnet-gone', 'subnet-a']),
    ).resolves.toEqual([
      { id: 'subnet-a', vpcId: 'vpc-1', availabilityZone: 'eu-west-1a' },
      { id: 'subnet-b', vpcId: 'vpc-1', availabilityZone: 'eu-west-1b' },
    ]);
    expect(inputs).toEqual([
      { Filters: [{ Name: 'subnet-id', Values: ['subnet-a', 'subnet-b', 'subnet-gone'] }] },
      { Filters: [{ Name: 'subnet-id', Values: ['subnet-a', 'subnet-b', 'subnet-gone'] }], NextToken: 't2' },
    ]);
  });

  it('splits more than 200 subnet ids over several calls', async () => {
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [] });
    const ids = Array.from({ length: 450 }, (_, i) => `subnet-${i}`);
    await account().describeSubnets('eu-west-1', ids);
    expect(ec2.commandCalls(DescribeSubnetsCommand).map(c => c.args[0].input.Filters![0]!.Values!.length)).toEqual([
      200, 200, 50,
    ]);
  });

  it('reads the route tables of a VPC by filter, with main flag, associations and routes', async () => {
    ec2.on(DescribeRouteTablesCommand).resolves({
      RouteTables: [
        {
          RouteTableId: 'rtb-main',
          VpcId: 'vpc-1',
          Associations: [{ Main: true }],
          Routes: [
            { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' },
            { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' },
          ],
        },
        {
          RouteTableId: 'rtb-pub',
          VpcId: 'vpc-1',
          Associations: [{ Main: false, SubnetId: 'subnet-pub' }],
          Routes: [{ DestinationIpv6CidrBlock: '::/0', GatewayId: 'igw-1' }],
        },
      ],
    });
    await expect(account().describeRouteTables('eu-west-1', 'vpc-1')).resolves.toEqual([
      {
        id: 'rtb-main',
        vpcId: 'vpc-1',
        main: true,
        subnetIds: [],
        routes: [
          { destinationCidrBlock: '10.0.0.0/16', gatewayId: 'local' },
          { destinationCidrBlock: '0.0.0.0/0', natGatewayId: 'nat-1' },
        ],
      },
      {
        id: 'rtb-pub',
        vpcId: 'vpc-1',
        main: false,
        subnetIds: ['subnet-pub'],
        routes: [{ destinationIpv6CidrBlock: '::/0', gatewayId: 'igw-1' }],
      },
    ]);
    expect(ec2.commandCalls(DescribeRouteTablesCommand)[0]!.args[0].input).toEqual({
      Filters: [{ Name: 'vpc-id', Values: ['vpc-1'] }],
    });
  });
});

describe('AwsAccount: IAM, STS and Service Quotas', () => {
  const trust = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'eks-fargate-pods.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  };

  it('reads a role: URL-encoded trust policy, tags, attached policies over pages', async () => {
    iam.on(GetRoleCommand, { RoleName: 'pods' }).resolves({
      Role: {
        RoleName: 'pods',
        Arn: 'arn:aws:iam::123456789012:role/pods',
        Path: '/',
        RoleId: 'AROA',
        CreateDate: new Date(),
        AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)),
        Tags: [{ Key: 'team', Value: 'platform' }],
      },
    });
    const listInputs: unknown[] = [];
    const policyPages = [
      { AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/A' }], IsTruncated: true, Marker: 'm2' },
      { AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/B' }], IsTruncated: false },
    ];
    iam.on(ListAttachedRolePoliciesCommand).callsFake(input => {
      listInputs.push(JSON.parse(JSON.stringify(input)));
      return policyPages[listInputs.length - 1];
    });
    await expect(account().getRole('pods')).resolves.toEqual({
      name: 'pods',
      arn: 'arn:aws:iam::123456789012:role/pods',
      path: '/',
      assumeRolePolicy: trust,
      tags: { team: 'platform' },
      attachedPolicyArns: ['arn:aws:iam::aws:policy/A', 'arn:aws:iam::aws:policy/B'],
    });
    expect(listInputs).toEqual([{ RoleName: 'pods' }, { RoleName: 'pods', Marker: 'm2' }]);
  });

  it('answers undefined for a missing role', async () => {
    iam
      .on(GetRoleCommand)
      .rejects(new NoSuchEntityException({ message: 'The role with name x cannot be found.', $metadata: meta }));
    await expect(account().getRole('x')).resolves.toBeUndefined();
    expect(iam.commandCalls(ListAttachedRolePoliciesCommand)).toHaveLength(0);
  });

  it('lists the roles under a path over every page', async () => {
    const pages = [
      {
        Roles: [
          {
            RoleName: 'fk-a',
            Arn: 'arn:aws:iam::123456789012:role/fargatekeeper/fk-a',
            Path: '/fargatekeeper/',
            RoleId: 'A',
            CreateDate: new Date(),
          },
        ],
        IsTruncated: true,
        Marker: 'm2',
      },
      {
        Roles: [
          {
            RoleName: 'fk-b',
            Arn: 'arn:aws:iam::123456789012:role/fargatekeeper/fk-b',
            Path: '/fargatekeeper/',
            RoleId: 'B',
            CreateDate: new Date(),
          },
        ],
        IsTruncated: false,
      },
    ];
    const inputs: unknown[] = [];
    iam.on(ListRolesCommand).callsFake(input => {
      inputs.push(JSON.parse(JSON.stringify(input)));
      return pages[inputs.length - 1];
    });
    await expect(account().listRoles('/fargatekeeper/')).resolves.toEqual([
      { name: 'fk-a', arn: 'arn:aws:iam::123456789012:role/fargatekeeper/fk-a', path: '/fargatekeeper/' },
      { name: 'fk-b', arn: 'arn:aws:iam::123456789012:role/fargatekeeper/fk-b', path: '/fargatekeeper/' },
    ]);
    expect(inputs).toEqual([{ PathPrefix: '/fargatekeeper/' }, { PathPrefix: '/fargatekeeper/', Marker: 'm2' }]);
  });

  it('creates a role under a path', async () => {
    iam.on(CreateRoleCommand).resolves({
      Role: {
        RoleName: 'fk-p',
        Arn: 'arn:aws:iam::123456789012:role/fargatekeeper/fk-p',
        Path: '/fargatekeeper/',
        RoleId: 'C',
        CreateDate: new Date(),
      },
    });
    const role = await account().createRole({
      name: 'fk-p',
      path: '/fargatekeeper/',
      assumeRolePolicy: trust as never,
      tags: {},
    });
    expect(role).toMatchObject({ arn: 'arn:aws:iam::123456789012:role/fargatekeeper/fk-p', path: '/fargatekeeper/' });
    expect(iam.commandCalls(CreateRoleCommand)[0]!.args[0].input).toEqual({
      RoleName: 'fk-p',
      Path: '/fargatekeeper/',
      AssumeRolePolicyDocument: JSON.stringify(trust),
    });
  });

  it('creates, tags, attaches, detaches and deletes roles with the exact inputs', async () => {
    iam.on(CreateRoleCommand).resolves({
      Role: {
        RoleName: 'fk-pods',
        Arn: 'arn:aws:iam::123456789012:role/fk-pods',
        Path: '/',
        RoleId: 'AROB',
        CreateDate: new Date(),
        AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)),
      },
    });
    const a = account();
    const role = await a.createRole({
      name: 'fk-pods',
      assumeRolePolicy: trust as never,
      tags: { owner: 'fk' },
      description: 'pods',
    });
    expect(role).toMatchObject({
      arn: 'arn:aws:iam::123456789012:role/fk-pods',
      assumeRolePolicy: trust,
      tags: { owner: 'fk' },
    });
    await a.tagRole('fk-pods', { a: '1' });
    await a.attachRolePolicy('fk-pods', 'arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy');
    await a.detachRolePolicy('fk-pods', 'arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy');
    await a.deleteRole('fk-pods');
    expect(iam.commandCalls(CreateRoleCommand)[0]!.args[0].input).toEqual({
      RoleName: 'fk-pods',
      AssumeRolePolicyDocument: JSON.stringify(trust),
      Tags: [{ Key: 'owner', Value: 'fk' }],
      Description: 'pods',
    });
    expect(iam.commandCalls(TagRoleCommand)[0]!.args[0].input).toEqual({
      RoleName: 'fk-pods',
      Tags: [{ Key: 'a', Value: '1' }],
    });
    expect(iam.commandCalls(AttachRolePolicyCommand)[0]!.args[0].input).toEqual({
      RoleName: 'fk-pods',
      PolicyArn: 'arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy',
    });
    expect(iam.commandCalls(DetachRolePolicyCommand)).toHaveLength(1);
    expect(iam.commandCalls(DeleteRoleCommand)[0]!.args[0].input).toEqual({ RoleName: 'fk-pods' });
  });

  it('passes IAM errors through by their SDK names', async () => {
    iam.on(DeleteRoleCommand).rejects(
      new DeleteConflictException({
        message: 'Cannot delete entity, must detach all policies first.',
        $metadata: { httpStatusCode: 409 },
      }),
    );
    await expect(account().deleteRole('fk-pods')).rejects.toMatchObject({
      name: 'DeleteConflictException',
      $metadata: { httpStatusCode: 409 },
    });
  });

  it('reads the account id from STS', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' });
    await expect(account().getAccountId()).resolves.toBe('123456789012');
  });

  it('reads the applied quota, else the AWS default', async () => {
    quotas
      .on(GetServiceQuotaCommand, { ServiceCode: 'eks', QuotaCode: FARGATE_PROFILES_QUOTA_CODE })
      .resolvesOnce({ Quota: { Value: 20 } })
      .rejectsOnce(new NoSuchResourceException({ message: 'no applied quota', $metadata: meta }));
    quotas.on(GetAWSDefaultServiceQuotaCommand).resolves({ Quota: { Value: 10 } });
    const a = account();
    await expect(a.getFargateProfileQuota('eu-west-1')).resolves.toBe(20);
    await expect(a.getFargateProfileQuota('eu-west-1')).resolves.toBe(10);
    expect(quotas.commandCalls(GetAWSDefaultServiceQuotaCommand)[0]!.args[0].input).toEqual({
      ServiceCode: 'eks',
      QuotaCode: 'L-33415657',
    });
  });

  it('throws when the quota cannot be read (validation then assumes 10 and says why)', async () => {
    quotas
      .on(GetServiceQuotaCommand)
      .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    await expect(account().getFargateProfileQuota('eu-west-1')).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });
});

describe('AwsAccount: the call policy, configured once in every client', () => {
  it('hands timeout and attempts to each client: adaptive retries where plans fan out, one attempt for the optional quota', async () => {
    const a = new AwsAccount({
      region: 'eu-west-1',
      callPolicy: { timeoutMs: 1234, attempts: 4 },
      clientConfig: { credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } },
    });
    const settings = async (client: {
      config: { maxAttempts: () => Promise<number>; retryMode: string | (() => Promise<string>) };
    }) => [
      await client.config.maxAttempts(),
      typeof client.config.retryMode === 'string' ? client.config.retryMode : await client.config.retryMode(),
    ];
    expect(await settings(a.eks('eu-west-1'))).toEqual([4, 'adaptive']);
    expect(await settings(a.ec2('eu-west-1'))).toEqual([4, 'adaptive']);
    expect(await settings(a.iam())).toEqual([4, 'adaptive']);
    expect(await settings(a.sts())).toEqual([4, 'standard']);
    expect(await settings(a.serviceQuotas('eu-west-1'))).toEqual([1, 'standard']);
    expect(a.retriesTransientErrors).toBe(true);
    // The default: 30 s per attempt, 3 attempts.
    expect(await new AwsAccount({ region: 'eu-west-1' }).eks('eu-west-1').config.maxAttempts()).toBe(3);
    expect(new AwsAccount({ region: 'eu-west-1' }).callPolicy).toEqual({ timeoutMs: 30_000, attempts: 3 });
  });
});
