/*
 * The browser test's screenshots. The committed ones in docs/images/ (the README shows them) are the
 * reference: a run writes its own to a temporary folder and compares them, so `npm test` leaves the
 * working tree as it was. `UPDATE_SCREENSHOTS=1 npm run e2e` writes them over the committed ones.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Playwright's own image comparator (what its `toHaveScreenshot` uses): pixelmatch, which leaves out
 * anti-aliased pixels, with a per-pixel colour threshold, and a number of differing pixels allowed.
 * playwright-core exports it without types.
 */
type CompareImages = (
  actual: Buffer,
  expected: Buffer,
  options: { threshold: number; maxDiffPixels: number },
) => { errorMessage: string; diff?: Buffer } | null;
const { getComparator } = require('playwright-core/lib/coreBundle').utils as {
  getComparator(mimeType: 'image/png'): CompareImages;
};

const comparePng = getComparator('image/png');

/**
 * How different a picture may be. Playwright's default colour threshold (0.2 of the YIQ range per
 * pixel) absorbs sub-pixel rendering noise; no pixel beyond it may differ, because the pages are
 * rendered from fixed data with a stopped clock, and the smallest real change (a digit of a
 * profile's hash, a box instead of an emoji) is a few dozen such pixels.
 */
export const SCREENSHOT_TOLERANCE = { threshold: 0.2, maxDiffPixels: 0 };

export class Screenshots {
  /** Where this run's pictures go (and, for a mismatch, the picture of the difference). */
  readonly folder: string;
  private mismatches = 0;

  constructor(
    readonly committed: string,
    readonly update = process.env.UPDATE_SCREENSHOTS === '1',
  ) {
    this.folder = update ? committed : mkdtempSync(join(tmpdir(), 'fargate-e2e-screenshots-'));
  }

  /** Removes the temporary folder unless a picture in it differs (it is named in that failure). */
  cleanUp(): void {
    if (!this.update && this.mismatches === 0) rmSync(this.folder, { recursive: true, force: true });
  }

  /**
   * Takes a picture (by a callback that writes it to the path it is given) and, unless updating,
   * fails when it differs from the committed one, naming both files and the picture of the difference.
   */
  async take(name: string, shoot: (path: string) => Promise<unknown>): Promise<void> {
    const taken = resolve(this.folder, name);
    await shoot(taken);
    if (this.update) return;
    const reference = resolve(this.committed, name);
    const mismatch = existsSync(reference)
      ? comparePng(readFileSync(taken), readFileSync(reference), SCREENSHOT_TOLERANCE)
      : { errorMessage: 'nothing is committed to compare it with.' };
    if (!mismatch) return;
    this.mismatches++;
    const diff = taken.replace(/\.png$/, '.diff.png');
    if (mismatch.diff) writeFileSync(diff, mismatch.diff);
    const lines = [
      `screenshot ${name} differs from the committed one: ${mismatch.errorMessage}`,
      `  taken: ${taken}`,
      `  committed: ${reference}`,
      ...(mismatch.diff ? [`  difference: ${diff}`] : []),
      `  if the change is meant, run \`UPDATE_SCREENSHOTS=1 npm run e2e\` and commit ${reference}`,
    ];
    throw new Error(lines.join('\n'));
  }
}
