import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let writes = 0;

/** A temporary name in the file's own folder (a rename is atomic only within one file system), unique per write. */
const temporaryFor = (file: string): string => join(dirname(file), `.${basename(file)}.${process.pid}.${++writes}.tmp`);

/** Flushes the folder entry of a rename; some platforms cannot open a folder for that, and need not. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Windows refuses to open folders; its renames are durable enough for a simulated account.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Replaces `file` with `text` so that a reader, or a crash at any moment, sees the old content or the
 * new, never a mix: a temporary file in the same folder, flushed to disk, then renamed over it.
 * Synchronous, for callers that must know the file is written before they go on (apply's steps).
 */
export function writeFileAtomicSync(file: string, text: string): void {
  const temporary = temporaryFor(file);
  try {
    const fd = openSync(temporary, 'w');
    try {
      writeFileSync(fd, text, 'utf8');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Never created, or already renamed.
    }
    throw error;
  }
  syncFolder(dirname(file));
}

/** {@link writeFileAtomicSync} without blocking the event loop. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temporary = temporaryFor(file);
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  syncFolder(dirname(file));
}
