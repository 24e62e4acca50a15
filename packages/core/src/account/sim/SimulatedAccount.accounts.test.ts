import { SimulatedAccount } from './SimulatedAccount';
import { VirtualClock } from './VirtualClock';
import { checkSimState } from './checkSimState';
import {
  BASE,
  CI_ROLE,
  fleetState,
  PROD,
  PROD_EXTERNAL_ID,
  podsRoleIn,
  REGION,
  roleIn,
  STAGING,
} from './__fixtures__/fleetState';
import { simState } from './__fixtures__/simState';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

function setup(options: Parameters<typeof SimulatedAccount.fromJSON>[1] = {}) {
  const clock = new VirtualClock({ start: T0, autoAdvance: false });
  return { clock, sim: SimulatedAccount.fromJSON(fleetState(), { clock, ...options }) };
}

const prodRole = { roleArn: roleIn(PROD), externalId: PROD_EXTERNAL_ID, sessionName: 'fargatekeeper' };
const stagingRole = { roleArn: roleIn(STAGING), sessionName: 'fargatekeeper' };

describe('SimulatedAccount: several accounts and STS AssumeRole', () => {
  it('gives an hour of credentials for a role whose trust admits the caller, and each account sees only its own resources', async () => {
    const { sim } = setup();
    const credentials = await sim.assumeRole(prodRole);
    expect(credentials.accessKeyId).toMatch(/^ASIA/);
    expect(credentials.expiration.getTime()).toBe(T0 + 3600_000);

    const prod = sim.assumedRole(prodRole);
    expect(await prod.getAccountId()).toBe(PROD);
    expect(await sim.getAccountId()).toBe(BASE);
    expect(await prod.describeCluster({ region: REGION, name: 'prod' })).toMatchObject({
      arn: `arn:aws:eks:${REGION}:${PROD}:cluster/prod`,
    });
    expect(await prod.describeCluster({ region: REGION, name: 'tools' })).toBeUndefined();
    expect(await sim.describeCluster({ region: REGION, name: 'prod' })).toBeUndefined();
    expect((await prod.getRole('pods'))?.arn).toBe(podsRoleIn(PROD));
  });

  it('refuses as STS does: a wrong or missing external id, a trust that does not name the caller, a role that does not exist', async () => {
    const { sim } = setup();
    const denied = (roleArn: string) =>
      `User: ${CI_ROLE} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`;
    for (const role of [
      { ...prodRole, externalId: 'guess' },
      { roleArn: roleIn(PROD), sessionName: 'fargatekeeper' },
      { roleArn: `arn:aws:iam::${PROD}:role/missing`, sessionName: 'fargatekeeper' },
      { roleArn: roleIn('444444444444'), sessionName: 'fargatekeeper' },
    ]) {
      await expect(sim.assumeRole(role)).rejects.toMatchObject({
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
        message: denied(role.roleArn),
      });
    }
    // The whole base account is trusted by staging's role: the CI role may assume it without an external id.
    await expect(sim.assumeRole(stagingRole)).resolves.toMatchObject({ accessKeyId: expect.stringMatching(/^ASIA/) });
    await expect(sim.assumeRole({ ...stagingRole, sessionName: 'two words' })).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining("Value 'two words' at 'roleSessionName'"),
    });
  });

  it('a refused AssumeRole is the error of every call of the assumed account, and no call reaches its service', async () => {
    const { sim } = setup();
    const intruder = sim.assumedRole({ ...prodRole, externalId: 'guess' });
    await expect(intruder.listFargateProfiles({ region: REGION, name: 'prod' })).rejects.toMatchObject({
      name: 'AccessDenied',
    });
    expect(sim.calls.ListFargateProfiles).toBeUndefined();
    expect(sim.calls.AssumeRole).toBe(1);
  });

  it('assumes once for concurrent callers, and again five minutes before the credentials expire', async () => {
    const clock = new VirtualClock({ start: T0 });
    const sim = SimulatedAccount.fromJSON(fleetState(), { clock, latencyMs: 20 });
    const prod = sim.assumedRole(prodRole);
    const ref = { region: REGION, name: 'prod' };
    await Promise.all([
      prod.describeCluster(ref),
      prod.listFargateProfiles(ref),
      prod.getAccountId(),
      prod.getRole('pods'),
    ]);
    expect(sim.calls.AssumeRole).toBe(1);
    expect(clock.now() - T0).toBe(40); // AssumeRole, then the four calls side by side
    await clock.sleep(54 * 60_000); // 54 minutes on: still fresh
    await prod.getAccountId();
    expect(sim.calls.AssumeRole).toBe(1);
    await clock.sleep(2 * 60_000); // 56 minutes: within five minutes of the expiry
    await expect(prod.getAccountId()).resolves.toBe(PROD);
    expect(sim.calls.AssumeRole).toBe(2);
  });

  it('refuses a call that arrives with expired credentials (ExpiredTokenException from EKS)', async () => {
    const clock = new VirtualClock({ start: T0 });
    const sim = SimulatedAccount.fromJSON(fleetState(), { clock, latencyMs: 20 });
    const prod = sim.assumedRole(prodRole, { refreshMs: 0 });
    await prod.getAccountId();
    // Issued at +20 ms (after its latency), so at +3600010 they have 10 ms left: kept, and expired when the call lands.
    await clock.sleep(3600_000 - 30);
    await expect(prod.describeCluster({ region: REGION, name: 'prod' })).rejects.toMatchObject({
      name: 'ExpiredTokenException',
      message: 'The security token included in the request is expired',
    });
    expect(sim.calls.AssumeRole).toBe(1);
  });

  it('keeps what an assumed account changes in its part of the file, and reads the file back', async () => {
    const { clock, sim } = setup();
    const prod = sim.assumedRole(prodRole);
    await prod.createRole({ name: 'made-in-prod', assumeRolePolicy: { Statement: [] }, tags: {} });
    await clock.advance(1);
    const saved = sim.toJSON();
    expect(saved.principalArn).toBe(CI_ROLE);
    expect(saved.roles.map(r => r.name)).toEqual(['pods']);
    expect(saved.accounts?.find(a => a.accountId === PROD)?.roles.map(r => r.name)).toEqual([
      'fargatekeeper',
      'made-in-prod',
      'pods',
    ]);
    const reread = SimulatedAccount.fromJSON(JSON.parse(JSON.stringify(saved)));
    expect(reread.toJSON()).toEqual(saved);
  });

  it('reads a file without accounts as before (one account, no principal)', () => {
    const state = simState();
    const sim = SimulatedAccount.fromJSON(state);
    expect(sim.toJSON()).not.toHaveProperty('accounts');
    expect(sim.toJSON()).not.toHaveProperty('principalArn');
  });

  it('checks the accounts of a file: ids, duplicates, the principal', () => {
    const problem = (patch: Record<string, unknown>) => {
      try {
        checkSimState({ ...fleetState(), ...patch });
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(problem({})).toBeUndefined();
    expect(problem({ accounts: [{ ...fleetState().accounts![0]!, accountId: BASE }] })).toBe(
      '$.accounts[0].accountId: account 111111111111 is already defined at $.accountId',
    );
    expect(problem({ accounts: [{ accountId: '12', clusters: [], vpcs: [], roles: [] }] })).toBe(
      '$.accounts[0].accountId: expected a 12-digit account id',
    );
    expect(problem({ accounts: [{ accountId: PROD, clusters: [], vpcs: [], roles: [], region: REGION }] })).toMatch(
      /^\$\.accounts\[0\]\.region: unknown field/,
    );
    expect(problem({ principalArn: `arn:aws:iam::${PROD}:role/ci` })).toBe(
      '$.principalArn: expected a principal of the base account 111111111111, not of 222222222222',
    );
    expect(problem({ principalArn: 'ci' })).toMatch(/^\$\.principalArn: expected an IAM user or role ARN/);
    const twoClusters = fleetState();
    twoClusters.accounts![1]!.clusters.push({ ...twoClusters.accounts![1]!.clusters[0]! });
    expect(problem(twoClusters as unknown as Record<string, unknown>)).toBe(
      '$.accounts[1].clusters[1].name: cluster staging (eu-west-1) is already defined at $.accounts[1].clusters[0].name',
    );
  });
});
