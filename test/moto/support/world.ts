import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeRouteTablesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateClusterCommand, CreateFargateProfileCommand, EKSClient } from '@aws-sdk/client-eks';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  HASH_TAG,
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
  SPEC_TAG,
  desiredTagsFor,
  profileNameFor,
  type ProfileSpec,
  type SimState,
} from '@fargatekeeper/core';
import { ACCOUNT_ID, REGION } from './moto';

type SimVpc = SimState['vpcs'][number];
type SimRole = SimState['roles'][number];
type SimCluster = SimState['clusters'][number];
type SimProfile = SimCluster['profiles'][number];

/** moto checks only the shape of a cluster's role ARN. */
const CLUSTER_ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/eks-cluster`;

/**
 * Builds a simulated account's world (the `--sim` JSON format) in moto through the real SDK clients:
 * VPCs with subnets, route tables with their internet-gateway and NAT routes and associations, IAM
 * roles with trust policies and attached policies, EKS clusters and their Fargate profiles.
 *
 * moto picks its own ids, so every id of the state is mapped (`id()`), spec files are rewritten to
 * match (`rewrite()`), and a managed profile's name and hash tag, which hash its subnets, are derived
 * again from the mapped subnets: a profile that matched its spec in the simulator matches it in moto.
 * moto makes every profile ACTIVE at once, so states and transitions of the file are not reproduced.
 */
export class MotoWorld {
  readonly ec2 = new EC2Client({ region: REGION });
  readonly eks = new EKSClient({ region: REGION });
  readonly iam = new IAMClient({ region: REGION });
  /** The state's ids → moto's. */
  private readonly ids = new Map<string, string>();
  private vpcCount = 0;

  async seed(state: SimState): Promise<void> {
    for (const vpc of state.vpcs) await this.vpc(vpc);
    await Promise.all(state.roles.map(role => this.role(role)));
    for (const cluster of state.clusters) await this.cluster(cluster);
  }

  /** moto's id for an id of the state (ids moto does not know are kept: a spec may name a missing subnet). */
  id(simId: string): string {
    return this.ids.get(simId) ?? simId;
  }

  /** Replaces every id of the state in `text` (whole ids only: `subnet-0a1` never touches `subnet-0a11`). */
  rewrite(text: string): string {
    return text.replace(/\b(?:subnet|vpc|rtb|igw|nat)-[0-9a-z]+\b/g, id => this.id(id));
  }

  async vpc(vpc: SimVpc): Promise<void> {
    const n = this.vpcCount++;
    const { Vpc } = await this.ec2.send(new CreateVpcCommand({ CidrBlock: `10.${n}.0.0/16` }));
    const vpcId = Vpc!.VpcId!;
    this.ids.set(vpc.id, vpcId);
    for (const [i, subnet] of vpc.subnets.entries()) {
      const { Subnet } = await this.ec2.send(
        new CreateSubnetCommand({
          VpcId: vpcId,
          CidrBlock: `10.${n}.${i}.0/24`,
          AvailabilityZone: subnet.availabilityZone,
        }),
      );
      this.ids.set(subnet.id, Subnet!.SubnetId!);
    }
    const { RouteTables } = await this.ec2.send(
      new DescribeRouteTablesCommand({
        Filters: [
          { Name: 'vpc-id', Values: [vpcId] },
          { Name: 'association.main', Values: ['true'] },
        ],
      }),
    );
    const mainTable = RouteTables![0]!.RouteTableId!;
    for (const table of vpc.routeTables) {
      const tableId = table.main
        ? mainTable
        : (await this.ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
      this.ids.set(table.id, tableId);
      for (const route of table.routes) {
        if (route.gatewayId === 'local') continue; // every table has its VPC's local route
        const destination = route.destinationCidrBlock
          ? { DestinationCidrBlock: route.destinationCidrBlock }
          : { DestinationIpv6CidrBlock: route.destinationIpv6CidrBlock };
        const target = route.natGatewayId
          ? { NatGatewayId: await this.natGateway(route.natGatewayId, vpc) }
          : { GatewayId: await this.internetGateway(route.gatewayId!, vpcId) };
        await this.ec2.send(new CreateRouteCommand({ RouteTableId: tableId, ...destination, ...target }));
      }
      for (const subnet of table.subnetIds) {
        await this.ec2.send(new AssociateRouteTableCommand({ RouteTableId: tableId, SubnetId: this.id(subnet) }));
      }
    }
  }

  async role(role: SimRole): Promise<void> {
    await this.iam.send(
      new CreateRoleCommand({
        RoleName: role.name,
        ...(role.path ? { Path: role.path } : {}),
        AssumeRolePolicyDocument: JSON.stringify(role.assumeRolePolicy),
        ...(Object.keys(role.tags).length > 0
          ? { Tags: Object.entries(role.tags).map(([Key, Value]) => ({ Key, Value })) }
          : {}),
        ...(role.description ? { Description: role.description } : {}),
      }),
    );
    for (const PolicyArn of role.attachedPolicyArns)
      await this.iam.send(new AttachRolePolicyCommand({ RoleName: role.name, PolicyArn }));
  }

  async cluster(cluster: SimCluster): Promise<void> {
    await this.eks.send(
      new CreateClusterCommand({
        name: cluster.name,
        roleArn: CLUSTER_ROLE_ARN,
        resourcesVpcConfig: { subnetIds: cluster.subnetIds.map(id => this.id(id)) },
      }),
    );
    for (const profile of cluster.profiles) await this.profile(cluster.name, profile);
  }

  async profile(cluster: string, profile: SimProfile): Promise<void> {
    const subnets = profile.subnets.map(id => this.id(id));
    const { name, tags } = this.remapManaged(cluster, profile, subnets);
    await this.eks.send(
      new CreateFargateProfileCommand({
        clusterName: cluster,
        fargateProfileName: name,
        podExecutionRoleArn: profile.podExecutionRoleArn,
        subnets,
        selectors: profile.selectors.map(s => ({
          namespace: s.namespace,
          ...(Object.keys(s.labels).length > 0 ? { labels: s.labels } : {}),
        })),
        tags,
      }),
    );
  }

  destroy(): void {
    this.ec2.destroy();
    this.eks.destroy();
    this.iam.destroy();
  }

  /** A managed profile named (and hash-tagged) after its fields keeps that relation with moto's subnet ids. */
  private remapManaged(
    cluster: string,
    profile: SimProfile,
    subnets: string[],
  ): { name: string; tags: Record<string, string> } {
    const spec = profile.tags[MANAGED_BY_TAG] === MANAGED_BY_VALUE ? profile.tags[SPEC_TAG] : undefined;
    if (!spec) return { name: profile.name, tags: profile.tags };
    const asSpec = (ids: string[]): ProfileSpec => ({
      name: spec,
      cluster,
      podExecutionRoleArn: profile.podExecutionRoleArn,
      subnets: ids,
      selectors: profile.selectors,
      tags: profile.tags,
      source: { file: 'sim', line: 1, column: 1, format: 'native', document: 0, fields: {} },
    });
    const before = asSpec(profile.subnets);
    const after = asSpec(subnets);
    const name = profile.name === profileNameFor(before) ? profileNameFor(after) : profile.name;
    const hashed = profile.tags[HASH_TAG] === desiredTagsFor(before)[HASH_TAG];
    return { name, tags: hashed ? { ...profile.tags, [HASH_TAG]: desiredTagsFor(after)[HASH_TAG]! } : profile.tags };
  }

  private async internetGateway(simId: string, vpcId: string): Promise<string> {
    const known = this.ids.get(simId);
    if (known) return known;
    const { InternetGateway } = await this.ec2.send(new CreateInternetGatewayCommand({}));
    const id = InternetGateway!.InternetGatewayId!;
    await this.ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: id, VpcId: vpcId }));
    this.ids.set(simId, id);
    return id;
  }

  private async natGateway(simId: string, vpc: SimVpc): Promise<string> {
    const known = this.ids.get(simId);
    if (known) return known;
    const { AllocationId } = await this.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    // moto does not check where the gateway sits; a real one would be in a public subnet.
    const { NatGateway } = await this.ec2.send(
      new CreateNatGatewayCommand({ SubnetId: this.id(vpc.subnets[0]!.id), AllocationId }),
    );
    const id = NatGateway!.NatGatewayId!;
    this.ids.set(simId, id);
    return id;
  }
}
