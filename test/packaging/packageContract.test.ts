// The published packages' package.json contract, read statically: what `npm pack` ships is what their
// entry points name, and npm can tell who made them. The tarballs themselves are installed and used by
// the consumer test (test/consumer); this one is fast enough for every `npm test`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const repositoryUrl = 'https://github.com/fargatekeeper/fargatekeeper';

interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  keywords?: string[];
  homepage?: string;
  bugs?: { url?: string };
  repository?: { type?: string; url?: string; directory?: string };
  engines?: { node?: string };
  main?: string;
  types?: string;
  bin?: Record<string, string>;
  exports?: Record<string, string>;
  typesVersions?: Record<string, Record<string, string[]>>;
  publishConfig?: { access?: string; main?: string; module?: string; types?: string; exports?: unknown };
  files?: string[];
  sideEffects?: boolean;
  configSchema?: string;
  scripts?: Record<string, string>;
  backstage?: { role?: string; pluginId?: string; pluginPackages?: string[]; pluginPackage?: string };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

interface Workspace {
  dir: string;
  pkg: PackageJson;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(root, file), 'utf8')) as T;

/** The workspaces of the root package.json (`packages/*`, `plugins/*`), each with its package.json. */
function workspaces(): Workspace[] {
  const globs = readJson<{ workspaces: string[] }>('package.json').workspaces;
  return globs.flatMap(glob => {
    const parent = glob.replace(/\/\*$/, '');
    return readdirSync(join(root, parent))
      .map(name => `${parent}/${name}`)
      .filter(dir => existsSync(join(root, dir, 'package.json')))
      .map(dir => ({ dir, pkg: readJson<PackageJson>(`${dir}/package.json`) }));
  });
}

/** What `backstage-cli package build` writes for a role (cjs, esm, types), from Backstage's own role table. */
function roleOutputs(role: string): string[] {
  const requireFromCli = createRequire(require.resolve('@backstage/cli/package.json'));
  const { PackageRoles } = requireFromCli('@backstage/cli-node') as {
    PackageRoles: { getRoleInfo(role: string): { output: string[] } };
  };
  return PackageRoles.getRoleInfo(role).output;
}

/** True when npm packs `path` because of the `files` field (plain paths and folders, as this repository uses). */
const shipped = (files: string[] | undefined, path: string): boolean =>
  (files ?? []).some(entry => path === entry || path.startsWith(`${entry.replace(/\/$/, '')}/`));

const names = (list: Workspace[]) => list.map(w => w.pkg.name);
const named = (list: Workspace[]) => list.map(w => [w.pkg.name, w] as const);
const roleOf = (w: Workspace): string => w.pkg.backstage?.role ?? '';

const all = workspaces();
const published = all.filter(w => !w.pkg.private);
const cli = published.find(w => w.pkg.name === '@fargatekeeper/cli')!;
/** Built by `backstage-cli package build` and packed through its prepack/postpack: all but the CLI. */
const backstageBuilt = published.filter(w => w !== cli);
const backstagePlugins = published.filter(w => w.dir.startsWith('plugins/'));
// A package.json written ahead of its sources gets its build script with them: the root build
// (`backstage-cli repo build`) skips a package without one.
const withSources = backstageBuilt.filter(w => existsSync(join(root, w.dir, 'src')));
const withExports = backstageBuilt.filter(w => w.pkg.exports);
const plugins = backstageBuilt.filter(w => ['backend-plugin', 'frontend-plugin'].includes(roleOf(w)));
const modules = backstageBuilt.filter(w => roleOf(w) === 'backend-plugin-module');
const backendPlugins = backstageBuilt.filter(w => roleOf(w) === 'backend-plugin');
/** The fargate plugin's packages (pluginId `fargate`): its frontend and backend plugins and their libraries. */
const fargatePackages = backstageBuilt.filter(w => w.pkg.backstage?.pluginId === 'fargate');
const browserLibraries = backstageBuilt.filter(w => ['frontend-plugin', 'common-library'].includes(roleOf(w)));
const withConfigSchema = backstageBuilt.filter(w => w.pkg.configSchema !== undefined);

describe('published packages', () => {
  it('are every workspace but the action, which ships through action.yml and its committed bundle', () => {
    expect(names(all.filter(w => w.pkg.private))).toEqual(['@fargatekeeper/action']);
    expect(names(published)).toEqual(
      expect.arrayContaining([
        '@fargatekeeper/core',
        '@fargatekeeper/cli',
        '@fargatekeeper/backstage-plugin-fargate',
        '@fargatekeeper/backstage-plugin-fargate-backend',
        '@fargatekeeper/backstage-plugin-fargate-common',
        '@fargatekeeper/backstage-plugin-fargate-node',
      ]),
    );
  });

  it('are versioned by changesets, which ignores exactly the private ones', () => {
    const config = readJson<{ ignore: string[]; access: string; baseBranch: string }>('.changeset/config.json');
    expect(config).toMatchObject({ access: 'public', baseBranch: 'main' });
    expect(config.ignore).toEqual(names(all.filter(w => w.pkg.private)));
  });

  it.each(named(published))('%s says who made it, where it lives and how it may be used', (_name, { dir, pkg }) => {
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.license).toBe('Apache-2.0');
    expect(pkg.repository).toEqual({ type: 'git', url: `${repositoryUrl}.git`, directory: dir });
    expect(pkg.homepage?.startsWith(repositoryUrl)).toBe(true);
    expect(pkg.bugs?.url).toBe(`${repositoryUrl}/issues`);
    expect(pkg.engines?.node).toMatch(/^>=\d+/);
    expect(pkg.publishConfig?.access).toBe('public');
    expect(pkg.keywords?.length).toBeGreaterThan(0);
  });

  it.each(named(backstagePlugins))('%s is found as a Backstage package', (_name, { pkg }) => {
    expect(pkg.keywords).toContain('backstage');
  });

  it.each(named(all))(
    '%s depends on the workspace version of every fargatekeeper package it uses',
    (_name, { pkg }) => {
      const versions = new Map(all.map(w => [w.pkg.name, w.pkg.version]));
      const internal = Object.entries({ ...pkg.devDependencies, ...pkg.dependencies }).filter(([name]) =>
        versions.has(name),
      );
      // npm links a workspace only when its version satisfies the range; otherwise it fetches the registry's.
      expect(internal.map(([name, range]) => `${name}@${range}`)).toEqual(
        internal.map(([name]) => `${name}@${versions.get(name)}`),
      );
    },
  );
});

describe('packages built by backstage-cli package build', () => {
  it('come in every kind the checks below distinguish', () => {
    expect(names(withSources)).toEqual(
      expect.arrayContaining(['@fargatekeeper/core', '@fargatekeeper/backstage-plugin-fargate']),
    );
    expect(names(withExports)).toEqual(
      expect.arrayContaining(['@fargatekeeper/core', '@fargatekeeper/backstage-plugin-fargate']),
    );
    expect(names(plugins)).toEqual(
      expect.arrayContaining([
        '@fargatekeeper/backstage-plugin-fargate',
        '@fargatekeeper/backstage-plugin-fargate-backend',
      ]),
    );
    expect(names(browserLibraries)).toEqual(
      expect.arrayContaining(['@fargatekeeper/core', '@fargatekeeper/backstage-plugin-fargate-common']),
    );
    expect(names(withConfigSchema)).toContain('@fargatekeeper/backstage-plugin-fargate-backend');
    expect(modules.length).toBeGreaterThan(0);
    expect(names(fargatePackages)).toEqual(
      expect.arrayContaining([
        '@fargatekeeper/backstage-plugin-fargate-common',
        '@fargatekeeper/backstage-plugin-fargate-node',
      ]),
    );
  });

  it.each(named(backstageBuilt))('%s packs dist/ through backstage-cli prepack and postpack', (_name, { pkg }) => {
    expect(pkg.scripts?.prepack).toBe('backstage-cli package prepack');
    expect(pkg.scripts?.postpack).toBe('backstage-cli package postpack');
    expect(pkg.files).toContain('dist');
    expect(pkg.files?.filter(f => f === 'src' || f.startsWith('src/'))).toEqual([]);
  });

  it.each(named(backstageBuilt))(
    "%s publishes main, module and types from dist/, the build's outputs for its role",
    (_name, w) => {
      const outputs = roleOutputs(roleOf(w));
      const { main, module, types, exports } = w.pkg.publishConfig ?? {};
      expect(types).toBe('dist/index.d.ts');
      expect(main).toBe(outputs.includes('cjs') ? 'dist/index.cjs.js' : 'dist/index.esm.js');
      expect(module).toBe(outputs.includes('esm') ? 'dist/index.esm.js' : undefined);
      const entries = [main, module, types].filter((f): f is string => f !== undefined);
      expect(entries.filter(f => !shipped(w.pkg.files, f))).toEqual([]);
      // prepack derives `exports` from the source map (below); a fixed one here would drop its Backstage feature keys.
      expect(exports).toBeUndefined();
    },
  );

  it.each(named(withSources))(
    '%s builds with backstage-cli and resolves to its TypeScript sources in the workspace',
    (_name, { dir, pkg }) => {
      expect(pkg.scripts?.build).toBe('backstage-cli package build');
      expect(pkg.main).toMatch(/^src\/index\.tsx?$/);
      expect(pkg.types).toBe(pkg.main);
      expect(existsSync(join(root, dir, pkg.main!))).toBe(true);
    },
  );

  it.each(named(withExports))(
    '%s maps every export to a top-level source file, which prepack turns into dist/<name>.*',
    (_name, { dir, pkg }) => {
      const { './package.json': self, ...entries } = pkg.exports!;
      expect(self).toBe('./package.json');
      for (const [mount, target] of Object.entries(entries)) {
        const name = mount === '.' ? 'index' : mount.slice(2);
        expect(target).toMatch(new RegExp(`^\\./src/${name}\\.tsx?$`));
        expect(existsSync(join(root, dir, target))).toBe(true);
      }
      // Where typesVersions repeats the subpaths (for TypeScript's node10 resolution), it names the same files.
      const subpaths = Object.entries(entries).filter(([mount]) => mount !== '.');
      const typesVersions =
        pkg.typesVersions?.['*'] ?? Object.fromEntries(subpaths.map(([m, t]) => [m.slice(2), [t.slice(2)]]));
      expect(subpaths.map(([mount]) => typesVersions[mount.slice(2)])).toEqual(subpaths.map(([, t]) => [t.slice(2)]));
    },
  );

  it.each(named(browserLibraries))('%s is free of side effects, so app bundles tree-shake it', (_name, { pkg }) => {
    expect(pkg.sideEffects).toBe(false);
  });

  it.each(named(plugins))('%s carries the plugin metadata that backstage-cli prepack requires', (_name, { pkg }) => {
    expect(pkg.backstage?.pluginId).toBeTruthy();
    expect(pkg.backstage?.pluginPackages).toContain(pkg.name);
  });

  it.each(named(fargatePackages))(
    '%s lists every package of the fargate plugin in pluginPackages, as Backstage groups them',
    (_name, { pkg }) => {
      expect(pkg.backstage?.pluginPackages).toEqual(names(fargatePackages).sort());
    },
  );

  it.each(named(modules))('%s names the plugin it extends, as backstage-cli prepack requires', (_name, { pkg }) => {
    expect(pkg.backstage?.pluginId).toBeTruthy();
    expect(pkg.backstage?.pluginPackage).toMatch(/^@backstage\/plugin-/);
  });

  it.each(named(modules))(
    "%s uses other plugins through their node libraries, never a backend plugin's package",
    (_name, { pkg }) => {
      const dependencies = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies });
      expect(dependencies.filter(name => names(backendPlugins).includes(name))).toEqual([]);
    },
  );

  it.each(named(withConfigSchema))(
    '%s ships the configuration schema that configSchema names',
    (_name, { dir, pkg }) => {
      // prepack compiles this TypeScript schema into config.schema.json and ships that in its place.
      expect(pkg.configSchema).toBe('config.d.ts');
      expect(existsSync(join(root, dir, 'config.d.ts'))).toBe(true);
      expect(pkg.files).toContain('config.d.ts');
    },
  );
});

describe('@fargatekeeper/cli', () => {
  const { pkg } = cli;

  it('ships its bin and the bundle, no sources and no build script', () => {
    expect(pkg.bin).toEqual({ fargatekeeper: 'bin/fargatekeeper.js' });
    expect(['bin/fargatekeeper.js', 'dist/cli.js', 'src/index.ts', 'build.js'].map(f => shipped(pkg.files, f))).toEqual(
      [true, true, false, false],
    );
    expect(pkg.main).toBeUndefined(); // a command: no module entry to resolve
  });

  it("depends on exactly the packages its bundle requires, with core's ranges (core itself is bundled)", async () => {
    const build = require(join(root, cli.dir, 'build.js')) as { ensureBuilt(): Promise<string> };
    const bundle = readFileSync(await build.ensureBuilt(), 'utf8');
    const builtins = new Set(builtinModules.flatMap(m => [m, `node:${m}`]));
    const required = [...bundle.matchAll(/\brequire\("([^"]+)"\)/g)]
      .map(m => m[1])
      .filter(s => !s.startsWith('.') && !builtins.has(s))
      .map(s => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]));
    expect(required.length).toBeGreaterThan(0);
    const dependencies = Object.entries(pkg.dependencies ?? {});
    expect(dependencies.map(([name]) => name).sort()).toEqual([...new Set(required)].sort());
    const core = readJson<PackageJson>('packages/core/package.json');
    expect(dependencies.map(([name, range]) => `${name}@${range}`)).toEqual(
      dependencies.map(([name]) => `${name}@${core.dependencies?.[name]}`),
    );
  });
});
