import { profilesAfterApply, subnetRouting } from './eksFacts';

describe('subnetRouting', () => {
  it('prefers the explicit association over the main table', () => {
    const tables = [
      {
        id: 'main',
        vpcId: 'v',
        main: true,
        subnetIds: [],
        routes: [{ destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-1' }],
      },
      {
        id: 'own',
        vpcId: 'v',
        main: false,
        subnetIds: ['s'],
        routes: [{ destinationCidrBlock: '0.0.0.0/0', natGatewayId: 'nat-1' }],
      },
    ];
    expect(subnetRouting('s', tables)).toEqual({ routeTable: tables[1] });
    expect(subnetRouting('t', tables).internetRoute).toEqual({ destination: '0.0.0.0/0', gatewayId: 'igw-1' });
    expect(subnetRouting('t', [])).toEqual({});
  });
});

describe('profilesAfterApply', () => {
  it('counts steady state only: managed profiles without a spec go away, DELETING ones are leaving', () => {
    const managed = { 'fargatekeeper.dev/managed-by': 'fargatekeeper', 'fargatekeeper.dev/spec': 'old' };
    expect(
      profilesAfterApply(
        [{ name: 'a' }, { name: 'b', adopt: 'x' }],
        [
          { name: 'old-123', status: 'ACTIVE', tags: managed },
          { name: 'x', status: 'ACTIVE', tags: {} },
          { name: 'y', status: 'ACTIVE', tags: {} },
          { name: 'z', status: 'DELETING', tags: {} },
          // Managed-by without a spec tag: the planner leaves it as unmanaged, so it stays and counts.
          { name: 'w', status: 'ACTIVE', tags: { 'fargatekeeper.dev/managed-by': 'fargatekeeper' } },
        ],
      ),
    ).toEqual({ fromSpecs: 2, unmanaged: 2, total: 4 });
  });
});
