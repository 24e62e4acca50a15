import { LineCounter } from 'yaml';
import type { SourcePosition } from '../diagnostics';
import type { ProfileSpec } from './types';

/** Turns offsets in one file into 1-based line and column positions. */
export function locator(file: string, lineCounter: LineCounter): (offset: number) => SourcePosition {
  return offset => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
}

/** Where a spec starts (its document), without the field positions: what diagnostics and changes point at. */
export const specPosition = (spec: ProfileSpec): SourcePosition => ({
  file: spec.source.file,
  line: spec.source.line,
  column: spec.source.column,
});
