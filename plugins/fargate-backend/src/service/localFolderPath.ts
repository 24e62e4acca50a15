import { stat, realpath } from 'node:fs/promises';
import { basename, dirname, join, posix, relative, sep } from 'node:path';

/** Where a local specs folder sits in its repository, and how it was found. */
export interface LocalFolderPath {
  /** Posix path of the folder inside the repository (`''` for the repository's root). */
  path: string;
  /** `checkout`: under a git working tree's root; `configured`: `fargate.specs.folder`; `parent`: the folder's own name. */
  from: 'checkout' | 'configured' | 'parent';
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** The root of the git working tree holding `dir` (a `.git` folder, or the `.git` file of a worktree or submodule). */
export async function findCheckoutRoot(dir: string): Promise<string | undefined> {
  for (let current = dir; ; current = dirname(current)) {
    if (await exists(join(current, '.git'))) return current;
    if (dirname(current) === current) return undefined;
  }
}

const toPosix = (path: string) => path.split(sep).join('/');

/**
 * The path a user of the specs repository sees for the local specs folder, so spec files show as
 * `<path>/<file inside the folder>` rather than relative to the backend's working directory:
 * - in a git checkout: relative to the checkout's root;
 * - else, with a repository URL configured: `fargate.specs.folder` (the folder is a copy of it);
 * - else: the folder's own name (paths relative to its parent).
 */
export async function localFolderPath(
  localFolder: string,
  options: { folder: string; hasRepository: boolean },
): Promise<LocalFolderPath> {
  const real = await realpath(localFolder);
  const root = await findCheckoutRoot(real);
  if (root !== undefined) return { path: toPosix(relative(root, real)), from: 'checkout' };
  if (options.hasRepository) return { path: options.folder, from: 'configured' };
  return { path: basename(real), from: 'parent' };
}

/** A file read from the local folder (as `readSpecFolder` gives it) as a path inside the repository. */
export function pathInRepository(localFolder: string, folderPath: string, file: string): string {
  return posix.join(folderPath, toPosix(relative(localFolder, file)));
}
