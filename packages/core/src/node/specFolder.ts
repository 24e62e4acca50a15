import type { Dirent, Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics';
import { byString } from '../order';
import type { FailedSpec } from '../spec/types';
import { failedFile, type FoundFile } from './specFile';

/** YAML specs, and JSON (CloudFormation templates, `terraform show -json`): each format is recognised by its content. */
const specFile = /\.(ya?ml|json)$/i;

/** The specs folder is missing or unreadable: front doors turn this into an error diagnostic. */
export class SpecFolderError extends Error {
  constructor(
    message: string,
    readonly folder: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'SpecFolderError';
  }
}

/** What listing the folder found: spec files to read, links and entries that failed, and notes. */
export interface SpecListing {
  /** Sorted by path. */
  files: FoundFile[];
  /** Broken links and links that leave the folder: failed specs of no document. */
  failed: FailedSpec[];
  /** Entries passed over (FIFOs, sockets, devices), and a warning when there is no spec file at all. */
  diagnostics: Diagnostic[];
}

/**
 * Every `*.yaml` / `*.yml` / `*.json` under `dir`, recursively, with paths as the user gave the folder
 * (`examples/specs/payments.yaml`); `dir` may also be a single file. Nothing outside the folder is
 * read: a symbolic link (to a file or a folder) whose real path leaves it is an error naming the link,
 * and its target is neither read nor walked. Links inside it are followed, each real folder once (no
 * loops). FIFOs, sockets and devices are never opened (opening a FIFO waits for a writer). Names
 * starting with `.` (`.git`, editor backups) are passed over.
 */
export async function listSpecFolder(dir: string): Promise<SpecListing> {
  const root = await stat(dir).catch(() => undefined);
  if (!root) {
    throw new SpecFolderError(
      `specs folder \`${dir}\` does not exist`,
      dir,
      'pass the folder that holds the specs with `--specs DIR`',
    );
  }
  const listing: SpecListing = { files: [], failed: [], diagnostics: [] };
  if (root.isDirectory()) {
    const real = await realpath(dir);
    await walk({ listing, root: real, visited: new Set() }, dir, real);
  } else if (root.isFile()) {
    listing.files.push({ path: dir, real: await realpath(dir) });
  } else {
    throw new SpecFolderError(`\`${dir}\` is ${kindOf(root)}, not a specs folder or a spec file`, dir);
  }
  listing.files.sort((a, b) => byString(a.path, b.path));
  listing.failed.sort((a, b) => byString(a.file, b.file));
  if (listing.files.length === 0) {
    listing.diagnostics.push({
      severity: 'warning',
      code: 'spec.no-files',
      message: `no \`*.yaml\`, \`*.yml\` or \`*.json\` file under \`${dir}\``,
      hint: 'with no specs, every profile fargatekeeper manages in the clusters would be planned for deletion',
    });
  }
  return listing;
}

interface Walk {
  listing: SpecListing;
  /** The real path of the specs folder: every file read lies below it. */
  root: string;
  visited: Set<string>;
}

/** Lists `dir` (shown as given), whose real path `real` lies inside the root. */
async function walk(state: Walk, dir: string, real: string): Promise<void> {
  if (state.visited.has(real)) return;
  state.visited.add(real);
  // In name order, so that of two ways to one real folder the same one is always taken.
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => byString(a.name, b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    const target = entry.isSymbolicLink()
      ? await linkTarget(state, full, entry)
      : { real: path.join(real, entry.name), kind: entry };
    if (!target) continue;
    if (target.kind.isDirectory()) await walk(state, full, target.real);
    else if (!specFile.test(entry.name)) continue;
    else if (target.kind.isFile()) state.listing.files.push({ path: full, real: target.real });
    else state.listing.diagnostics.push(passedOver(full, kindOf(target.kind)));
  }
}

/** Where a link leads when that lies inside the root; otherwise a failed entry (when it matters) and nothing. */
async function linkTarget(
  state: Walk,
  link: string,
  entry: Dirent,
): Promise<{ real: string; kind: Stats } | undefined> {
  const real = await realpath(link).catch(() => undefined);
  const kind = real === undefined ? undefined : await stat(real).catch(() => undefined);
  if (real === undefined || kind === undefined) {
    if (specFile.test(entry.name))
      state.listing.failed.push(failedFile(link, 'spec.unreadable', 'broken symbolic link'));
    return undefined;
  }
  if (!inside(state.root, real)) {
    // Only its kind was looked at, so that a link to a file that is no spec stays unreported.
    if (kind.isDirectory() || specFile.test(entry.name)) {
      state.listing.failed.push(
        failedFile(
          link,
          'spec.link-outside',
          `\`${link}\` is a symbolic link to a place outside the specs folder: not read`,
        ),
      );
    }
    return undefined;
  }
  return { real, kind };
}

const inside = (root: string, real: string): boolean => {
  const relative = path.relative(root, real);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
};

const passedOver = (file: string, kind: string): Diagnostic => ({
  severity: 'info',
  code: 'spec.not-a-file',
  message: `passed over: ${kind}, not a regular file`,
  source: { file, line: 1, column: 1 },
});

function kindOf(entry: Dirent | Stats): string {
  if (entry.isFIFO()) return 'a named pipe (FIFO)';
  if (entry.isSocket()) return 'a socket';
  if (entry.isCharacterDevice() || entry.isBlockDevice()) return 'a device';
  if (entry.isDirectory()) return 'a folder';
  return 'something else';
}
