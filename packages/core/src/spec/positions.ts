import { LineCounter } from 'yaml';
import type { SourcePosition } from '../diagnostics';

/** Turns offsets in one file into 1-based line and column positions. */
export function locator(file: string, lineCounter: LineCounter): (offset: number) => SourcePosition {
  return offset => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
}
