import { isAlias, isMap, isScalar, LineCounter, type Document } from 'yaml';
import { type Diagnostic, type SourcePosition } from '../diagnostics';
import { formats, profileSetFormats, type FormatReader, type ProfileSetReader } from './formats';
import { ignoredFieldsInfo, modelFieldsOf } from './documentFields';
import { CLUSTER_API_VERSION, CLUSTER_KIND, isClusterDocument, readClusterDocument } from './clusterDocument';
import { joinDeclaredClusters } from './declaredClusters';
import { DEFAULT_MAX_SPECS, MAX_NESTING_DEPTH } from './limits';
import { keySuffix } from './paths';
import { locator } from './positions';
import { quote, shown } from './quote';
import { checkShape, invalid, positionOf, type ShapeContext } from './shape';
import { closest, quoteList } from './suggest';
import type { ParseOptions, ParseResult, SpecFile, SpecOutcome, SpecSource } from './types';
import { yamlDocuments } from './yamlDocuments';

/**
 * Reads every document of every file into `ProfileSpec`s, whatever their format, and reports every
 * problem of every file in one pass, each with file, line, column and field path. A document with
 * any error yields no spec (a half-read spec could plan the deletion of what it failed to say) but a
 * failed entry with what it still says of itself; a document of a kind that is not a Fargate profile
 * is a skipped entry. Bounded whatever the input: a document nested deeper than 100 levels fails
 * unread, and reading stops at the document that passes `maxSpecs`, failing its file.
 */
export function parseSpecFiles(files: readonly SpecFile[], options: ParseOptions = {}): ParseResult {
  const parser = specFileParser(options);
  for (const file of files) if (!parser.parse(file)) break;
  return parser.result();
}

/** `parseSpecFiles` of one file. */
export function parseSpecFile(file: SpecFile, options: ParseOptions = {}): ParseResult {
  return parseSpecFiles([file], options);
}

/** `parseSpecFiles` one file at a time, for a caller that reads them one at a time and should stop reading at the limit. */
export interface SpecFileParser {
  /** Parses a file; false once the run has passed `maxSpecs` (then nothing more is read). */
  parse(file: SpecFile): boolean;
  result(): ParseResult;
}

export function specFileParser(options: ParseOptions = {}): SpecFileParser {
  const budget = budgetOf(options);
  const readings: FileReading[] = [];
  return {
    parse(file) {
      // Past the limit nothing more is read: the document that passes it fails its whole file.
      if (budget.left >= 0) readings.push(readSpecFile(file, options, budget));
      return budget.left >= 0;
    },
    result: () => resultOf(readings),
  };
}

/** How many more documents the run may read (`maxSpecs`); below 0 once the limit was passed. */
interface Budget {
  readonly max: number;
  left: number;
}

const budgetOf = (options: ParseOptions): Budget => {
  const max = options.maxSpecs ?? DEFAULT_MAX_SPECS;
  return { max, left: max };
};

/** What one file gave: an outcome per document that is not empty, and findings about the file itself. */
interface FileReading {
  outcomes: SpecOutcome[];
  diagnostics: Diagnostic[];
}

function readSpecFile(file: SpecFile, options: ParseOptions, budget: Budget): FileReading {
  const lineCounter = new LineCounter();
  const locate = locator(file.path, lineCounter);
  const outcomes: SpecOutcome[] = [];
  let index = 0;
  for (const { document, tooDeepAt } of yamlDocuments(file.content, lineCounter)) {
    const at: DocumentAt = { file: file.path, document: index++ };
    if (tooDeepAt === undefined && isEmpty(document) && document.errors.length === 0) continue;
    if (--budget.left < 0) {
      // The file as a whole, not this document: what it holds beyond it was never read.
      const start = document.contents?.range?.[0] ?? document.range[0];
      outcomes.push({ status: 'failed', file: file.path, diagnostics: [tooManySpecs(budget.max, locate(start))] });
      break;
    }
    outcomes.push(
      ...(tooDeepAt !== undefined
        ? [failed(at, {}, [tooDeep(locate(tooDeepAt))])]
        : readDocument(document, at, locate, options)),
    );
  }
  return { outcomes, diagnostics: outcomes.length === 0 ? [emptyFile(file.path)] : [] };
}

const tooManySpecs = (max: number, source: SourcePosition): Diagnostic => ({
  severity: 'error',
  code: 'spec.too-many',
  message: `more than ${max} spec documents in this run (the limit): this document and every one after it are not read`,
  source,
  hint: 'split the specs over several folders, each planned on its own',
});

const tooDeep = (source: SourcePosition): Diagnostic => ({
  severity: 'error',
  code: 'spec.too-deep',
  message: `nested deeper than ${MAX_NESTING_DEPTH} levels: the document is not read`,
  source,
  hint: 'a spec nests a few levels; check for runaway brackets or indentation',
});

function resultOf(readings: readonly FileReading[]): ParseResult {
  const result: ParseResult = {
    specs: [],
    clusters: [],
    failed: [],
    skipped: [],
    diagnostics: readings.flatMap(r => r.diagnostics),
  };
  for (const outcome of readings.flatMap(r => r.outcomes)) {
    switch (outcome.status) {
      case 'parsed':
        result.specs.push(outcome.spec);
        result.diagnostics.push(...outcome.diagnostics);
        break;
      case 'cluster':
        result.clusters.push(outcome.cluster);
        result.diagnostics.push(...outcome.diagnostics);
        break;
      case 'failed': {
        const { status: _status, ...failure } = outcome;
        result.failed.push(failure);
        result.diagnostics.push(...failure.diagnostics);
        break;
      }
      case 'skipped': {
        const { status: _status, ...skipped } = outcome;
        result.skipped.push(skipped);
        result.diagnostics.push(skipped.diagnostic);
        break;
      }
    }
  }
  // Specs take their place from the Cluster documents of every file, so this waits for the last.
  return joinDeclaredClusters(result);
}

const emptyFile = (file: string): Diagnostic => ({
  severity: 'warning',
  code: 'spec.empty-file',
  message: 'no spec in this file',
  source: { file, line: 1, column: 1 },
  hint: 'remove the file, or add a `FargateProfile` document',
});

const isEmpty = (document: Document.Parsed): boolean =>
  document.contents == null || (isScalar(document.contents) && document.contents.value == null);

/** Which document of which file. */
interface DocumentAt {
  file: string;
  document: number;
}

function readDocument(
  document: Document.Parsed,
  at: DocumentAt,
  locate: (offset: number) => SourcePosition,
  options: ParseOptions,
): SpecOutcome[] {
  // A document YAML cannot read says nothing certain of itself, not even its name.
  if (document.errors.length > 0) return [failed(at, {}, syntaxErrors(document, locate))];
  const setReader = profileSetFormats.find(f => f.recognises(document));
  if (setReader) return readProfileSet(setReader, document, at, locate, options);
  return [readSpecDocument(document, at, locate, options)];
}

/** A document of one spec (or of a cluster), in a format recognised by `apiVersion` and `kind`. */
function readSpecDocument(
  document: Document.Parsed,
  at: DocumentAt,
  locate: (offset: number) => SourcePosition,
  options: ParseOptions,
): SpecOutcome {
  const diagnostics = yamlWarnings(document, locate);
  const ctx: ShapeContext = { document, locate, diagnostics, fields: {}, ignored: [] };
  const start = positionOf(document.contents, ctx) ?? { file: at.file, line: 1, column: 1 };
  if (!isMap(document.contents)) {
    diagnostics.push({
      severity: 'error',
      code: 'spec.not-a-mapping',
      message: `document ${at.document + 1} is not a mapping`,
      source: start,
      hint: 'a spec starts with `apiVersion:` and `kind:`',
    });
    return failed(at, {}, diagnostics);
  }
  const name = unambiguousString(document, ['metadata', 'name']);
  if (isClusterDocument(document)) return readClusterDocument(document, at, ctx, start, name);
  const format = recognise(document, ctx, start);
  // Without a format, where the document names its cluster is not known.
  if (!format) return failed(at, { name }, diagnostics);
  const skip = format.skip?.(safeToJS(document));
  if (skip) {
    // Not a spec, so not checked: its YAML warnings say nothing about Fargate profiles.
    return {
      status: 'skipped',
      ...at,
      diagnostic: { ...skip, source: nodePosition(document, ['spec', 'provisioner'], ctx) ?? start },
    };
  }
  const cluster = format.clusterPath ? unambiguousString(document, format.clusterPath) : options.defaultCluster;
  const value = checkShape(document.contents, format.schema, '', ctx);
  const ignored = ignoredFieldsInfo(ctx, start);
  if (ignored) diagnostics.push(ignored);
  if (value === invalid) return failed(at, { name, cluster }, diagnostics);
  const mapped = format.toSpec(value, options);
  if (Array.isArray(mapped)) {
    const positionOfPath = (path?: string) => (path ? (ctx.fields[path + keySuffix] ?? ctx.fields[path]) : undefined);
    const placed = mapped.map(d => ({ ...d, source: d.source ?? positionOfPath(d.path) ?? start }));
    return failed(at, { name, cluster }, [...diagnostics, ...placed]);
  }
  const source: SpecSource = {
    ...start,
    format: format.format,
    document: at.document,
    fields: modelFieldsOf(ctx.fields, path => format.modelPath(path)),
  };
  return { status: 'parsed', spec: { ...mapped, source }, diagnostics: diagnostics.map(aboutSpec(name, cluster)) };
}

/** What a document that gave no spec still says of itself, unambiguously. */
interface Identity {
  name?: string | undefined;
  cluster?: string | undefined;
}

/**
 * A document that gave no spec. Its name and cluster let a plan keep just that spec's live profiles
 * instead of holding back every delete of the run; its findings name them too, for display.
 */
function failed(at: DocumentAt, { name, cluster }: Identity, diagnostics: Diagnostic[]): SpecOutcome {
  return {
    status: 'failed',
    ...at,
    ...(name !== undefined ? { name } : {}),
    ...(cluster !== undefined ? { cluster } : {}),
    diagnostics: diagnostics.map(aboutSpec(name, cluster)),
  };
}

/** Finds the format of a document by `apiVersion` and `kind`, or explains why there is none. */
function recognise(document: Document.Parsed, ctx: ShapeContext, start: SourcePosition): FormatReader | undefined {
  // Numbers and booleans are compared as written, so `apiVersion: 1` reads as an unknown version.
  const text = (value: unknown): string | undefined => (value == null || value === '' ? undefined : String(value));
  const apiVersion = text(document.get('apiVersion'));
  const kind = text(document.get('kind'));
  const format = formats.find(f => f.apiVersion === apiVersion && f.kind === kind);
  if (format) return format;
  const documentKinds = [
    ...formats,
    ...profileSetFormats.flatMap(f => f.kinds ?? []),
    { apiVersion: CLUSTER_API_VERSION, kind: CLUSTER_KIND },
  ];
  // Templates and Terraform's JSON are recognised by their content: they have no apiVersion.
  const known = `${documentKinds.map(f => `\`${f.apiVersion}\` \`${f.kind}\``).join(', ')}, CloudFormation templates and \`terraform show -json\``;
  const error = (path: string, message: string, hint: string): undefined => {
    ctx.diagnostics.push({
      severity: 'error',
      code: 'spec.unknown-kind',
      message,
      path,
      source: nodePosition(document, [path], ctx) ?? start,
      hint,
    });
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
  const sameApi = documentKinds.filter(f => f.apiVersion === apiVersion);
  if (sameApi.length > 0) {
    const kinds = sameApi.map(f => f.kind);
    if (kind === undefined) {
      return error('kind', `missing \`kind\` for \`${apiVersion}\``, `write \`kind: ${kinds[0]}\``);
    }
    const near = closest(kind, kinds);
    return error(
      'kind',
      `\`${apiVersion}\` has no kind ${quote(kind)}`,
      near ? `did you mean \`${near}\`?` : `fargatekeeper reads ${quoteList(kinds)}`,
    );
  }
  // Not ours. An error, not a skip: a manifest in the specs folder is a mistake, and a mistyped
  // apiVersion silently skipped would drop the spec, and the plan would delete its profile.
  const near = closest(
    apiVersion,
    documentKinds.map(f => f.apiVersion),
  );
  return error(
    'apiVersion',
    `${quote(apiVersion)}${kind !== undefined ? ` ${quote(kind)}` : ''} is not a spec format fargatekeeper reads`,
    near ? `did you mean \`${near}\`?` : `fargatekeeper reads ${known}; keep other manifests out of the specs folder`,
  );
}

const yamlWarnings = (document: Document.Parsed, locate: (offset: number) => SourcePosition): Diagnostic[] =>
  document.warnings.map(warning => ({
    severity: 'warning',
    code: 'spec.yaml-warning',
    message: warning.message,
    source: locate(warning.pos[0]),
  }));

/** YAML syntax errors, one per line: after the first, a broken line tends to echo further errors. */
function syntaxErrors(document: Document.Parsed, locate: (offset: number) => SourcePosition): Diagnostic[] {
  const byLine = new Map<number, Diagnostic>();
  for (const error of document.errors) {
    const source = locate(error.pos[0]);
    if (byLine.has(source.line)) continue;
    byLine.set(source.line, {
      severity: 'error',
      code: 'spec.yaml-syntax',
      message: `malformed YAML: ${shown(error.message.split('\n')[0]!)}`,
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

/**
 * A document of many profiles (eksctl, CloudFormation, Terraform): an outcome per profile, each failing
 * on its own; findings about the document as a whole go with the first. An error in the document as
 * a whole fails it without a name, so the plan holds back deletes in its cluster.
 */
function readProfileSet(
  reader: ProfileSetReader,
  document: Document.Parsed,
  at: DocumentAt,
  locate: (offset: number) => SourcePosition,
  options: ParseOptions,
): SpecOutcome[] {
  const ctx: ShapeContext = { document, locate, diagnostics: yamlWarnings(document, locate), fields: {}, ignored: [] };
  const reading = reader.read(document, ctx, options);
  switch (reading.kind) {
    case 'failed':
      return [failed(at, { cluster: reading.cluster }, ctx.diagnostics)];
    case 'skipped':
      return [{ status: 'skipped', ...at, diagnostic: reading.diagnostic }];
    case 'profiles':
      return reading.profiles.map((profile, index) => {
        const diagnostics = index === 0 ? [...ctx.diagnostics, ...profile.diagnostics] : profile.diagnostics;
        if (!profile.spec) return failed(at, profile, diagnostics);
        const source: SpecSource = {
          ...profile.start,
          format: reader.format,
          document: at.document,
          fields: profile.fields,
        };
        return {
          status: 'parsed',
          spec: { ...profile.spec, source },
          diagnostics: diagnostics.map(aboutSpec(profile.name, profile.cluster)),
        };
      });
  }
}

function nodePosition(document: Document.Parsed, path: string[], ctx: ShapeContext): SourcePosition | undefined {
  const node = document.getIn(path, true);
  return positionOf(node as Parameters<typeof positionOf>[0], ctx);
}

/**
 * Findings name the spec (and its cluster when it has a name) whenever the document still says
 * them, as front doors show them.
 */
const aboutSpec =
  (name: string | undefined, cluster?: string) =>
  (d: Diagnostic): Diagnostic => ({
    ...d,
    ...(name && !d.profile ? { profile: name } : {}),
    ...(name && cluster && !d.cluster ? { cluster } : {}),
  });

/**
 * The non-empty string at `path` of a document, unless a key on the way is missing or written twice
 * (YAML keeps one of them; protecting the wrong name or cluster could delete the right one).
 */
function unambiguousString(document: Document.Parsed, path: readonly string[]): string | undefined {
  const resolve = (node: unknown): unknown => (isAlias(node) ? node.resolve(document) : node);
  let node = resolve(document.contents);
  for (const key of path) {
    if (!isMap(node)) return undefined;
    const pairs = node.items.filter(pair => isScalar(pair.key) && pair.key.value === key);
    if (pairs.length !== 1) return undefined;
    node = resolve(pairs[0]!.value);
  }
  return isScalar(node) && typeof node.value === 'string' && node.value !== '' ? node.value : undefined;
}

function safeToJS(document: Document.Parsed): unknown {
  try {
    return document.toJS();
  } catch {
    return null;
  }
}
