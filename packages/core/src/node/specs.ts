import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { sortDiagnostics, type Diagnostic } from '../diagnostics';
import { byString } from '../order';
import { parseSpecFiles } from '../spec/parse';
import type { FailedSpec, ParseOptions, ParseResult, SpecFile } from '../spec/types';

const specFile = /\.ya?ml$/i;

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

export interface SpecFolder {
  files: SpecFile[];
  /** Spec files that could not be read (or broken symbolic links): failed specs of no document. */
  unreadable: FailedSpec[];
  /** A warning when the folder holds no spec file at all. */
  diagnostics: Diagnostic[];
}

/**
 * Every `*.yaml` / `*.yml` under `dir`, recursively, sorted by path, with paths as the user gave the
 * folder (`examples/specs/payments.yaml`). Symlinks are followed, each real folder once (no loops);
 * names starting with `.` (`.git`, editor backups) are passed over. `dir` may also be a single file.
 */
export async function readSpecFolder(dir: string): Promise<SpecFile[]> {
  const { files, unreadable } = await readSpecFolderReporting(dir);
  const first = unreadable[0];
  if (first) throw new SpecFolderError(`${first.file}: ${first.diagnostics.map(d => d.message).join('; ')}`, dir);
  return files;
}

export async function readSpecFolderReporting(dir: string): Promise<SpecFolder> {
  const root = await stat(dir).catch(() => undefined);
  if (!root) {
    throw new SpecFolderError(`specs folder \`${dir}\` does not exist`, dir, 'pass the folder that holds the specs with `--specs DIR`');
  }
  const unreadable: FailedSpec[] = [];
  const paths = root.isDirectory() ? await collect(dir, new Set(), unreadable) : [dir];
  paths.sort(byString);
  const files: SpecFile[] = [];
  for (const file of paths) {
    try {
      files.push({ path: file, content: (await readFile(file, 'utf8')).replace(/^\uFEFF/, '') });
    } catch (error) {
      unreadable.push(unreadableFile(file, `cannot read the file: ${reason(error)}`));
    }
  }
  const diagnostics: Diagnostic[] = [];
  if (paths.length === 0) {
    diagnostics.push({
      severity: 'warning',
      code: 'spec.no-files',
      message: `no \`*.yaml\` or \`*.yml\` file under \`${dir}\``,
      hint: 'with no specs, every profile fargatekeeper manages in the clusters would be planned for deletion',
    });
  }
  return { files, unreadable: unreadable.sort((a, b) => byString(a.file, b.file)), diagnostics };
}

/** A spec file that could not be read: it may hold any spec of any cluster. */
const unreadableFile = (file: string, message: string): FailedSpec => ({
  file,
  diagnostics: [{ severity: 'error', code: 'spec.unreadable', message, source: { file, line: 1, column: 1 } }],
});

async function collect(dir: string, visited: Set<string>, unreadable: FailedSpec[]): Promise<string[]> {
  const real = await realpath(dir);
  if (visited.has(real)) return [];
  visited.add(real);
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await stat(full).catch(() => undefined);
      if (!target) {
        if (specFile.test(entry.name)) unreadable.push(unreadableFile(full, 'broken symbolic link'));
        continue;
      }
      isDirectory = target.isDirectory();
      isFile = target.isFile();
    }
    if (isDirectory) found.push(...(await collect(full, visited, unreadable)));
    else if (isFile && specFile.test(entry.name)) found.push(full);
  }
  return found;
}

/**
 * Reads and parses a specs folder. A folder that cannot be read becomes an error diagnostic, not an
 * exception, and a failed entry for the folder: it may hold any spec of any cluster.
 */
export async function loadSpecs(dir: string, options: ParseOptions = {}): Promise<ParseResult> {
  let folder: SpecFolder;
  try {
    folder = await readSpecFolderReporting(dir);
  } catch (error) {
    const hint = error instanceof SpecFolderError ? error.hint : undefined;
    const message = error instanceof SpecFolderError ? error.message : `cannot read specs folder \`${dir}\`: ${reason(error)}`;
    const diagnostic: Diagnostic = { severity: 'error', code: 'spec.folder-missing', message, ...(hint ? { hint } : {}) };
    return { specs: [], failed: [{ file: dir, diagnostics: [diagnostic] }], skipped: [], diagnostics: [diagnostic] };
  }
  const parsed = parseSpecFiles(folder.files, options);
  return {
    ...parsed,
    failed: [...folder.unreadable, ...parsed.failed].sort(byFileAndDocument),
    diagnostics: sortDiagnostics([...folder.unreadable.flatMap(f => f.diagnostics), ...folder.diagnostics, ...parsed.diagnostics]),
  };
}

const byFileAndDocument = (a: FailedSpec, b: FailedSpec): number => byString(a.file, b.file) || (a.document ?? -1) - (b.document ?? -1);

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));
