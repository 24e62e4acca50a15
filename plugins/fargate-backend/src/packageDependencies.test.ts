import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

// What the published package needs at runtime is what its non-test sources import: those, and only
// those, belong in `dependencies` (the app installs them); dev/, tests and fixtures use devDependencies.
const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const isTestFile = (file: string) => /\.test\.tsx?$|(^|\/)__testUtils__\//.test(file);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) ? [relative(root, path)] : [];
  });
}

function packagesImportedBy(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  const specifiers = [...text.matchAll(/(?:from|import\(|require\()\s*'([^'.][^']*)'/g)].map(m => m[1]!);
  return specifiers
    .filter(s => !s.startsWith('node:') && !builtinModules.includes(s))
    .map(s => (s.startsWith('@') ? s.split('/').slice(0, 2) : s.split('/').slice(0, 1)).join('/'));
}

describe('the package dependencies', () => {
  const runtimeFiles = sources(join(root, 'src')).filter(file => !isTestFile(file));

  it('lists every package the runtime sources import in dependencies', () => {
    const missing = runtimeFiles.flatMap(file =>
      packagesImportedBy(file)
        .filter(
          name => name !== pkg.name && !(name in (pkg.dependencies ?? {})) && !(name in (pkg.peerDependencies ?? {})),
        )
        .map(name => `${file}: ${name}`),
    );
    expect(missing).toEqual([]);
  });

  it('lists nothing in dependencies that the runtime sources do not import', () => {
    const imported = new Set(runtimeFiles.flatMap(packagesImportedBy));
    expect(Object.keys(pkg.dependencies ?? {}).filter(name => !imported.has(name))).toEqual([]);
  });

  it('keeps @backstage/backend-defaults (the app brings its own) out of the runtime', () => {
    expect(pkg.dependencies).not.toHaveProperty(['@backstage/backend-defaults']);
    expect(pkg.devDependencies).toHaveProperty(['@backstage/backend-defaults']);
    expect(runtimeFiles.filter(file => packagesImportedBy(file).includes('@backstage/backend-defaults'))).toEqual([]);
  });
});
