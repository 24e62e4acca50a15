import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLUSTER, ROLE_ARN, simState } from '../account/sim/__fixtures__/simState';
import { VirtualClock } from '../account/sim/VirtualClock';
import { systemClock } from '../clock';
import { awsRegion, NoAwsRegionError, openAccount, simulatedRegion } from './openAccount';
import { SimFileError } from './simFile';

// Counts loads of the SDK adapter: a run on a simulated account must never load it.
let mockAwsLoads = 0;
jest.mock('@fargatekeeper/core/aws', () => {
  mockAwsLoads++;
  return jest.requireActual('@fargatekeeper/core/aws');
});

/** The region of the fixture account is eu-west-1; the environment points elsewhere. */
const elsewhere = { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'ap-southeast-2' };

async function simFile(): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'fk-open-')), 'account.json');
  await writeFile(file, JSON.stringify(simState()));
  return file;
}

describe('the region rule', () => {
  it('for AWS: the explicit region, else AWS_REGION, else AWS_DEFAULT_REGION, else none', () => {
    expect(awsRegion('eu-central-1', elsewhere)).toBe('eu-central-1');
    expect(awsRegion(undefined, elsewhere)).toBe('us-east-1');
    expect(awsRegion('', elsewhere)).toBe('us-east-1');
    expect(awsRegion(undefined, { AWS_REGION: '', AWS_DEFAULT_REGION: 'ap-southeast-2' })).toBe('ap-southeast-2');
    expect(awsRegion(undefined, {})).toBeUndefined();
  });

  it('for a simulated account: the explicit region, else its own, whatever the environment says', () => {
    expect(simulatedRegion('us-west-2', { region: 'eu-west-1' })).toBe('us-west-2');
    expect(simulatedRegion(undefined, { region: 'eu-west-1' })).toBe('eu-west-1');
    expect(simulatedRegion('', { region: 'eu-west-1' })).toBe('eu-west-1');
  });
});

describe('openAccount', () => {
  it('opens a simulated account in its own region, not AWS_REGION or AWS_DEFAULT_REGION', async () => {
    const file = await simFile();
    const opened = await openAccount({ kind: 'simulated', file }, elsewhere);
    expect(opened).toMatchObject({ kind: 'simulated', region: 'eu-west-1', file });
    const explicit = await openAccount({ kind: 'simulated', file, region: 'us-west-2' }, elsewhere);
    expect(explicit.region).toBe('us-west-2');
  });

  it('runs a simulated account on a clock that starts now and runs ahead over waits, and saves it back', async () => {
    const file = await simFile();
    const before = Date.now();
    const opened = await openAccount({ kind: 'simulated', file }, {});
    if (opened.kind !== 'simulated') throw new Error('expected a simulated account');
    expect(opened.clock).toBeInstanceOf(VirtualClock);
    expect(opened.account.clock).toBe(opened.clock);
    expect(opened.clock.now()).toBeGreaterThanOrEqual(before);
    expect(opened.clock.now()).toBeLessThanOrEqual(Date.now());

    await opened.account.createFargateProfile({
      cluster: CLUSTER,
      name: 'payments',
      podExecutionRoleArn: ROLE_ARN,
      subnets: ['subnet-a'],
      selectors: [{ namespace: 'payments', labels: {} }],
      tags: {},
      clientRequestToken: 'tok-1',
    });
    // A 90-second create: waiting for it takes no real time.
    const started = performance.now();
    const start = opened.clock.now();
    await opened.clock.sleep(90_000);
    expect(opened.clock.now() - start).toBe(90_000);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect((await opened.account.describeFargateProfile(CLUSTER, 'payments'))?.status).toBe('ACTIVE');

    await opened.save();
    expect(await readFile(file, 'utf8')).toContain('"name": "payments"');
  });

  it('names the file when it cannot be used', async () => {
    const file = join(tmpdir(), 'fk-open-missing', 'account.json');
    await expect(openAccount({ kind: 'simulated', file }, {})).rejects.toThrow(SimFileError);
  });

  it('opens AWS in the explicit region, else AWS_REGION, else AWS_DEFAULT_REGION, on real time', async () => {
    const env = await openAccount({ kind: 'aws' }, elsewhere);
    expect(env).toMatchObject({ kind: 'aws', region: 'us-east-1', account: { region: 'us-east-1' } });
    expect(env.clock).toBe(systemClock);
    await expect(openAccount({ kind: 'aws' }, { AWS_DEFAULT_REGION: 'ap-southeast-2' })).resolves.toMatchObject({ region: 'ap-southeast-2' });
    await expect(openAccount({ kind: 'aws', region: 'eu-central-1' }, elsewhere)).resolves.toMatchObject({
      region: 'eu-central-1',
      account: { region: 'eu-central-1' },
    });
  });

  it('refuses AWS without any region', async () => {
    await expect(openAccount({ kind: 'aws' }, {})).rejects.toThrow(NoAwsRegionError);
  });

  it('loads the SDK adapter only for AWS', async () => {
    jest.resetModules();
    mockAwsLoads = 0;
    const { openAccount: open } = jest.requireActual<typeof import('./openAccount')>('./openAccount');
    await open({ kind: 'simulated', file: await simFile() }, elsewhere);
    expect(mockAwsLoads).toBe(0);
    await open({ kind: 'aws' }, elsewhere);
    expect(mockAwsLoads).toBe(1);
  });
});
