import { posix } from 'node:path';
import { InputError } from '@backstage/errors';

const MAX_SEGMENT = 63;

/**
 * A file-name segment from user input: lowercase letters, digits and single dashes, nothing else.
 * Nothing is decoded, so `..`, `/`, `\`, `%2e%2e%2f` or NUL can only ever become dashes and letters.
 */
export function safeSegment(input: string): string {
  return input
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, MAX_SEGMENT)
    .replace(/-+$/, '');
}

/**
 * Where a request writes its spec: `<folder>/<cluster>/<name>.yaml`. The segments come from user input
 * and are reduced by {@link safeSegment}; the joined path is checked to stay inside the folder.
 * (Overwriting an existing file is prevented separately, by checking the branch.)
 */
export function requestSpecPath(folder: string, cluster: string, name: string): string {
  const clusterSegment = safeSegment(cluster);
  const nameSegment = safeSegment(name);
  if (!clusterSegment || !nameSegment) {
    throw new InputError(`cannot build a spec file name from cluster '${cluster}' and name '${name}'`);
  }
  const path = posix.normalize(posix.join(folder, clusterSegment, `${nameSegment}.yaml`));
  const inside = folder === '' ? !path.startsWith('/') && !path.startsWith('..') : path.startsWith(`${folder}/`);
  if (!inside) throw new InputError(`the spec file '${path}' would be outside the specs folder '${folder}'`);
  return path;
}
