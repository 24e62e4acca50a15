import { sortDiagnostics, type Diagnostic } from '../diagnostics';
import { byString } from '../order';
import { DEFAULT_MAX_FILE_BYTES } from '../spec/limits';
import { specFileParser } from '../spec/parse';
import type { FailedSpec, ParseOptions, ParseResult, SpecFile } from '../spec/types';
import { readSpecFile } from './specFile';
import { listSpecFolder, SpecFolderError, type SpecListing } from './specFolder';

export { SpecFolderError } from './specFolder';

/** How much of the disk a run may read. */
export interface ReadOptions {
  /** Largest spec file read, in bytes (default 4 MiB); a larger one is an error and not read. */
  maxFileBytes?: number;
}

/** Options of `loadSpecs`: the parser's (`maxSpecs`, default 50,000 documents per run) and the reader's. */
export type LoadOptions = ParseOptions & ReadOptions;

export interface SpecFolder {
  files: SpecFile[];
  /** Spec files that were not read (unreadable, too large, not UTF-8, links that are broken or leave the folder): failed specs of no document. */
  unreadable: FailedSpec[];
  /** Entries passed over (FIFOs, devices), and a warning when the folder holds no spec file at all. */
  diagnostics: Diagnostic[];
}

/** Every spec file under `dir` as `listSpecFolder` finds them, read; throws on the first one that cannot be. */
export async function readSpecFolder(dir: string, options: ReadOptions = {}): Promise<SpecFile[]> {
  const { files, unreadable } = await readSpecFolderReporting(dir, options);
  const first = unreadable[0];
  if (first) throw new SpecFolderError(`${first.file}: ${first.diagnostics.map(d => d.message).join('; ')}`, dir);
  return files;
}

export async function readSpecFolderReporting(dir: string, options: ReadOptions = {}): Promise<SpecFolder> {
  const listing = await listSpecFolder(dir);
  const files: SpecFile[] = [];
  const unreadable = [...listing.failed];
  for (const found of listing.files) {
    const read = await readSpecFile(found, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
    if ('content' in read) files.push(read);
    else unreadable.push(read);
  }
  return { files, unreadable: unreadable.sort(byFile), diagnostics: listing.diagnostics };
}

/**
 * Reads and parses a specs folder. A folder that cannot be read becomes an error diagnostic, not an
 * exception, and a failed entry for the folder: it may hold any spec of any cluster.
 */
export async function loadSpecs(dir: string, options: LoadOptions = {}): Promise<ParseResult> {
  let listing: SpecListing;
  try {
    listing = await listSpecFolder(dir);
  } catch (error) {
    const hint = error instanceof SpecFolderError ? error.hint : undefined;
    const message =
      error instanceof SpecFolderError ? error.message : `cannot read specs folder \`${dir}\`: ${reason(error)}`;
    const diagnostic: Diagnostic = {
      severity: 'error',
      code: 'spec.folder-missing',
      message,
      ...(hint ? { hint } : {}),
    };
    return {
      specs: [],
      clusters: [],
      failed: [{ file: dir, diagnostics: [diagnostic] }],
      skipped: [],
      diagnostics: [diagnostic],
    };
  }
  // Read and parse one file at a time: no more than one file's text is held, and reading stops at `maxSpecs`.
  const parser = specFileParser(options);
  const unreadable = [...listing.failed];
  for (const found of listing.files) {
    const read = await readSpecFile(found, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
    if (!('content' in read)) unreadable.push(read);
    else if (!parser.parse(read)) break;
  }
  const parsed = parser.result();
  return {
    ...parsed,
    failed: [...unreadable, ...parsed.failed].sort(byFileAndDocument),
    diagnostics: sortDiagnostics([
      ...unreadable.flatMap(f => f.diagnostics),
      ...listing.diagnostics,
      ...parsed.diagnostics,
    ]),
  };
}

const byFile = (a: FailedSpec, b: FailedSpec): number => byString(a.file, b.file);

const byFileAndDocument = (a: FailedSpec, b: FailedSpec): number =>
  byString(a.file, b.file) || (a.document ?? -1) - (b.document ?? -1);

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));
