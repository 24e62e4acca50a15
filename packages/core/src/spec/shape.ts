import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import type { Diagnostic, SourcePosition } from '../diagnostics';
import { FORBIDDEN_KEYS } from './limits';
import { childPath, keySuffix } from './paths';
import { quote, shown } from './quote';
import type { ListSchema, MapSchema, ObjectSchema, SchemaNode, StringSchema } from './schema';
import { closest, quoteList } from './suggest';

/** What the checker needs from its caller: where nodes are, and where findings and positions go. */
export interface ShapeContext {
  document: Document.Parsed;
  locate(offset: number): SourcePosition;
  diagnostics: Diagnostic[];
  /** Document field path (`spec.selectors[0].namespace`, `...labels.app#key`) → position. */
  fields: Record<string, SourcePosition>;
  /** Paths of fields that were accepted but have no effect. */
  ignored: string[];
}

/** Marks a value the checker rejected; the document then yields no spec. */
export const invalid: unique symbol = Symbol('invalid');
export type Checked = unknown | typeof invalid;

type YamlValue = Node | null | undefined;

/**
 * Checks `given` (an alias resolved first) against `schema` and returns its plain value (or `invalid`),
 * reporting every problem found, not only the first, with the position of the offending node.
 */
export function checkShape(
  given: YamlValue,
  schema: SchemaNode,
  path: string,
  ctx: ShapeContext,
  anchor?: SourcePosition,
): Checked {
  const node = resolveAlias(given, path, ctx);
  if (node === invalid) return invalid;
  // An empty value (`cluster:`) has its node at the end of the line: point at its key instead.
  const isNull = node == null || (isScalar(node) && node.value == null);
  const position = (isNull ? anchor : undefined) ?? positionOf(node, ctx) ?? anchor;
  if (position) ctx.fields[path] ??= position;
  if (schema.kind === 'any') return isScalar(node) ? node.value : node?.toJSON();
  if (isNull || node == null) {
    report(ctx, 'spec.empty-value', `\`${path}\` is empty`, path, position, emptyHint(schema));
    return invalid;
  }
  switch (schema.kind) {
    case 'string':
      return checkString(node, schema, path, ctx, position);
    case 'boolean':
      return isScalar(node) && typeof node.value === 'boolean'
        ? node.value
        : wrongType(node, 'true or false', path, ctx, position);
    case 'object':
      return isMap(node)
        ? checkObject(node.items, schema, path, ctx, position)
        : wrongType(node, 'a mapping', path, ctx, position);
    case 'map':
      return isMap(node) ? checkMap(node.items, schema, path, ctx) : wrongType(node, 'a mapping', path, ctx, position);
    case 'list':
      return isSeq(node)
        ? checkList(node.items as YamlValue[], schema, path, ctx, position)
        : wrongType(node, 'a list', path, ctx, position, listHint(path, node));
    case 'union': {
      const variant = schema.variants.find(v => fits(node, v));
      if (variant) return checkShape(node, variant, path, ctx, position);
      const expected = schema.variants.map(describe).join(' or ');
      return wrongType(node, expected, path, ctx, position);
    }
  }
}

function checkString(
  node: Node,
  schema: StringSchema,
  path: string,
  ctx: ShapeContext,
  position?: SourcePosition,
): Checked {
  if (!isScalar(node)) return wrongType(node, 'a string', path, ctx, position);
  const value = node.value;
  if (typeof value !== 'string') {
    const written = node.source ?? String(value);
    return wrongType(node, 'a string', path, ctx, position, `quote it: ${quote(`"${written}"`)}`);
  }
  if (value.trim() === '' && (schema.minLength ?? 1) > 0) {
    report(ctx, 'spec.empty-value', `\`${path}\` is empty`, path, position);
    return invalid;
  }
  const allowed = schema.const !== undefined ? [schema.const] : schema.enum;
  if (allowed && !allowed.includes(value)) {
    const near = closest(value, allowed);
    report(
      ctx,
      'spec.invalid-value',
      `\`${path}\` must be ${allowed.length === 1 ? '' : 'one of '}${quoteList(allowed)}, not ${quote(value)}`,
      path,
      position,
      near ? `did you mean \`${near}\`?` : undefined,
    );
    return invalid;
  }
  return value;
}

function checkObject(
  pairs: Pair[],
  schema: ObjectSchema,
  path: string,
  ctx: ShapeContext,
  position?: SourcePosition,
): Checked {
  const result: Record<string, unknown> = {};
  let ok = true;
  const known = Object.keys(schema.properties);
  // A misspelt field is reported once, as unknown with a suggestion, not again as missing.
  const suggested = new Set<string>();
  for (const { key, keyNode, value } of entries(pairs, path, ctx)) {
    if (key === invalid) {
      ok = false;
      continue;
    }
    const fieldPath = childPath(path, key);
    // Own properties only: `toString` and the like are unknown fields, not Object.prototype's.
    const property = Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
    if (!property) {
      const near = closest(key, known);
      if (near) suggested.add(near);
      report(
        ctx,
        'spec.unknown-field',
        `unknown field ${quote(key)}${within(path)}`,
        fieldPath,
        positionOf(keyNode, ctx),
        near ? `did you mean \`${near}\`?` : `allowed here: ${quoteList(known)}`,
      );
      ok = false;
      continue;
    }
    if (property.ignored) {
      // Accepted as written (whatever shape the other tool gave it); the parser reports it as info.
      const keyPosition = positionOf(keyNode, ctx);
      if (keyPosition) ctx.fields[fieldPath] = keyPosition;
      ctx.ignored.push(fieldPath);
      continue;
    }
    const keyPosition = positionOf(keyNode, ctx);
    if (keyPosition) ctx.fields[fieldPath + keySuffix] = keyPosition;
    const checked = checkShape(value, property.schema, fieldPath, ctx, keyPosition);
    if (checked === invalid) ok = false;
    else result[key] = checked;
  }
  for (const [name, property] of Object.entries(schema.properties)) {
    if (property.required && !suggested.has(name) && !pairs.some(p => scalarKey(p) === name)) {
      const about = property.schema.description ? `: ${property.schema.description}` : '';
      report(
        ctx,
        'spec.missing-field',
        `missing required field \`${name}\`${within(path)}`,
        childPath(path, name),
        position,
        `add \`${name}\`${about}`,
      );
      ok = false;
    }
  }
  return ok ? result : invalid;
}

function checkMap(pairs: Pair[], schema: MapSchema, path: string, ctx: ShapeContext): Checked {
  const result: Record<string, unknown> = {};
  let ok = true;
  for (const { key, keyNode, value } of entries(pairs, path, ctx)) {
    if (key === invalid) {
      ok = false;
      continue;
    }
    const fieldPath = childPath(path, key);
    const keyPosition = positionOf(keyNode, ctx);
    if (keyPosition) ctx.fields[fieldPath + keySuffix] = keyPosition;
    const checked = checkShape(value, schema.values, fieldPath, ctx, keyPosition);
    if (checked === invalid) ok = false;
    else result[key] = checked;
  }
  return ok ? result : invalid;
}

function checkList(
  items: YamlValue[],
  schema: ListSchema,
  path: string,
  ctx: ShapeContext,
  position?: SourcePosition,
): Checked {
  if (items.length === 0 && (schema.minItems ?? 0) > 0) {
    report(ctx, 'spec.empty-value', `\`${path}\` is empty`, path, position, emptyHint(schema));
    return invalid;
  }
  const result: unknown[] = [];
  let ok = true;
  items.forEach((item, index) => {
    const checked = checkShape(item, schema.items, childPath(path, index), ctx, position);
    if (checked === invalid) ok = false;
    else result.push(checked);
  });
  return ok ? result : invalid;
}

interface Entry {
  key: string | typeof invalid;
  keyNode: YamlValue;
  value: YamlValue;
}

/** The entries of a mapping with string keys, reporting non-string, duplicate and merge keys. */
function entries(pairs: Pair[], path: string, ctx: ShapeContext): Entry[] {
  const seen = new Map<string, SourcePosition | undefined>();
  return pairs.map(pair => {
    const keyNode = pair.key as YamlValue;
    const value = pair.value as YamlValue;
    const position = positionOf(keyNode, ctx);
    if (!isScalar(keyNode) || keyNode.value == null || keyNode.value === '') {
      report(ctx, 'spec.invalid-key', `${subject(path)} has an empty or non-text key`, path, position);
      return { key: invalid, keyNode, value };
    }
    if (keyNode.value === '<<' && keyNode.source === '<<') {
      report(
        ctx,
        'spec.merge-key',
        `YAML merge keys (\`<<\`) are not supported${within(path)}`,
        path,
        position,
        'write the fields out: every spec should read on its own',
      );
      return { key: invalid, keyNode, value };
    }
    if (typeof keyNode.value !== 'string') {
      const written = keyNode.source ?? String(keyNode.value);
      report(
        ctx,
        'spec.wrong-type',
        `${subject(path)} has the key ${quote(written)}, which YAML reads as a ${typeof keyNode.value}, not a string`,
        childPath(path, written),
        position,
        `quote it: ${quote(`"${written}"`)}`,
      );
      return { key: invalid, keyNode, value };
    }
    const key = keyNode.value;
    if (FORBIDDEN_KEYS.includes(key)) {
      // Refused in every mapping: as data they would be dropped, or reach an object's prototype.
      report(
        ctx,
        'spec.forbidden-key',
        `the key ${quote(key)} is not allowed${within(path)}`,
        childPath(path, key),
        position,
        `${quoteList(FORBIDDEN_KEYS)} have a special meaning to JavaScript objects; rename the key`,
      );
      return { key: invalid, keyNode, value };
    }
    if (seen.has(key)) {
      const first = seen.get(key);
      report(
        ctx,
        'spec.duplicate-key',
        `duplicate key ${quote(key)}${within(path)}${first ? ` (first at line ${first.line})` : ''}`,
        childPath(path, key),
        position,
        'YAML keeps only one of them; remove or merge the other',
      );
      return { key: invalid, keyNode, value };
    }
    seen.set(key, position);
    return { key, keyNode, value };
  });
}

const scalarKey = (pair: Pair): unknown => (isScalar(pair.key) ? pair.key.value : undefined);

function resolveAlias(node: YamlValue, path: string, ctx: ShapeContext): YamlValue | typeof invalid {
  if (!isAlias(node)) return node;
  const target = node.resolve(ctx.document);
  if (!target) {
    report(
      ctx,
      'spec.yaml-syntax',
      `unknown YAML alias ${quote(`*${node.source}`)} in \`${path}\``,
      path,
      positionOf(node, ctx),
      `define the anchor ${quote(`&${node.source}`)} before using it`,
    );
    return invalid;
  }
  return target as Node;
}

function fits(node: Node, schema: SchemaNode): boolean {
  switch (schema.kind) {
    case 'object':
    case 'map':
      return isMap(node);
    case 'list':
      return isSeq(node);
    case 'string':
    case 'boolean':
      return isScalar(node);
    default:
      return true;
  }
}

function describe(schema: SchemaNode): string {
  switch (schema.kind) {
    case 'object':
    case 'map':
      return 'a mapping';
    case 'list':
      return 'a list';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    default:
      return 'a value';
  }
}

function actualKind(node: Node): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const value = node.value;
    if (typeof value === 'string') return `the string ${quote(value)}`;
    if (typeof value === 'number' || typeof value === 'bigint')
      return `the number ${shown(node.source ?? String(value))}`;
    if (typeof value === 'boolean') return `the boolean ${shown(node.source ?? String(value))}`;
  }
  return 'something else';
}

function wrongType(
  node: Node,
  expected: string,
  path: string,
  ctx: ShapeContext,
  position?: SourcePosition,
  hint?: string,
): typeof invalid {
  report(ctx, 'spec.wrong-type', `\`${path}\`: expected ${expected}, got ${actualKind(node)}`, path, position, hint);
  return invalid;
}

function listHint(path: string, node: Node): string | undefined {
  if (!isScalar(node) || typeof node.value !== 'string') return undefined;
  const field = path.replace(/^.*[.\]]/, '');
  return `write ${quote(`${field}: [${node.value}]`)}, or one ${quote(`- ${node.value}`)} line per item`;
}

function emptyHint(schema: SchemaNode): string | undefined {
  if (schema.kind === 'list' && schema.minItems)
    return `give at least ${schema.minItems === 1 ? 'one item' : `${schema.minItems} items`}`;
  if (schema.kind === 'map' || schema.kind === 'object') return 'remove the key, or write `{}` for none';
  return undefined;
}

/** ` in \`spec.selectors[0]\``, or nothing at the top of the document, whose path is empty. */
const within = (path: string): string => (path ? ` in \`${path}\`` : '');
const subject = (path: string): string => (path ? `\`${path}\`` : 'the document');

export function positionOf(node: YamlValue, ctx: ShapeContext): SourcePosition | undefined {
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : ctx.locate(offset);
}

function report(
  ctx: ShapeContext,
  code: string,
  message: string,
  path: string,
  source?: SourcePosition,
  hint?: string,
): void {
  ctx.diagnostics.push({
    severity: 'error',
    code,
    message,
    // The document itself (the empty path) is no field.
    ...(path ? { path } : {}),
    ...(source ? { source } : {}),
    ...(hint ? { hint } : {}),
  });
}
