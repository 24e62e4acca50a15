import { isMap, isScalar, LineCounter, parseAllDocuments, type Document } from 'yaml';
import { sortDiagnostics, type Diagnostic, type SourcePosition } from '../diagnostics';
import { formats, type FormatReader } from './formats';
import { keySuffix } from './paths';
import { locator } from './positions';
import { checkShape, invalid, positionOf, type ShapeContext } from './shape';
import { closest, quoteList } from './suggest';
import type { ParseOptions, ParseResult, ProfileSpec, SpecFile, SpecSource } from './types';

/**
 * Reads every document of every file into `ProfileSpec`s, whatever their format, and reports every
 * problem of every file in one pass, each with file, line, column and field path. A document with
 * any error yields no spec (a half-read spec could plan the deletion of what it failed to say).
 */
export function parseSpecFiles(files: readonly SpecFile[], options: ParseOptions = {}): ParseResult {
  const specs: ProfileSpec[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const result = parseSpecFile(file, options);
    specs.push(...result.specs);
    diagnostics.push(...result.diagnostics);
  }
  return { specs, diagnostics: sortDiagnostics(diagnostics) };
}

export function parseSpecFile(file: SpecFile, options: ParseOptions = {}): ParseResult {
  const lineCounter = new LineCounter();
  const locate = locator(file.path, lineCounter);
  const documents = parseAllDocuments(file.content, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const specs: ProfileSpec[] = [];
  const diagnostics: Diagnostic[] = [];
  let nonEmpty = 0;
  documents.forEach((document, index) => {
    if (isEmpty(document) && document.errors.length === 0) return;
    nonEmpty++;
    const result = readDocument(document, index, file.path, locate, options);
    if (result.spec) specs.push(result.spec);
    diagnostics.push(...result.diagnostics);
  });
  if (nonEmpty === 0) {
    diagnostics.push({
      severity: 'warning',
      code: 'spec.empty-file',
      message: 'no spec in this file',
      source: { file: file.path, line: 1, column: 1 },
      hint: 'remove the file, or add a `FargateProfile` document',
    });
  }
  return { specs, diagnostics };
}

const isEmpty = (document: Document.Parsed): boolean =>
  document.contents == null || (isScalar(document.contents) && document.contents.value == null);

interface DocumentResult {
  spec?: ProfileSpec;
  diagnostics: Diagnostic[];
}

function readDocument(
  document: Document.Parsed,
  index: number,
  file: string,
  locate: (offset: number) => SourcePosition,
  options: ParseOptions,
): DocumentResult {
  const diagnostics: Diagnostic[] = [];
  const ctx: ShapeContext = { document, locate, diagnostics, fields: {}, ignored: [] };
  if (document.errors.length > 0) return { diagnostics: syntaxErrors(document, locate) };
  for (const warning of document.warnings) {
    diagnostics.push({ severity: 'warning', code: 'spec.yaml-warning', message: warning.message, source: locate(warning.pos[0]) });
  }
  const start = positionOf(document.contents, ctx) ?? { file, line: 1, column: 1 };
  if (!isMap(document.contents)) {
    diagnostics.push({
      severity: 'error',
      code: 'spec.not-a-mapping',
      message: `document ${index + 1} is not a mapping`,
      source: start,
      hint: 'a spec starts with `apiVersion:` and `kind:`',
    });
    return { diagnostics };
  }
  const format = recognise(document, ctx, start);
  if (!format) return { diagnostics: diagnostics.map(aboutSpec(metadataNameOf(document, diagnostics))) };
  const plain = safeToJS(document);
  const skipped = format.skip?.(plain);
  if (skipped) {
    diagnostics.push({ ...skipped, source: nodePosition(document, ['spec', 'provisioner'], ctx) ?? start });
    return { diagnostics };
  }
  const value = checkShape(document.contents, format.schema, '', ctx);
  const name = metadataNameOf(document, diagnostics);
  const cluster = format.clusterPath ? unambiguous(plain, format.clusterPath, diagnostics) : options.defaultCluster;
  const about = aboutSpec(name, cluster);
  if (ctx.ignored.length > 0) {
    diagnostics.push({
      severity: 'info',
      code: 'spec.ignored-fields',
      message: `ignored: ${quoteList(ctx.ignored)} (no meaning for a Fargate profile managed by fargatekeeper)`,
      source: ctx.fields[ctx.ignored[0]!] ?? start,
      path: ctx.ignored[0],
    });
  }
  if (value === invalid) return { diagnostics: diagnostics.map(about) };
  const mapped = format.toSpec(value, options);
  if (Array.isArray(mapped)) {
    const at = (path?: string) => (path ? (ctx.fields[path + keySuffix] ?? ctx.fields[path]) : undefined);
    const placed = mapped.map(d => ({ ...d, source: d.source ?? at(d.path) ?? start }));
    return { diagnostics: [...diagnostics, ...placed].map(about) };
  }
  const source: SpecSource = { ...start, format: format.format, document: index, fields: modelFields(ctx.fields, format) };
  return { spec: { ...mapped, source }, diagnostics: diagnostics.map(about) };
}

/** Finds the format of a document by `apiVersion` and `kind`, or explains why there is none. */
function recognise(document: Document.Parsed, ctx: ShapeContext, start: SourcePosition): FormatReader | undefined {
  // Numbers and booleans are compared as written, so `apiVersion: 1` reads as an unknown version.
  const text = (value: unknown): string | undefined => (value == null || value === '' ? undefined : String(value));
  const apiVersion = text(document.get('apiVersion'));
  const kind = text(document.get('kind'));
  const format = formats.find(f => f.apiVersion === apiVersion && f.kind === kind);
  if (format) return format;
  const known = formats.map(f => `\`${f.apiVersion}\` \`${f.kind}\``).join(', ');
  const error = (path: string, message: string, hint: string): undefined => {
    ctx.diagnostics.push({ severity: 'error', code: 'spec.unknown-kind', message, path, source: nodePosition(document, [path], ctx) ?? start, hint });
    return undefined;
  };
  if (apiVersion === undefined) {
    ctx.diagnostics.push({
      severity: 'error',
      code: 'spec.missing-field',
      message: 'missing required field `apiVersion`',
      path: 'apiVersion',
      source: start,
      hint: `fargatekeeper reads ${known}`,
    });
    return undefined;
  }
  const sameApi = formats.filter(f => f.apiVersion === apiVersion);
  if (sameApi.length > 0) {
    const kinds = sameApi.map(f => f.kind);
    if (kind === undefined) {
      return error('kind', `missing \`kind\` for \`${apiVersion}\``, `write \`kind: ${kinds[0]}\``);
    }
    const near = closest(kind, kinds);
    return error('kind', `\`${apiVersion}\` has no kind \`${kind}\``, near ? `did you mean \`${near}\`?` : `fargatekeeper reads ${quoteList(kinds)}`);
  }
  // Not ours. An error, not a skip: a manifest in the specs folder is a mistake, and a mistyped
  // apiVersion silently skipped would drop the spec, and the plan would delete its profile.
  const near = closest(apiVersion, formats.map(f => f.apiVersion));
  return error(
    'apiVersion',
    `\`${apiVersion}\`${kind !== undefined ? ` \`${kind}\`` : ''} is not a spec format fargatekeeper reads`,
    near ? `did you mean \`${near}\`?` : `fargatekeeper reads ${known}; keep other manifests out of the specs folder`,
  );
}

/** YAML syntax errors, one per line: after the first, a broken line tends to echo further errors. */
function syntaxErrors(document: Document.Parsed, locate: (offset: number) => SourcePosition): Diagnostic[] {
  const byLine = new Map<number, Diagnostic>();
  for (const error of document.errors) {
    const source = locate(error.pos[0]);
    if (byLine.has(source.line)) continue;
    byLine.set(source.line, {
      severity: 'error',
      code: 'spec.yaml-syntax',
      message: `malformed YAML: ${error.message.split('\n')[0]}`,
      source,
      ...(syntaxHint(error.code) ? { hint: syntaxHint(error.code) } : {}),
    });
  }
  return [...byLine.values()];
}

function syntaxHint(code: string): string | undefined {
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'indent with spaces; YAML does not allow tabs';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation and closing brackets or quotes';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'a value that contains `: ` must be quoted, and nested keys go on their own lines';
    case 'DUPLICATE_KEY':
      return 'remove one of the keys';
    default:
      return undefined;
  }
}

/** Model field path → position, carrying the document path for diagnostics. */
function modelFields(fields: Record<string, SourcePosition>, format: FormatReader): SpecSource['fields'] {
  const result: SpecSource['fields'] = {};
  for (const [documentPath, position] of Object.entries(fields)) {
    const isKey = documentPath.endsWith(keySuffix);
    const bare = isKey ? documentPath.slice(0, -keySuffix.length) : documentPath;
    const models = format.modelPath(bare) ?? [];
    for (const model of typeof models === 'string' ? [models] : models) {
      result[isKey ? model + keySuffix : model] = { ...position, path: bare };
    }
  }
  return result;
}

function nodePosition(document: Document.Parsed, path: string[], ctx: ShapeContext): SourcePosition | undefined {
  const node = document.getIn(path, true);
  return positionOf(node as Parameters<typeof positionOf>[0], ctx);
}

/**
 * Findings name the spec (and its cluster) whenever the document still says them, so a plan keeps
 * just that spec's live profiles instead of holding back every delete of the run.
 */
const aboutSpec =
  (name: string | undefined, cluster?: string) =>
  (d: Diagnostic): Diagnostic => ({
    ...d,
    ...(name && !d.profile ? { profile: name } : {}),
    ...(name && cluster && !d.cluster ? { cluster } : {}),
  });

function metadataNameOf(document: Document.Parsed, diagnostics: readonly Diagnostic[]): string | undefined {
  return unambiguous(safeToJS(document), ['metadata', 'name'], diagnostics);
}

/**
 * The non-empty string at `path` of a plain document, unless a duplicate key on the way makes it
 * uncertain (YAML keeps one of them; protecting the wrong name or cluster could delete the right one).
 */
function unambiguous(document: unknown, path: readonly string[], diagnostics: readonly Diagnostic[]): string | undefined {
  const dotted = path.join('.');
  const duplicated = diagnostics.some(
    d => d.code === 'spec.duplicate-key' && d.path !== undefined && (d.path === dotted || dotted.startsWith(`${d.path}.`)),
  );
  if (duplicated) return undefined;
  let value: unknown = document;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function safeToJS(document: Document.Parsed): unknown {
  try {
    return document.toJS();
  } catch {
    return null;
  }
}
