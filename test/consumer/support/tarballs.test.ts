import { entryPoints, tarballProblems, tarballName, type PackageManifest, type PackedPackage } from './tarballs';

const packed = (manifest: Partial<PackageManifest>, files: string[]): PackedPackage => ({
  manifest: { name: '@fargatekeeper/backstage-plugin-fargate-backend', version: '0.1.0', ...manifest },
  tarball: '/tmp/x.tgz',
  dir: '/tmp/x/package',
  files: ['package.json', ...files],
});
const versions = new Map([
  ['@fargatekeeper/core', '0.1.0'],
  ['@fargatekeeper/backstage-plugin-fargate-backend', '0.1.0'],
]);

describe('tarballProblems', () => {
  const backend: Partial<PackageManifest> = {
    main: 'dist/index.cjs.js',
    types: 'dist/index.d.ts',
    configSchema: 'config.schema.json',
    dependencies: { '@fargatekeeper/core': '0.1.0', express: '^4.22.0' },
  };
  const backendFiles = ['dist/index.cjs.js', 'dist/index.d.ts', 'config.schema.json'];

  it('finds nothing wrong with a package whose entry points are built files inside it', () => {
    expect(tarballProblems(packed(backend, backendFiles), versions)).toEqual([]);
  });

  it('names each entry point missing from the tarball', () => {
    expect(tarballProblems(packed(backend, ['dist/index.cjs.js']), versions)).toEqual([
      'types names dist/index.d.ts, which is not in the tarball',
      'configSchema names config.schema.json, which is not in the tarball',
    ]);
  });

  it('refuses a private package, TypeScript sources as entry points, and workspace or local dependencies', () => {
    const problems = tarballProblems(
      packed(
        {
          private: true,
          main: 'src/index.ts',
          types: 'src/index.ts',
          dependencies: { '@fargatekeeper/core': 'workspace:*' },
        },
        ['src/index.ts'],
      ),
      versions,
    );
    expect(problems).toEqual([
      'is private (npm publish refuses it)',
      'main names src/index.ts: a TypeScript source, not built code',
      'types names src/index.ts: a TypeScript source, not built code',
      'dependencies.@fargatekeeper/core is workspace:*: not installable from a registry',
      'dependencies.@fargatekeeper/core is workspace:*, but version 0.1.0 is packed',
    ]);
  });

  it('refuses a dependency on a package of ours that is not packed beside it', () => {
    const manifest = { ...backend, dependencies: { '@fargatekeeper/backstage-plugin-fargate-common': '0.1.0' } };
    expect(tarballProblems(packed(manifest, backendFiles), versions)).toEqual([
      'dependencies.@fargatekeeper/backstage-plugin-fargate-common is 0.1.0, but that package is not packed',
    ]);
  });

  it('checks every exports condition and typesVersions target, and wildcard targets against the files', () => {
    const manifest: Partial<PackageManifest> = {
      exports: {
        '.': { import: './dist/index.esm.js', types: './dist/index.d.ts', default: './dist/index.esm.js' },
        './alpha': {
          backstage: '@backstage/FrontendPlugin',
          import: './dist/alpha.esm.js',
          types: './dist/alpha.d.ts',
        },
        './icons/*': './dist/icons/*.js',
        './package.json': './package.json',
      },
      typesVersions: { '*': { alpha: ['dist/alpha.d.ts'] } },
    };
    expect(entryPoints(packed(manifest, []).manifest).map(e => e.field)).toEqual([
      'exports["."]["import"]',
      'exports["."]["types"]',
      'exports["."]["default"]',
      'exports["./alpha"]["import"]',
      'exports["./alpha"]["types"]',
      'exports["./icons/*"]',
      'exports["./package.json"]',
      'typesVersions["*"]["alpha"]',
    ]);
    expect(
      tarballProblems(packed(manifest, ['dist/index.esm.js', 'dist/index.d.ts', 'dist/alpha.esm.js']), versions),
    ).toEqual([
      'exports["./alpha"]["types"] names ./dist/alpha.d.ts, which is not in the tarball',
      'exports["./icons/*"] names ./dist/icons/*.js, which is not in the tarball',
      'typesVersions["*"]["alpha"] names dist/alpha.d.ts, which is not in the tarball',
    ]);
  });

  it('refuses a package that names no entry point at all', () => {
    expect(tarballProblems(packed({}, ['dist/index.cjs.js']), versions)).toEqual([
      'names no entry point (main, exports or bin)',
    ]);
  });
});

it('names tarballs as npm pack does', () => {
  expect(tarballName('@fargatekeeper/backstage-plugin-fargate', '0.1.0')).toBe(
    'fargatekeeper-backstage-plugin-fargate-0.1.0.tgz',
  );
});
