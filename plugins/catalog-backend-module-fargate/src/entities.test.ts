import type { ClusterSummary, ProfileView } from '@fargatekeeper/backstage-plugin-fargate-node';
import { profileEntities } from './entities';

const cluster: ClusterSummary = { name: 'prod-eu', region: 'eu-west-1', subnets: [] };
const options = { ownerTag: 'owner', defaultOwner: 'unknown' };

describe('profileEntities', () => {
  it('names a live profile that carries the name of a spec apart from that spec', () => {
    const spec: ProfileView = {
      name: 'legacy-0a1b2c3d',
      cluster: 'prod-eu',
      region: 'eu-west-1',
      managed: false,
      drift: 'missing',
      desired: {
        spec: 'legacy',
        subnets: ['subnet-a'],
        selectors: [{ namespace: 'legacy', labels: {} }],
        tags: {},
        source: { file: 'fargate/legacy.yaml', line: 1, format: 'native' },
      },
    };
    const handmade: ProfileView = {
      name: 'legacy',
      cluster: 'prod-eu',
      region: 'eu-west-1',
      managed: false,
      drift: 'unmanaged',
    };
    const names = profileEntities(cluster, [spec, handmade], 'resource:default/prod-eu', options).map(
      e => e.metadata.name,
    );
    expect(names).toEqual(['prod-eu.legacy', expect.stringMatching(/^prod-eu\.legacy-[0-9a-f]{8}$/)]);
  });

  it('links a spec in a local folder by its path only', () => {
    const local: ProfileView = {
      name: 'jobs-0a1b2c3d',
      cluster: 'prod-eu',
      region: 'eu-west-1',
      managed: true,
      drift: 'missing',
      desired: {
        spec: 'jobs',
        subnets: [],
        selectors: [],
        tags: { owner: 'payments' },
        source: { file: 'specs/jobs.yaml', line: 7, format: 'native' },
      },
    };
    const [entity] = profileEntities(cluster, [local], 'resource:default/prod-eu', options);
    expect(entity!.metadata.annotations).toEqual({
      'backstage.io/managed-by-location': 'fargatekeeper:eu-west-1/prod-eu',
      'backstage.io/managed-by-origin-location': 'fargatekeeper:eu-west-1/prod-eu',
      'fargatekeeper.dev/cluster': 'prod-eu',
      'fargatekeeper.dev/profile': 'jobs-0a1b2c3d',
      'fargatekeeper.dev/spec': 'jobs',
      'fargatekeeper.dev/spec-file': 'specs/jobs.yaml:7',
    });
    expect(entity!.spec.owner).toBe('group:default/payments');
    expect(entity!.metadata.description).toContain('namespaces: none');
  });
});
