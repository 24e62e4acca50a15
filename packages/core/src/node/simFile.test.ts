import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../account/sim/VirtualClock';
import { simState, CLUSTER, paymentsProfile } from '../account/sim/__fixtures__/simState';
import { SimulatedAccount } from '../account/sim/SimulatedAccount';
import { loadSimulatedAccount, saveSimulatedAccount, SimFileError } from './simFile';

async function tempFile(content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fk-sim-'));
  const file = join(dir, 'account.json');
  await writeFile(file, content);
  return file;
}

describe('simulated account files', () => {
  it('saves and loads back the same state, in-flight transitions included', async () => {
    const clock = new VirtualClock({ start: Date.parse('2026-01-01T00:00:00Z'), autoAdvance: false });
    const sim = SimulatedAccount.fromJSON(simState(), { clock });
    await sim.createFargateProfile(paymentsProfile({ tags: { b: '2', a: '1' }, clientRequestToken: 'tok-1' }));
    const file = await tempFile('{}');
    await saveSimulatedAccount(file, sim);
    const text = await readFile(file, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain(
      '"transition": {\n            "to": "ACTIVE",\n            "at": "2026-01-01T00:01:30.000Z"',
    );
    expect(text.indexOf('"a": "1"')).toBeLessThan(text.indexOf('"b": "2"'));

    // A second process, later in time: the profile has become ACTIVE meanwhile.
    const later = new VirtualClock({ start: Date.parse('2026-01-01T00:01:30Z'), autoAdvance: false });
    const again = await loadSimulatedAccount(file, { clock: later });
    expect((await again.describeFargateProfile(CLUSTER, 'payments'))?.status).toBe('ACTIVE');

    // Saving unchanged state twice gives the same bytes.
    const reload = await loadSimulatedAccount(file, { clock });
    await saveSimulatedAccount(file, reload);
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('names the file and line of a malformed field', async () => {
    const state = simState();
    const text = JSON.stringify(state, null, 2).replace('"status": "ACTIVE"', '"status": "RUNNING"');
    const file = await tempFile(text);
    const error = (await loadSimulatedAccount(file).catch((e: unknown) => e)) as SimFileError;
    expect(error).toBeInstanceOf(SimFileError);
    const line = text.split('\n').findIndex(l => l.includes('"RUNNING"')) + 1;
    expect(error.message).toBe(
      `${file}:${line}: clusters[0].status: expected one of CREATING, ACTIVE, DELETING, FAILED, UPDATING, PENDING`,
    );
  });

  it('names the file and line of a JSON syntax error', async () => {
    const file = await tempFile('{\n  "accountId": "123456789012",\n  "region": eu-west-1\n}\n');
    const error = (await loadSimulatedAccount(file).catch((e: unknown) => e)) as SimFileError;
    expect(error).toBeInstanceOf(SimFileError);
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^.*account\.json:3: not valid JSON: /);
  });

  it('reports a missing file clearly', async () => {
    await expect(loadSimulatedAccount('/nonexistent/sim.json')).rejects.toThrow(
      /^\/nonexistent\/sim\.json: cannot read the simulated account: ENOENT/,
    );
  });
});
