import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic, writeFileAtomicSync } from './atomicFile';

const folder = () => mkdtempSync(join(tmpdir(), 'fk-atomic-'));

describe.each([
  ['writeFileAtomic', writeFileAtomic],
  ['writeFileAtomicSync', async (file: string, text: string) => writeFileAtomicSync(file, text)],
])('%s', (_name, write) => {
  it('replaces the file with the new text and leaves nothing else in its folder', async () => {
    const dir = folder();
    const file = join(dir, 'sim.json');
    writeFileSync(file, 'old');
    await write(file, '{"new":true}\n');
    expect(readFileSync(file, 'utf8')).toBe('{"new":true}\n');
    await write(file, 'again');
    expect(readFileSync(file, 'utf8')).toBe('again');
    expect(readdirSync(dir)).toEqual(['sim.json']);
  });

  it('fails without touching the file or leaving a temporary one when it cannot be replaced', async () => {
    const dir = folder();
    // A folder in the way: the rename fails after the temporary file was written.
    const file = join(dir, 'taken');
    writeFileSync(join(dir, 'keep'), 'x');
    mkdirSync(file);
    writeFileSync(join(file, 'inside'), 'y');
    await expect(write(file, 'text')).rejects.toThrow();
    expect(readdirSync(dir).sort()).toEqual(['keep', 'taken']);
  });
});
