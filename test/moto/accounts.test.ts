/*
 * Several accounts through the real SDK credential path: core's AwsAccount assumes the role a Cluster
 * document names with `fromTemporaryCredentials` (moto's STS answers AssumeRole with credentials of
 * the role ARN's account, and keeps each account's EKS, EC2 and IAM apart), checks the account it
 * lands in with GetCallerIdentity, and plans and applies there. STS calls go through a counting
 * pass-through on loopback (AWS_ENDPOINT_URL_STS), so "one AssumeRole per role per run" is measured
 * on the wire.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
  DescribeFargateProfileCommand,
  EKSClient,
  ListFargateProfilesCommand,
} from '@aws-sdk/client-eks';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { Fleet, apply, parseSpecFiles, plan, type ParseResult } from '@fargatekeeper/core';
import { AwsAccount } from '@fargatekeeper/core/aws';
import { ACCOUNT_ID, Moto, REGION, describeWithMoto } from './support/moto';
import { quickApply } from './support/run';

const PROD = '222222222222';
const ROLE = `arn:aws:iam::${PROD}:role/fargatekeeper`;
const fargateTrust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'eks-fargate-pods.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** Forwards every request to moto and counts STS actions by name (the query body's `Action`). */
async function countingStsProxy(
  target: string,
): Promise<{ url: string; actions: Map<string, number>; close(): Promise<void> }> {
  const actions = new Map<string, number>();
  const { hostname, port } = new URL(target);
  const server: Server = createServer((incoming, answer) => {
    const chunks: Buffer[] = [];
    incoming.on('data', c => chunks.push(c as Buffer));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const action = new URLSearchParams(body.toString('utf8')).get('Action') ?? 'unknown';
      actions.set(action, (actions.get(action) ?? 0) + 1);
      const forward = request(
        { hostname, port, path: incoming.url, method: incoming.method, headers: incoming.headers },
        upstream => {
          answer.writeHead(upstream.statusCode ?? 502, upstream.headers);
          upstream.pipe(answer);
        },
      );
      forward.on('error', error => answer.destroy(error));
      forward.end(body);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, actions, close: () => new Promise(resolve => server.close(() => resolve())) };
}

const clusterDoc = (name: string, accountId: string, roleArn?: string) => `apiVersion: fargatekeeper.dev/v1
kind: Cluster
metadata:
  name: ${name}
spec:
  region: ${REGION}
  accountId: '${accountId}'
${roleArn ? `  roleArn: ${roleArn}\n  externalId: fleet-prod\n` : ''}`;

const profileDoc = (name: string, cluster: string, subnets: string[]) => `apiVersion: fargatekeeper.dev/v1
kind: FargateProfile
metadata:
  name: ${name}
spec:
  cluster: ${cluster}
  subnets: [${subnets.join(', ')}]
  selectors: [{ namespace: ${name} }]
`;

describeWithMoto('several accounts through assumed roles (moto STS)', () => {
  let moto: Moto;
  let sts: Awaited<ReturnType<typeof countingStsProxy>>;
  let restoreEnv: () => void;
  let subnets: string[];
  /** Clients of the prod account, with the role's credentials (as a person would look at that account). */
  let prodEks: EKSClient;

  beforeAll(async () => {
    moto = await Moto.start({ eksQuota: 10 });
    restoreEnv = moto.useInProcess();
    sts = await countingStsProxy(moto.endpoint);
    process.env.AWS_ENDPOINT_URL_STS = sts.url;
    // The prod account's world, made with the role's own credentials: a VPC, two subnets, the cluster, a pods role.
    const credentials = fromTemporaryCredentials({
      params: { RoleArn: ROLE, RoleSessionName: 'seed' },
      clientConfig: { region: REGION },
    });
    const ec2 = new EC2Client({ region: REGION, credentials });
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }));
    subnets = [];
    for (const [i, az] of ['eu-west-1a', 'eu-west-1b'].entries()) {
      const { Subnet } = await ec2.send(
        new CreateSubnetCommand({ VpcId: Vpc!.VpcId!, CidrBlock: `10.20.${i}.0/24`, AvailabilityZone: az }),
      );
      subnets.push(Subnet!.SubnetId!);
    }
    prodEks = new EKSClient({ region: REGION, credentials });
    await prodEks.send(
      new CreateClusterCommand({
        name: 'prod',
        roleArn: `arn:aws:iam::${PROD}:role/eks-cluster`,
        resourcesVpcConfig: { subnetIds: subnets },
      }),
    );
    await new IAMClient({ region: REGION, credentials }).send(
      new CreateRoleCommand({ RoleName: 'pods', AssumeRolePolicyDocument: fargateTrust }),
    );
    sts.actions.clear();
  }, 60_000);

  afterAll(async () => {
    prodEks?.destroy();
    delete process.env.AWS_ENDPOINT_URL_STS;
    restoreEnv?.();
    await sts?.close();
    await moto?.stop();
  });

  const parsed = (extra = ''): ParseResult => {
    const result = parseSpecFiles([
      {
        path: 'fargate/clusters.yaml',
        content: [clusterDoc('prod', PROD, ROLE), ...(extra ? [extra] : [])].join('---\n'),
      },
      { path: 'fargate/prod.yaml', content: profileDoc('payments', 'prod', subnets) },
    ]);
    expect(result.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
    return result;
  };

  it('plans and applies in the role account, with one AssumeRole for the whole run', async () => {
    const base = new AwsAccount({ region: REGION });
    try {
      const input = parsed();
      const fleet = new Fleet(base, input.clusters);
      const options = { defaultRegion: REGION, source: 'acme/fleet' };
      const reviewed = await plan(input, fleet, options);
      expect(reviewed.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
      expect(reviewed.clusters.map(c => [c.cluster, c.account, c.operations.map(o => o.op)])).toEqual([
        ['prod', { id: PROD, roleArn: ROLE }, ['create']],
      ]);
      const create = reviewed.clusters[0]!.operations[0]!;
      // No role in the spec: the default role's ARN is in the account the cluster lives in.
      expect(create.op === 'create' && create.createsRole?.arn).toMatch(
        new RegExp(`^arn:aws:iam::${PROD}:role/fargatekeeper/fk-prod-payments-`),
      );

      const result = await apply(reviewed, fleet, { ...quickApply, replan: () => plan(input, fleet, options) });
      expect(result.summary).toEqual({ succeeded: 1, failed: 0, skipped: 0 });
      const profile = create.op === 'create' ? create.profile : '';
      const { fargateProfile } = await prodEks.send(
        new DescribeFargateProfileCommand({ clusterName: 'prod', fargateProfileName: profile }),
      );
      expect(fargateProfile?.podExecutionRoleArn).toMatch(new RegExp(`^arn:aws:iam::${PROD}:role/fargatekeeper/`));
      // The base account (moto's default) has no such cluster: nothing was made there.
      expect(await base.describeCluster({ region: REGION, name: 'prod' })).toBeUndefined();
      expect((await prodEks.send(new ListFargateProfilesCommand({ clusterName: 'prod' }))).fargateProfileNames).toEqual(
        [profile],
      );

      // Plan, re-plan and apply over EKS, EC2, IAM and STS clients: one AssumeRole; GetCallerIdentity once per plan.
      expect(sts.actions.get('AssumeRole')).toBe(1);
      expect(sts.actions.get('GetCallerIdentity')).toBe(2);
    } finally {
      base.destroy();
    }
  });

  it('refuses a cluster declared in another account than the credentials land in, naming both', async () => {
    const base = new AwsAccount({ region: REGION });
    try {
      // Declared in prod, reached without a role: the base credentials are moto's default account.
      const input = parsed(clusterDoc('tools', PROD));
      const result = await plan(input, new Fleet(base, input.clusters), { defaultRegion: REGION });
      expect(result.diagnostics.filter(d => d.severity === 'error').map(d => [d.code, d.cluster, d.message])).toEqual([
        [
          'plan.account-mismatch',
          'tools',
          `Cluster \`tools\` (${REGION}) is declared in account ${PROD} (\`spec.accountId\`), but the run's credentials are of account ${ACCOUNT_ID}; nothing is planned or checked there.`,
        ],
      ]);
      expect(result.clusters.find(c => c.cluster === 'tools')).toMatchObject({
        operations: [],
        blockedReason: `its credentials land in account ${ACCOUNT_ID}, not in the declared ${PROD}`,
      });
    } finally {
      base.destroy();
    }
  });
});
