import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics';
import { parseSpecFiles } from '../spec/parse';
import type { ParseOptions, ParseResult, SpecFile } from '../spec/types';

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
  /** Files that could not be read, and a warning when the folder holds no spec file at all. */
  diagnostics: Diagnostic[];
}

/**
 * Every `*.yaml` / `*.yml` under `dir`, recursively, sorted by path, with paths as the user gave the
 * folder (`examples/specs/payments.yaml`). Symlinks are followed, each real folder once (no loops);
 * names starting with `.` (`.git`, editor backups) are passed over. `dir` may also be a single file.
 */
export async function readSpecFolder(dir: string): Promise<SpecFile[]> {
  const { files, diagnostics } = await readSpecFolderReporting(dir);
  const unreadable = diagnostics.find(d => d.severity === 'error');
  if (unreadable) throw new SpecFolderError(`${unreadable.source?.file ?? dir}: ${unreadable.message}`, dir);
  return files;
}

export async function readSpecFolderReporting(dir: string): Promise<SpecFolder> {
  const root = await stat(dir).catch(() => undefined);
  if (!root) {
    throw new SpecFolderError(`specs folder \`${dir}\` does not exist`, dir, 'pass the folder that holds the specs with `--specs DIR`');
  }
  const diagnostics: Diagnostic[] = [];
  const paths = root.isDirectory() ? await collect(dir, new Set(), diagnostics) : [dir];
  paths.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const files: SpecFile[] = [];
  for (const file of paths) {
    try {
      files.push({ path: file, content: (await readFile(file, 'utf8')).replace(/^\uFEFF/, '') });
    } catch (error) {
      diagnostics.push({ severity: 'error', code: 'spec.unreadable', message: `cannot read the file: ${reason(error)}`, source: { file, line: 1, column: 1 } });
    }
  }
  if (paths.length === 0) {
    diagnostics.push({
      severity: 'warning',
      code: 'spec.no-files',
      message: `no \`*.yaml\` or \`*.yml\` file under \`${dir}\``,
      hint: 'with no specs, every profile fargatekeeper manages in the clusters would be planned for deletion',
    });
  }
  return { files, diagnostics };
}

async function collect(dir: string, visited: Set<string>, diagnostics: Diagnostic[]): Promise<string[]> {
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
        if (specFile.test(entry.name)) {
          diagnostics.push({ severity: 'error', code: 'spec.unreadable', message: 'broken symbolic link', source: { file: full, line: 1, column: 1 } });
        }
        continue;
      }
      isDirectory = target.isDirectory();
      isFile = target.isFile();
    }
    if (isDirectory) found.push(...(await collect(full, visited, diagnostics)));
    else if (isFile && specFile.test(entry.name)) found.push(full);
  }
  return found;
}

/** Reads and parses a specs folder; a missing folder becomes an error diagnostic, not an exception. */
export async function loadSpecs(dir: string, options: ParseOptions = {}): Promise<ParseResult> {
  let folder: SpecFolder;
  try {
    folder = await readSpecFolderReporting(dir);
  } catch (error) {
    const hint = error instanceof SpecFolderError ? error.hint : undefined;
    return {
      specs: [],
      diagnostics: [{ severity: 'error', code: 'spec.folder-missing', message: error instanceof SpecFolderError ? error.message : `cannot read specs folder \`${dir}\`: ${reason(error)}`, ...(hint ? { hint } : {}) }],
    };
  }
  const parsed = parseSpecFiles(folder.files, options);
  return { specs: parsed.specs, diagnostics: [...folder.diagnostics, ...parsed.diagnostics] };
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));
