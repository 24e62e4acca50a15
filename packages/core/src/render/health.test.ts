import { clusterOf, live, noOp, planOf, replaceOp, unmanagedOp } from './__fixtures__/operations';
import { healthFindings } from './health';

describe('healthFindings', () => {
  it('gives one warning per health issue of a live profile, managed or not, at its spec when it has one', () => {
    const plan = planOf([
      clusterOf([
        replaceOp('pay', 'pay-1', 'pay-2', {
          before: live('pay-1', {
            status: 'CREATE_FAILED',
            health: [{ code: 'InsufficientFreeAddresses', message: 'subnet-a is full', resourceIds: ['subnet-a'] }],
          }),
          reason: { code: 'failed', status: 'CREATE_FAILED' },
        }),
        {
          ...unmanagedOp('handmade'),
          before: live('handmade', {
            health: [
              { code: 'AccessDenied', message: 'no access' },
              { code: 'PodExecutionRoleAlreadyInUse', message: 'in use' },
            ],
          }),
        },
        noOp('ok', 'ok-1'),
      ]),
    ]);
    expect(healthFindings(plan)).toEqual([
      {
        severity: 'warning',
        code: 'profile.health',
        message: 'profile `pay-1` (CREATE_FAILED) reports `InsufficientFreeAddresses`: subnet-a is full (subnet-a)',
        cluster: 'prod-eu',
        profile: 'pay',
        source: { file: 'fargate/pay.yaml', line: 4, column: 3 },
      },
      {
        severity: 'warning',
        code: 'profile.health',
        message: 'profile `handmade` (ACTIVE) reports `AccessDenied`: no access',
        cluster: 'prod-eu',
        profile: 'handmade',
      },
      {
        severity: 'warning',
        code: 'profile.health',
        message: 'profile `handmade` (ACTIVE) reports `PodExecutionRoleAlreadyInUse`: in use',
        cluster: 'prod-eu',
        profile: 'handmade',
      },
    ]);
  });
});
