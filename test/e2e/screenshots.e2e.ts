// The screenshot comparison itself, on pictures drawn here: what it lets through and what it refuses.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Screenshots } from './support/screenshots';

const { PNG } = require('playwright-core/lib/utilsBundle') as {
  PNG: { sync: { write(png: object): Buffer }; new (size: { width: number; height: number }): { data: Buffer } };
};

/** A light 100×60 picture with a bar of text-like stripes, and its first `changed` pixels repainted red. */
function picture(changed = 0, size = { width: 100, height: 60 }, paper = 230): Buffer {
  const png = new PNG(size);
  for (let i = 0; i < size.width * size.height; i++) {
    const x = i % size.width;
    const y = Math.floor(i / size.width);
    const ink = y > 20 && y < 30 && x % 3 !== 0 ? 40 : paper;
    const red = i < changed;
    png.data.set(red ? [220, 30, 30, 255] : [ink, ink, ink, 255], i * 4);
  }
  return PNG.sync.write(png);
}

let committed: string;
beforeEach(() => {
  committed = mkdtempSync(join(tmpdir(), 'fargate-screenshots-test-'));
  writeFileSync(join(committed, 'card.png'), picture());
});
afterEach(() => rmSync(committed, { recursive: true, force: true }));

const shootWith = (png: Buffer) => async (path: string) => writeFileSync(path, png);

test('the same picture passes, is taken outside the committed folder, and the folder is removed', async () => {
  const shots = new Screenshots(committed, false);
  await shots.take('card.png', shootWith(picture()));
  expect(shots.folder.startsWith(committed)).toBe(false);
  expect(existsSync(join(shots.folder, 'card.png'))).toBe(true);
  shots.cleanUp();
  expect(existsSync(shots.folder)).toBe(false);
});

test('a shade of difference that rendering noise makes passes', async () => {
  const shots = new Screenshots(committed, false);
  await expect(shots.take('card.png', shootWith(picture(0, undefined, 226)))).resolves.toBeUndefined();
  shots.cleanUp();
});

test('a few changed pixels fail, naming the files and keeping them with the difference', async () => {
  const shots = new Screenshots(committed, false);
  const failure = shots.take('card.png', shootWith(picture(3)));
  await expect(failure).rejects.toThrow(/card\.png differs from the committed one: 3 pixels/);
  await expect(failure).rejects.toThrow(/UPDATE_SCREENSHOTS=1 npm run e2e/);
  shots.cleanUp();
  expect(existsSync(join(shots.folder, 'card.png'))).toBe(true);
  expect(existsSync(join(shots.folder, 'card.diff.png'))).toBe(true);
  rmSync(shots.folder, { recursive: true, force: true });
});

test('another size and a picture with nothing committed fail', async () => {
  const shots = new Screenshots(committed, false);
  await expect(shots.take('card.png', shootWith(picture(0, { width: 100, height: 61 })))).rejects.toThrow(
    /Expected an image 100px by 60px, received 100px by 61px/,
  );
  await expect(shots.take('page.png', shootWith(picture()))).rejects.toThrow(/page\.png .* nothing is committed/);
  rmSync(shots.folder, { recursive: true, force: true });
});

test('UPDATE_SCREENSHOTS writes over the committed picture and compares nothing', async () => {
  const shots = new Screenshots(committed, true);
  await shots.take('card.png', shootWith(picture(500)));
  expect(readFileSync(join(committed, 'card.png'))).toEqual(picture(500));
});
