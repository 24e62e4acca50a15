import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import { formatReader, formats } from './formats';
import type { Selector, SpecFormat } from './types';

/** The fields of a spec that a change request sets; everything else in the document stays as written. */
export interface SpecFieldsEdit {
  selectors: Selector[];
  subnets: string[];
  /** Undefined: fargatekeeper's default role (the field is removed). */
  podExecutionRoleArn?: string;
  tags: Record<string, string>;
}

/** Which document of a file, and in which format it is written (from the spec's `source`). */
export interface SpecDocumentRef {
  document: number;
  format: SpecFormat;
}

/** What becomes of a spec file once a document is removed: the rest of it, or nothing (the file goes). */
export type SpecFileAfterRemoval = { kind: 'update'; content: string } | { kind: 'delete' };

/**
 * Whether a spec of this format can be changed or removed by editing its document: formats of one
 * profile per document can; a document of many (an eksctl ClusterConfig, a CloudFormation template,
 * Terraform's JSON) is the other tool's to change.
 */
export function isEditableSpecFormat(format: SpecFormat): boolean {
  return formats.some(f => f.format === format);
}

function assertEditable(format: SpecFormat): void {
  if (!isEditableSpecFormat(format)) {
    throw new Error(
      `a spec read from a ${formatReader(format).title} cannot be edited in place: change it where that file is made`,
    );
  }
}

interface DocumentSlice {
  document: Document.Parsed;
  /** The text the document owns: from the end of the previous one (its comments and `---` included). */
  start: number;
  end: number;
}

function slices(content: string): DocumentSlice[] {
  const documents = parseAllDocuments(content, { uniqueKeys: false });
  if (!Array.isArray(documents)) return [];
  return documents.map((document, i) => ({
    document,
    start: i === 0 ? 0 : documents[i - 1]!.range[2],
    end: i === documents.length - 1 ? content.length : document.range[2],
  }));
}

function sliceAt(content: string, at: number): { all: DocumentSlice[]; slice: DocumentSlice } {
  const all = slices(content);
  const slice = all[at];
  if (!slice) throw new Error(`the file has no YAML document ${at + 1} (it has ${all.length})`);
  if (slice.document.errors.length > 0)
    throw new Error(`YAML document ${at + 1} does not parse: ${slice.document.errors[0]!.message}`);
  return { all, slice };
}

/**
 * The file with one spec document's selectors, subnets, role and tags set, through yaml's Document API:
 * fields that keep their value are not touched (their comments and style stay), changed lists keep
 * flow or block style, and the other documents of the file are kept byte for byte. Where a format
 * writes each field comes from its reader (`spec.eks-fargate.subnets` for an InstanceGroup).
 */
export function editSpecDocument(content: string, at: SpecDocumentRef, edit: SpecFieldsEdit): string {
  assertEditable(at.format);
  const { slice } = sliceAt(content, at.document);
  const doc = slice.document;
  const reader = formatReader(at.format);
  const pathOf = (field: string): string[] => {
    const path = reader.documentPath(field);
    if (!path) throw new Error(`a ${reader.title} has no field for \`${field}\``);
    return path.split('.');
  };
  const changed = [
    setList(doc, pathOf('subnets'), edit.subnets),
    setSelectors(doc, pathOf('selectors'), edit.selectors),
    setScalar(doc, pathOf('podExecutionRoleArn'), edit.podExecutionRoleArn),
    setTags(doc, pathOf('tags'), edit.tags),
  ].some(Boolean);
  if (!changed) return content;
  const own = content.slice(slice.start, slice.end);
  const text = doc.toString({
    lineWidth: 0,
    indentSeq: indentsSequences(own),
    flowCollectionPadding: padsFlowCollections(own),
  });
  return `${content.slice(0, slice.start)}${text}${content.slice(slice.end)}`;
}

/** The file without one document (its comments and separator go with it); `delete` when no other document is left. */
export function removeSpecDocument(content: string, at: SpecDocumentRef): SpecFileAfterRemoval {
  assertEditable(at.format);
  const { all, slice } = sliceAt(content, at.document);
  const rest = all.filter(s => s !== slice && s.document.contents !== null);
  if (rest.length === 0) return { kind: 'delete' };
  let kept = `${content.slice(0, slice.start)}${content.slice(slice.end)}`;
  // The first document went: what follows starts with its own `---`, which may stay but need not.
  if (slice.start === 0) kept = kept.replace(/^---[ \t]*\r?\n/, '');
  return { kind: 'update', content: kept };
}

/** Whether the document writes `key:\n  - item` (indented) rather than `key:\n- item`. */
function indentsSequences(text: string): boolean {
  return !/^( *)[^\s#-][^\n]*:[ \t]*\r?\n\1- /m.test(text);
}

/** Whether most flow collections of the document are written `[ a, b ]` rather than `[a, b]` (yaml's option is one for all). */
function padsFlowCollections(text: string): boolean {
  const padded = text.match(/[[{] +[^\s\]}]/g)?.length ?? 0;
  const tight = text.match(/[[{][^\s\]}]/g)?.length ?? 0;
  return padded >= tight;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const isFlow = (node: unknown): boolean => (isSeq(node) || isMap(node)) && node.flow === true;

function nodeOf(doc: Document, value: unknown, flowLike?: unknown): Node {
  const node = doc.createNode(value) as Node;
  if (isFlow(flowLike) && (isSeq(node) || isMap(node))) node.flow = true;
  return node;
}

// Each setter says whether it changed the document.

function setList(doc: Document, path: string[], values: string[]): boolean {
  const existing = doc.getIn(path, true);
  if (isSeq(existing) && same(existing.toJSON(), values)) return false;
  doc.setIn(path, nodeOf(doc, values, existing));
  return true;
}

function setScalar(doc: Document, path: string[], value: string | undefined): boolean {
  const existing = doc.getIn(path, true);
  if (value === undefined) {
    if (existing === undefined) return false;
    doc.deleteIn(path);
    return true;
  }
  if (isScalar(existing) && existing.value === value) return false;
  // The node itself keeps its comments and quoting.
  if (isScalar(existing)) existing.value = value;
  else doc.setIn(path, value);
  return true;
}

const selectorValue = (s: Selector) =>
  Object.keys(s.labels).length > 0 ? { namespace: s.namespace, labels: s.labels } : { namespace: s.namespace };
const selectorOf = (value: unknown): Selector => {
  const v = (value ?? {}) as { namespace?: string; labels?: Record<string, string> };
  return { namespace: v.namespace ?? '', labels: v.labels ?? {} };
};

/** Selector by selector: one that keeps its namespace and labels stays as written. */
function setSelectors(doc: Document, path: string[], selectors: Selector[]): boolean {
  const existing = doc.getIn(path, true);
  if (!isSeq(existing)) {
    doc.setIn(path, nodeOf(doc, selectors.map(selectorValue)));
    return true;
  }
  let changed = existing.items.length > selectors.length;
  selectors.forEach((selector, i) => {
    const item = existing.items[i];
    if (item !== undefined && same(selectorOf((item as Node).toJSON()), selector)) return;
    changed = true;
    const labelsBefore = isMap(item) ? item.get('labels', true) : undefined;
    const node = nodeOf(doc, selectorValue(selector), item);
    const labels = isMap(node) ? node.get('labels', true) : undefined;
    if (isFlow(labelsBefore) && isMap(labels)) labels.flow = true;
    if (item === undefined) existing.items.push(node);
    else existing.items[i] = node;
  });
  existing.items.splice(selectors.length);
  return changed;
}

/** Key by key, so untouched tags keep their comments; a list of single-entry maps (InstanceGroup) stays a list. */
function setTags(doc: Document, path: string[], tags: Record<string, string>): boolean {
  const existing = doc.getIn(path, true);
  const keys = Object.keys(tags);
  if (keys.length === 0) {
    if (existing === undefined) return false;
    doc.deleteIn(path);
    return true;
  }
  if (isSeq(existing)) {
    const merged = Object.assign({}, ...(existing.toJSON() as Record<string, string>[]));
    if (same(Object.entries(merged).sort(), Object.entries(tags).sort())) return false;
    doc.setIn(
      path,
      nodeOf(
        doc,
        keys.map(key => ({ [key]: tags[key] })),
        existing,
      ),
    );
    return true;
  }
  if (!isMap(existing)) {
    doc.setIn(path, nodeOf(doc, tags));
    return true;
  }
  let changed = false;
  for (const pair of [...existing.items]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (!(key in tags)) changed = existing.delete(pair.key) || changed;
  }
  for (const key of keys) {
    const value = existing.get(key, true);
    if (isScalar(value) && value.value === tags[key]) continue;
    if (isScalar(value)) value.value = tags[key];
    else existing.set(key, tags[key]);
    changed = true;
  }
  return changed;
}
