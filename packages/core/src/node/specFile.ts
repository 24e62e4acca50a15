import { constants, type FileHandle, open } from 'node:fs/promises';
import type { Diagnostic, SourcePosition } from '../diagnostics';
import type { FailedSpec, SpecFile } from '../spec/types';
import { firstInvalidUtf8Byte } from './utf8';

/** A spec file found in the folder: the path diagnostics show, and the real path checked to lie inside it. */
export interface FoundFile {
  path: string;
  real: string;
}

/**
 * A spec file that was not read: it may hold any spec of any cluster, so the plan holds back. At its
 * first line unless a position inside it is known.
 */
export const failedFile = (
  file: string,
  code: string,
  message: string,
  source: SourcePosition = { file, line: 1, column: 1 },
): FailedSpec => ({
  file,
  diagnostics: [{ severity: 'error', code, message, source } satisfies Diagnostic],
});

// Not following a link swapped in since the folder was listed, and never waiting on a FIFO swapped in.
const openFlags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** Reads one spec file as UTF-8 text, if it is a regular file within `maxBytes`; otherwise why not. */
export async function readSpecFile(found: FoundFile, maxBytes: number): Promise<SpecFile | FailedSpec> {
  let handle: FileHandle;
  try {
    handle = await open(found.real, openFlags);
  } catch (error) {
    return failedFile(found.path, 'spec.unreadable', `cannot read the file: ${reason(error)}`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile())
      return failedFile(found.path, 'spec.unreadable', 'not a regular file (it changed while the folder was read)');
    if (info.size > maxBytes) return tooLarge(found.path, maxBytes, info.size);
    const bytes = await readAtMost(handle, maxBytes, info.size);
    return bytes === undefined ? tooLarge(found.path, maxBytes) : decode(found.path, bytes);
  } catch (error) {
    return failedFile(found.path, 'spec.unreadable', `cannot read the file: ${reason(error)}`);
  } finally {
    await handle.close();
  }
}

/** The file's bytes, or undefined as soon as there are more than `max` (its size said on open may be stale). */
async function readAtMost(handle: FileHandle, max: number, expected: number): Promise<Uint8Array | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(Math.max(expected - total + 1, 16 * 1024), max + 1 - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) return Buffer.concat(chunks, total);
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
    if (total > max) return undefined;
  }
}

/** `size` is unknown when the file grew past the limit while it was read. */
const tooLarge = (file: string, max: number, size?: number): FailedSpec =>
  failedFile(
    file,
    'spec.too-large',
    `the file is ${size !== undefined ? `${size} bytes` : `more than ${sizeText(max)}`}, over the limit of ${sizeText(max)} per spec file: not read`,
  );

/** `4 MiB`, `64 KiB`, `100 bytes`. */
export const sizeText = (bytes: number): string =>
  bytes % (1024 * 1024) === 0 && bytes > 0
    ? `${bytes / 1024 / 1024} MiB`
    : bytes % 1024 === 0 && bytes > 0
      ? `${bytes / 1024} KiB`
      : `${bytes} bytes`;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text (a byte order mark dropped), or where the first byte that is not UTF-8 sits. */
function decode(file: string, bytes: Uint8Array): SpecFile | FailedSpec {
  try {
    return { path: file, content: utf8.decode(bytes) };
  } catch {
    const at = firstInvalidUtf8Byte(bytes) ?? 0;
    const byte = bytes[at]!.toString(16).padStart(2, '0');
    return failedFile(
      file,
      'spec.not-utf8',
      `not UTF-8 at byte ${at} (0x${byte}): the file is not read`,
      positionOfByte(file, bytes, at),
    );
  }
}

/** Line and column (in characters) of a byte that follows only valid UTF-8. */
function positionOfByte(file: string, bytes: Uint8Array, at: number): SourcePosition {
  const lineStart = at === 0 ? 0 : bytes.lastIndexOf(0x0a, at - 1) + 1;
  let line = 1;
  for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
  const column =
    new TextDecoder('utf-8', { ignoreBOM: lineStart > 0 }).decode(bytes.subarray(lineStart, at)).length + 1;
  return { file, line, column };
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));
