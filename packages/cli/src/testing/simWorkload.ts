import type { SimState } from '@fargatekeeper/core';

/** A simulated account of `clusters` empty ACTIVE clusters (`c01`, `c02`, ...) in one VPC with two private subnets. */
export function simAccount(clusters: number): SimState {
  return {
    accountId: '123456789012',
    region: 'eu-west-1',
    quotas: { fargateProfilesPerCluster: 10 },
    timings: { createSeconds: 90, deleteSeconds: 120, iamPropagationSeconds: 10 },
    clusters: Array.from({ length: clusters }, (_, i) => ({
      name: clusterName(i),
      region: 'eu-west-1',
      status: 'ACTIVE' as const,
      vpcId: 'vpc-0a1b2c3d',
      subnetIds: ['subnet-0a11', 'subnet-0b22'],
      profiles: [],
    })),
    vpcs: [
      {
        id: 'vpc-0a1b2c3d',
        region: 'eu-west-1',
        subnets: [
          { id: 'subnet-0a11', availabilityZone: 'eu-west-1a' },
          { id: 'subnet-0b22', availabilityZone: 'eu-west-1b' },
        ],
        routeTables: [
          {
            id: 'rtb-private',
            main: true,
            subnetIds: [],
            routes: [
              { destinationCidrBlock: '10.0.0.0/16', gatewayId: 'local' },
              { destinationCidrBlock: '0.0.0.0/0', natGatewayId: 'nat-0f00' },
            ],
          },
        ],
      },
    ],
    roles: [],
  };
}

export const clusterName = (index: number): string => `c${String(index + 1).padStart(2, '0')}`;

/**
 * Spec files for `perCluster` profiles in each of `clusters` clusters from the `first` one (0-based),
 * every one with a default role (so each create is several steps: role, profile, wait for ACTIVE).
 * `prefix` keeps two sets apart.
 */
export function specFiles(clusters: number, perCluster: number, prefix = 'app', first = 0): Record<string, string> {
  const files: Record<string, string> = {};
  for (let c = first; c < first + clusters; c++) {
    const docs: string[] = [];
    for (let n = 0; n < perCluster; n++) {
      const name = `${prefix}-${clusterName(c)}-${n}`;
      docs.push(
        [
          'apiVersion: fargatekeeper.dev/v1',
          'kind: FargateProfile',
          `metadata: { name: ${name} }`,
          'spec:',
          `  cluster: ${clusterName(c)}`,
          '  subnets: [subnet-0a11, subnet-0b22]',
          `  selectors: [{ namespace: ${name} }]`,
        ].join('\n'),
      );
    }
    files[`${clusterName(c)}.yaml`] = `${docs.join('\n---\n')}\n`;
  }
  return files;
}
