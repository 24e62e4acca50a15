import { execFileSync } from 'node:child_process';
import { realpathSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';

/**
 * The specs source a run plans for, when `--source` does not say it: `OWNER/REPO:FOLDER` from the
 * checkout's `origin` remote and the specs folder's path inside the repository (just `OWNER/REPO` at
 * the root); the folder's path in the repository without an `origin`; outside git the folder's real
 * absolute path (not the path as typed: run from another directory, a relative path would name another
 * source and leave every profile alone as someone else's).
 */
export function detectSource(specsDir: string, run: GitRunner = git): string {
  const folder = resolve(specsDir);
  // `--specs` may name a single file: git runs in its folder.
  const top = run(['rev-parse', '--show-toplevel'], isFile(folder) ? dirname(folder) : folder);
  const relativeTo = (root: string) => relative(real(root), real(folder)).split(sep).join('/');
  if (top === undefined) return real(folder).split(sep).join('/');
  const inRepo = relativeTo(top);
  const url = run(['config', '--get', 'remote.origin.url'], top);
  const repo = url !== undefined ? repositoryOf(url) : undefined;
  if (repo === undefined) return inRepo || '.';
  return inRepo ? `${repo}:${inRepo}` : repo;
}

/** `OWNER/REPO` of a remote URL: https (`https://github.com/o/r.git`), scp-like ssh (`git@github.com:o/r.git`) or `ssh://`. */
export function repositoryOf(url: string): string | undefined {
  const path = /^[a-z][a-z0-9+.-]*:\/\/[^/]+\/(.+)$/i.exec(url)?.[1] ?? /^[^/:@]+@[^:]+:(.+)$/.exec(url)?.[1];
  const parts = path
    ?.replace(/\.git\/?$/, '')
    .replace(/\/+$/, '')
    .split('/')
    .filter(Boolean);
  return parts && parts.length >= 2 ? parts.slice(-2).join('/') : undefined;
}

/** Runs git in `cwd`; undefined when git is missing, fails, or prints nothing. */
export type GitRunner = (args: string[], cwd: string) => string | undefined;

const git: GitRunner = (args, cwd) => {
  try {
    const out = execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5_000,
    }).trim();
    return out === '' ? undefined : out;
  } catch {
    return undefined;
  }
};

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
