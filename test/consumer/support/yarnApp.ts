import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { runOrFail } from './commands';
import type { PackedPackage } from './tarballs';

/** The consumer app as committed: a Backstage app and backend in the shape @backstage/create-app gives. */
export const APP_SOURCE = join(__dirname, '..', 'app');
/** The app's folders with a package.json, the root first. */
export const APP_PACKAGES = ['.', 'packages/app', 'packages/backend'];

interface AppManifest {
  packageManager?: string;
  resolutions?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/**
 * Puts the Yarn release the app's `packageManager` names at its `.yarnrc.yml` `yarnPath`, as
 * create-app ships it. The release comes from the npm registry's @yarnpkg/cli-dist (npm's cache keeps
 * it), the one registry this machine reaches; corepack would fetch it from Yarn's own site.
 */
export async function installYarnRelease(appDir: string, workDir: string, timeoutMs: number): Promise<string> {
  const packageManager = readJson<AppManifest>(join(appDir, 'package.json')).packageManager ?? '';
  const version = /^yarn@(\d+\.\d+\.\d+)$/.exec(packageManager)?.[1];
  if (!version) throw new Error(`the app's packageManager is "${packageManager}", not yarn@X.Y.Z`);
  const yarnPath = /^yarnPath:\s*(\S+)\s*$/m.exec(readFileSync(join(appDir, '.yarnrc.yml'), 'utf8'))?.[1];
  if (!yarnPath) throw new Error("the app's .yarnrc.yml sets no yarnPath");
  const tarball = (
    await runOrFail('npm', ['pack', `@yarnpkg/cli-dist@${version}`, '--silent', '--pack-destination', workDir], {
      cwd: workDir,
      timeoutMs,
    })
  ).trim();
  await runOrFail('tar', ['xzf', join(workDir, basename(tarball)), '-C', workDir, 'package/bin/yarn.js'], {
    cwd: workDir,
    timeoutMs,
  });
  const release = join(appDir, yarnPath);
  mkdirSync(dirname(release), { recursive: true });
  copyFileSync(join(workDir, 'package/bin/yarn.js'), release);
  return release;
}

/**
 * Installs our packages from their tarballs: copies them into the app and points the root
 * `resolutions` at them, so the plugins' own dependencies on @fargatekeeper/* come from the tarballs
 * too, never from the registry.
 */
export function useTarballs(appDir: string, packed: readonly PackedPackage[]): void {
  mkdirSync(join(appDir, 'tarballs'), { recursive: true });
  const manifestFile = join(appDir, 'package.json');
  const manifest = readJson<AppManifest>(manifestFile);
  for (const pkg of packed) {
    copyFileSync(pkg.tarball, join(appDir, 'tarballs', basename(pkg.tarball)));
    manifest.resolutions = { ...manifest.resolutions, [pkg.manifest.name]: `file:./tarballs/${basename(pkg.tarball)}` };
  }
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * The lockfile without the entries of our packages: they name the tarball's hash, which changes with
 * every build, so the committed lockfile pins everything else and Yarn resolves ours afresh.
 */
export function withoutOwnPackages(lockfile: string): string {
  return lockfile
    .split(/\n{2,}/)
    .filter(block => !block.startsWith('"@fargatekeeper/'))
    .join('\n\n');
}

/**
 * The app's exact @backstage/* pins that differ from the version installed in the workspace: the
 * consumer app runs the Backstage release the plugins are built and tested with.
 */
export function backstagePinMismatches(appDir: string, workspaceRoot: string): string[] {
  const mismatches: string[] = [];
  for (const folder of APP_PACKAGES) {
    const manifest = readJson<AppManifest>(join(appDir, folder, 'package.json'));
    for (const [name, version] of Object.entries({ ...manifest.dependencies, ...manifest.devDependencies })) {
      const installed = join(workspaceRoot, 'node_modules', name, 'package.json');
      if (!name.startsWith('@backstage/') || !/^\d/.test(version) || !existsSync(installed)) continue;
      const workspaceVersion = readJson<{ version: string }>(installed).version;
      if (workspaceVersion !== version) {
        mismatches.push(
          `${join(folder, 'package.json')}: ${name} is pinned at ${version}, the workspace has ${workspaceVersion}`,
        );
      }
    }
  }
  return mismatches;
}
