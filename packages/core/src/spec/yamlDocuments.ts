import { Composer, Parser, type CST, type Document, type LineCounter } from 'yaml';
import { MAX_NESTING_DEPTH } from './limits';

/** One document of a YAML stream, or where it nests too deeply to be read. */
export interface YamlDocument {
  document: Document.Parsed;
  /** Offset of the first collection deeper than `MAX_NESTING_DEPTH`; the document is then left empty, unread. */
  tooDeepAt?: number;
}

/**
 * `parseAllDocuments`, one document at a time (a caller that stops early stops the parsing too), and
 * safe from deep nesting: yaml composes collections recursively and turns a stack overflow into a
 * "Maximum call stack size exceeded" error, so the nesting is measured on the parser's tokens, without
 * recursion, and a document nested too deeply reaches the composer empty.
 */
export function* yamlDocuments(source: string, lineCounter: LineCounter): Generator<YamlDocument> {
  const tooDeep: (number | undefined)[] = [];
  function* guarded(tokens: Iterable<CST.Token>): Generator<CST.Token> {
    for (const token of tokens) {
      if (token.type !== 'document') {
        yield token;
        continue;
      }
      const at = tooDeepOffset(token.value);
      tooDeep.push(at);
      if (at === undefined) yield token;
      else {
        const { value: _unread, ...empty } = token;
        yield empty;
      }
    }
  }
  const composer = new Composer({ uniqueKeys: false });
  let index = 0;
  // The composer yields a document once the next one starts, so its depth is known by then.
  for (const document of composer.compose(guarded(new Parser(lineCounter.addNewLine).parse(source)))) {
    const at = tooDeep[index++];
    yield at === undefined ? { document } : { document, tooDeepAt: at };
  }
}

type Collection = CST.BlockMap | CST.BlockSequence | CST.FlowCollection;

const isCollection = (token: CST.Token): token is Collection =>
  token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection';

/** The offset of the first collection (in document order) nested deeper than the limit, walked with a stack of its own. */
function tooDeepOffset(root: CST.Token | undefined): number | undefined {
  const stack: { token: CST.Token; depth: number }[] = root ? [{ token: root, depth: 1 }] : [];
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (!isCollection(token)) continue;
    if (depth > MAX_NESTING_DEPTH) return token.offset;
    const children: CST.Token[] = [];
    for (const item of token.items as CST.CollectionItem[]) {
      if (item.key) children.push(item.key);
      if (item.value) children.push(item.value);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push({ token: children[i]!, depth: depth + 1 });
  }
  return undefined;
}
