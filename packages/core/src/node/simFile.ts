import { readFile } from 'node:fs/promises';
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { SimulatedAccount, type SimulatedAccountOptions } from '../account/sim/SimulatedAccount';
import { SimStateError } from '../account/sim/checkSimState';
import { writeFileAtomic, writeFileAtomicSync } from './atomicFile';

/** A simulated-account file that cannot be used, with the file (and line, when known) in the message. */
export class SimFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${message}`);
    this.name = 'SimFileError';
  }
}

/** Line (1-based) of the JSON value at a checker path like `$.clusters[0].profiles[1].name`, if found. */
export function lineOfPath(text: string, path: string): number | undefined {
  const steps = [...path.replace(/^\$/, '').matchAll(/\.([^.[\]]+)|\[(\d+)\]/g)].map(m =>
    m[1] !== undefined ? m[1] : Number(m[2]),
  );
  // JSON is YAML: the yaml parser gives every node its offset.
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  let node: unknown = doc.contents;
  let offset: number | undefined = (node as { range?: number[] } | null)?.range?.[0];
  for (const step of steps) {
    if (isMap(node)) {
      const pair = node.items.find(p => isScalar(p.key) && p.key.value === step);
      if (!pair) break;
      offset = (pair.key as { range?: number[] }).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      node = node.items[step];
      offset = (node as { range?: number[] } | undefined)?.range?.[0] ?? offset;
    } else break;
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

/**
 * Offset of the first JSON syntax error (JSON.parse in recent Node versions no longer says where).
 * A small recursive-descent scan; undefined when the text is valid.
 */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const string = () => {
    if (text[i] !== '"') fail();
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i]! < ' ') fail();
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail();
    i++;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '"') return string();
    if (ch === '{' || ch === '[') {
      i++;
      ws();
      const close = ch === '{' ? '}' : ']';
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (ch === '{') {
          ws();
          string();
          ws();
          if (text[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === close) {
          i++;
          return;
        }
        fail();
      }
    }
    const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!literal) fail();
    i += literal![0].length;
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return undefined;
  } catch (offset) {
    if (typeof offset === 'number') return offset;
    throw offset;
  }
}

/** Reads a simulated account from a JSON file (`--sim FILE`), with the file and line in any error. */
export async function loadSimulatedAccount(
  file: string,
  options: SimulatedAccountOptions = {},
): Promise<SimulatedAccount> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SimFileError(file, `cannot read the simulated account: ${(error as Error).message}`);
  }
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch (error) {
    const offset = jsonErrorOffset(text);
    const line = offset === undefined ? undefined : text.slice(0, offset).split('\n').length;
    throw new SimFileError(file, `not valid JSON: ${(error as Error).message.split('\n')[0]}`, line);
  }
  try {
    return SimulatedAccount.fromJSON(state as never, options);
  } catch (error) {
    if (error instanceof SimStateError) {
      throw new SimFileError(
        file,
        `${error.path.replace(/^\$\.?/, '') || '(root)'}: ${error.problem}`,
        lineOfPath(text, error.path),
      );
    }
    throw error;
  }
}

const simText = (sim: SimulatedAccount): string => `${JSON.stringify(sim.toJSON(), null, 2)}\n`;

/**
 * Writes the account back (pending transitions included, so the next process resumes them).
 * Written atomically (a flushed temporary file renamed over it): a killed run never leaves half a
 * file, and a reader (`plan --sim`) never sees one.
 */
export async function saveSimulatedAccount(file: string, sim: SimulatedAccount): Promise<void> {
  await writeFileAtomic(file, simText(sim));
}

/** {@link saveSimulatedAccount}, done when it returns: for saves between two of apply's steps. */
export function saveSimulatedAccountSync(file: string, sim: SimulatedAccount): void {
  writeFileAtomicSync(file, simText(sim));
}
