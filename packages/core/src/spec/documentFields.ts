import type { Diagnostic, SourcePosition } from '../diagnostics';
import { keySuffix } from './paths';
import type { ShapeContext } from './shape';
import { quoteList } from './suggest';
import type { SpecSource } from './types';

/** The model field paths (`selectors[0].namespace`) a document field path fills, if any; `key` for the position of a map entry's key. */
export type ModelPathOf = (documentPath: string, key: boolean) => string | readonly string[] | undefined;

/** Document field path → position, as model field paths with the document path kept (what findings point at). */
export function modelFieldsOf(fields: Record<string, SourcePosition>, modelPath: ModelPathOf): SpecSource['fields'] {
  const result: SpecSource['fields'] = {};
  for (const [documentPath, position] of Object.entries(fields)) {
    const isKey = documentPath.endsWith(keySuffix);
    const bare = isKey ? documentPath.slice(0, -keySuffix.length) : documentPath;
    const models = modelPath(bare, isKey) ?? [];
    for (const model of typeof models === 'string' ? [models] : models) {
      result[isKey ? model + keySuffix : model] = { ...position, path: bare };
    }
  }
  return result;
}

/** The info that names the fields a document holds to no effect (accepted for compatibility), if there are any. */
export function ignoredFieldsInfo(ctx: ShapeContext, start: SourcePosition): Diagnostic | undefined {
  if (ctx.ignored.length === 0) return undefined;
  return {
    severity: 'info',
    code: 'spec.ignored-fields',
    message: `ignored: ${quoteList(ctx.ignored)} (no meaning for a Fargate profile managed by fargatekeeper)`,
    source: ctx.fields[ctx.ignored[0]!] ?? start,
    path: ctx.ignored[0],
  };
}
