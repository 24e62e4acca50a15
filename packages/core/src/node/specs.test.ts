import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSpecs, readSpecFolder, SpecFolderError } from './specs';

const spec = (name: string) => `apiVersion: fargatekeeper.dev/v1
kind: FargateProfile
metadata: { name: ${name} }
spec:
  cluster: prod-eu
  subnets: [subnet-1a2b3c4d]
  selectors: [{ namespace: ${name} }]
`;

describe('readSpecFolder / loadSpecs', () => {
  let root: string;
  let cwd: string;
  beforeEach(async () => {
    cwd = process.cwd();
    root = await mkdtemp(path.join(tmpdir(), 'fk-specs-'));
    await mkdir(path.join(root, 'repo/fargate/team-b/nested'), { recursive: true });
    await mkdir(path.join(root, 'repo/fargate/.git'), { recursive: true });
    await writeFile(path.join(root, 'repo/fargate/payments.yaml'), spec('payments'));
    await writeFile(path.join(root, 'repo/fargate/team-b/nested/batch.yml'), spec('batch'));
    await writeFile(path.join(root, 'repo/fargate/team-b/README.md'), '# not a spec');
    await writeFile(path.join(root, 'repo/fargate/.git/config.yaml'), 'not: a spec');
    await writeFile(path.join(root, 'repo/fargate/api.YAML'), spec('api'));
    // A loop back to the folder itself must not recurse forever.
    await symlink('..', path.join(root, 'repo/fargate/team-b/loop'));
    process.chdir(path.join(root, 'repo'));
  });
  afterEach(async () => {
    process.chdir(cwd);
    await rm(root, { recursive: true, force: true });
  });

  it('finds *.yaml and *.yml recursively, sorted, with paths as the folder was given', async () => {
    const files = await readSpecFolder('fargate');
    expect(files.map(f => f.path)).toEqual(['fargate/api.YAML', 'fargate/payments.yaml', 'fargate/team-b/nested/batch.yml']);
    expect((await readSpecFolder('./fargate/')).map(f => f.path)[0]).toBe('fargate/api.YAML');
  });

  it('loads and parses the specs with their file paths in positions', async () => {
    const { specs, diagnostics } = await loadSpecs('fargate');
    expect(diagnostics).toEqual([]);
    expect(specs.map(s => `${s.source.file}:${s.source.line} ${s.name}`)).toEqual([
      'fargate/api.YAML:1 api',
      'fargate/payments.yaml:1 payments',
      'fargate/team-b/nested/batch.yml:1 batch',
    ]);
  });

  it('turns a missing folder into an error diagnostic', async () => {
    await expect(readSpecFolder('nope')).rejects.toThrow(SpecFolderError);
    const missing = {
      severity: 'error',
      code: 'spec.folder-missing',
      message: 'specs folder `nope` does not exist',
      hint: 'pass the folder that holds the specs with `--specs DIR`',
    };
    // A failed entry for the folder, of no name or cluster: it could hold any spec.
    expect(await loadSpecs('nope')).toStrictEqual({ specs: [], failed: [{ file: 'nope', diagnostics: [missing] }], skipped: [], diagnostics: [missing] });
  });

  it('warns when the folder holds no spec file, and reads a single file', async () => {
    await mkdir('empty');
    const { diagnostics } = await loadSpecs('empty');
    expect(diagnostics.map(d => [d.severity, d.code, d.message])).toEqual([['warning', 'spec.no-files', 'no `*.yaml` or `*.yml` file under `empty`']]);
    expect((await loadSpecs('fargate/payments.yaml')).specs.map(s => s.name)).toEqual(['payments']);
  });

  it('reports a broken symlink to a spec file as a failed file', async () => {
    await symlink('missing.yaml', 'fargate/broken.yaml');
    const { diagnostics, specs, failed } = await loadSpecs('fargate');
    const unreadable = { severity: 'error', code: 'spec.unreadable', message: 'broken symbolic link', source: { file: 'fargate/broken.yaml', line: 1, column: 1 } };
    expect(specs).toHaveLength(3);
    expect(failed).toStrictEqual([{ file: 'fargate/broken.yaml', diagnostics: [unreadable] }]);
    expect(diagnostics).toEqual([unreadable]);
    await expect(readSpecFolder('fargate')).rejects.toThrow('fargate/broken.yaml: broken symbolic link');
  });

  it('gives the outcome of every document of every file, failed files and documents in path order', async () => {
    const nodes = 'apiVersion: instancemgr.keikoproj.io/v1alpha1\nkind: InstanceGroup\nmetadata: { name: nodes }\nspec:\n  provisioner: eks\n';
    await writeFile('fargate/team-b/mixed.yaml', `${spec('jobs').replace('selectors:', 'selectorz:')}---\n${nodes}---\n{ broken\n`);
    await symlink('missing.yaml', 'fargate/team-b/gone.yml');
    const { specs, failed, skipped, diagnostics } = await loadSpecs('fargate');
    expect(specs.map(s => s.name)).toEqual(['api', 'payments', 'batch']);
    expect(failed.map(f => [f.file, f.document, f.name, f.cluster, f.diagnostics.map(d => d.code)])).toEqual([
      ['fargate/team-b/gone.yml', undefined, undefined, undefined, ['spec.unreadable']],
      ['fargate/team-b/mixed.yaml', 0, 'jobs', 'prod-eu', ['spec.unknown-field']],
      ['fargate/team-b/mixed.yaml', 2, undefined, undefined, ['spec.yaml-syntax']],
    ]);
    expect(skipped.map(s => [s.file, s.document, s.diagnostic.code])).toEqual([['fargate/team-b/mixed.yaml', 1, 'spec.skipped']]);
    expect(diagnostics.map(d => `${d.source?.file}:${d.source?.line} ${d.code}`)).toEqual([
      'fargate/team-b/gone.yml:1 spec.unreadable',
      'fargate/team-b/mixed.yaml:7 spec.unknown-field',
      'fargate/team-b/mixed.yaml:13 spec.skipped',
      'fargate/team-b/mixed.yaml:16 spec.yaml-syntax',
    ]);
  });
});
