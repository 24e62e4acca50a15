import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The fields of a package.json that the consumer test reads. */
export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  main?: string;
  module?: string;
  types?: string;
  typings?: string;
  bin?: string | Record<string, string>;
  exports?: ExportsTarget;
  typesVersions?: Record<string, Record<string, string[]>>;
  configSchema?: string | object;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

type ExportsTarget = string | null | ExportsTarget[] | { [conditionOrSubpath: string]: ExportsTarget };

/** One place a package.json points into the package: the field that names it, and the path. */
export interface EntryPoint {
  field: string;
  target: string;
}

/** A tarball of `npm pack`, unpacked: its manifest and the paths of its files (relative, `/`-separated). */
export interface PackedPackage {
  manifest: PackageManifest;
  tarball: string;
  /** Where it is unpacked (the tarball's `package/` folder). */
  dir: string;
  files: string[];
}

/** Every path the manifest names: main, module, types, bin, each `exports` and `typesVersions` target, configSchema. */
export function entryPoints(manifest: PackageManifest): EntryPoint[] {
  const entries: EntryPoint[] = [];
  for (const field of ['main', 'module', 'types', 'typings'] as const) {
    const target = manifest[field];
    if (typeof target === 'string') entries.push({ field, target });
  }
  if (typeof manifest.bin === 'string') entries.push({ field: 'bin', target: manifest.bin });
  for (const [name, target] of Object.entries(typeof manifest.bin === 'object' ? manifest.bin : {})) {
    entries.push({ field: `bin.${name}`, target });
  }
  const walkExports = (field: string, target: ExportsTarget | undefined): void => {
    if (typeof target === 'string') entries.push({ field, target });
    else if (Array.isArray(target)) target.forEach((t, i) => walkExports(`${field}[${i}]`, t));
    else if (target) {
      for (const [key, t] of Object.entries(target)) {
        // Backstage's `backstage` condition is a marker for feature discovery, not a path.
        if (key !== 'backstage') walkExports(`${field}[${JSON.stringify(key)}]`, t);
      }
    }
  };
  walkExports('exports', manifest.exports);
  for (const [range, paths] of Object.entries(manifest.typesVersions ?? {})) {
    for (const [subpath, targets] of Object.entries(paths)) {
      targets.forEach(target =>
        entries.push({ field: `typesVersions[${JSON.stringify(range)}][${JSON.stringify(subpath)}]`, target }),
      );
    }
  }
  if (typeof manifest.configSchema === 'string') entries.push({ field: 'configSchema', target: manifest.configSchema });
  return entries;
}

/**
 * What is wrong with a packed package, as a consumer would find out: a private package, an entry point
 * missing from the tarball or naming a TypeScript source, a dependency on a workspace or a local path,
 * or one on a package of ours that is not packed beside it at this version. Empty when it is usable.
 */
export function tarballProblems(pkg: PackedPackage, packedVersions: ReadonlyMap<string, string>): string[] {
  const { manifest } = pkg;
  const problems: string[] = [];
  const files = new Set(pkg.files);
  if (manifest.private) problems.push('is private (npm publish refuses it)');
  const entries = entryPoints(manifest);
  if (!entries.some(e => e.field === 'main' || e.field.startsWith('exports') || e.field.startsWith('bin'))) {
    problems.push('names no entry point (main, exports or bin)');
  }
  for (const { field, target } of entries) {
    const path = target.replace(/^\.\//, '');
    if (!(path.includes('*') ? pkg.files.some(matcher(path)) : files.has(path))) {
      problems.push(`${field} names ${target}, which is not in the tarball`);
    }
    if (/^src\//.test(path) || (/\.(m|c)?tsx?$/.test(path) && !/\.d\.(m|c)?ts$/.test(path))) {
      problems.push(`${field} names ${target}: a TypeScript source, not built code`);
    }
  }
  for (const kind of ['dependencies', 'peerDependencies', 'optionalDependencies'] as const) {
    for (const [name, range] of Object.entries(manifest[kind] ?? {})) {
      if (/^(workspace|file|link|portal):/.test(range))
        problems.push(`${kind}.${name} is ${range}: not installable from a registry`);
      const packed = packedVersions.get(name);
      if (name.startsWith('@fargatekeeper/') && kind !== 'peerDependencies' && (!packed || !range.includes(packed))) {
        problems.push(
          `${kind}.${name} is ${range}, but ${packed ? `version ${packed} is packed` : 'that package is not packed'}`,
        );
      }
    }
  }
  return problems;
}

/** Reads an unpacked tarball (`dir` is its `package/` folder). */
export function readPacked(tarball: string, dir: string): PackedPackage {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageManifest;
  return { manifest, tarball, dir, files: listFiles(dir) };
}

/** Every file under `dir`, as `/`-separated paths relative to it, sorted. */
export function listFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(relative(dir, path).split('\\').join('/'));
    }
  };
  walk(dir);
  return files.sort();
}

/** The tarball's file name as `npm pack` writes it: `@scope/name@1.2.3` gives `scope-name-1.2.3.tgz`. */
export function tarballName(name: string, version: string): string {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

/** A fresh folder (made if missing). */
export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

function matcher(pattern: string): (file: string) => boolean {
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegex).join('.+')}$`);
  return file => regex.test(file);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
