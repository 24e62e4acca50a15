import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLUSTER, paymentsProfile, simState } from '../account/sim/__fixtures__/simState';
import { VirtualClock } from '../account/sim/VirtualClock';
import { systemClock } from '../clock';
import { awsRegion, NoAwsRegionError, openAccount, simulatedRegion } from './openAccount';
import { SimFileError } from './simFile';
import { SimFileLockedError } from './simLock';
import type { SimState } from '../account/sim/state';
import type { Operation } from '../plan/types';

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

    await opened.account.createFargateProfile(paymentsProfile({ clientRequestToken: 'tok-1' }));
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
    await expect(openAccount({ kind: 'aws' }, { AWS_DEFAULT_REGION: 'ap-southeast-2' })).resolves.toMatchObject({
      region: 'ap-southeast-2',
    });
    await expect(openAccount({ kind: 'aws', region: 'eu-central-1' }, elsewhere)).resolves.toMatchObject({
      region: 'eu-central-1',
      account: { region: 'eu-central-1' },
    });
  });

  it('hands the call policy to the AWS account (default: 30 s per attempt, 3 attempts)', async () => {
    const opened = await openAccount({ kind: 'aws', callPolicy: { timeoutMs: 5000, attempts: 2 } }, elsewhere);
    expect(opened).toMatchObject({ account: { callPolicy: { timeoutMs: 5000, attempts: 2 } } });
    await expect(openAccount({ kind: 'aws' }, elsewhere)).resolves.toMatchObject({
      account: { callPolicy: { timeoutMs: 30_000, attempts: 3 } },
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

describe('openAccount for a run that writes the simulated account (apply)', () => {
  it('takes the lock before reading the file and lets go on unlock', async () => {
    const file = await simFile();
    const opened = await openAccount({ kind: 'simulated', file, lock: { waitMs: 0 } }, {});
    if (opened.kind !== 'simulated') throw new Error('expected a simulated account');
    expect(await readFile(`${file}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    await expect(openAccount({ kind: 'simulated', file, lock: { waitMs: 0 } }, {})).rejects.toThrow(
      new SimFileLockedError(file, process.pid),
    );
    // Readers (plan) take no lock.
    await expect(openAccount({ kind: 'simulated', file }, {})).resolves.toMatchObject({ kind: 'simulated' });
    opened.unlock();
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('lets go of the lock when the file cannot be read', async () => {
    const file = await simFile();
    await writeFile(file, '{ not json');
    await expect(openAccount({ kind: 'simulated', file, lock: { waitMs: 0 } }, {})).rejects.toThrow(SimFileError);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('saves the account after each completed step, and only then', async () => {
    const file = await simFile();
    const opened = await openAccount({ kind: 'simulated', file }, {});
    if (opened.kind !== 'simulated') throw new Error('expected a simulated account');
    await opened.account.createFargateProfile(paymentsProfile({ clientRequestToken: 'tok-1' }));
    const operation = { id: 'eu-west-1/prod-eu/create/payments' } as Operation;
    const at = opened.clock.now();
    opened.saveOnStep({
      type: 'waiting',
      at,
      operation,
      step: 'wait-active',
      target: 'ACTIVE',
      status: 'CREATING',
      elapsedMs: 0,
    });
    expect(await readFile(file, 'utf8')).not.toContain('"payments"');
    opened.saveOnStep({
      type: 'step-done',
      at,
      operation,
      step: 'create-profile',
      target: 'prod-eu/payments',
      durationMs: 0,
    });
    const saved = JSON.parse(await readFile(file, 'utf8')) as SimState;
    expect(saved.clusters[0]!.profiles.find(p => p.name === 'payments')?.status).toBe('CREATING');
  });

  it("starts the clock no earlier than the latest creation in the file (an earlier run's clock ran ahead)", async () => {
    const file = await simFile();
    const ahead = Date.now() + 15 * 60_000;
    const state = simState();
    state.roles[0]!.createdAt = new Date(ahead).toISOString();
    await writeFile(file, JSON.stringify(state));
    const opened = await openAccount({ kind: 'simulated', file }, {});
    expect(opened.clock.now()).toBeGreaterThanOrEqual(ahead);
    // A clock given by the front door is left as it is.
    const wall = await openAccount({ kind: 'simulated', file, clock: systemClock }, {});
    expect(wall.clock).toBe(systemClock);
  });
});
