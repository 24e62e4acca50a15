import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
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
    expect(files.map(f => f.path)).toEqual([
      'fargate/api.YAML',
      'fargate/payments.yaml',
      'fargate/team-b/nested/batch.yml',
    ]);
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
    expect(await loadSpecs('nope')).toStrictEqual({
      specs: [],
      clusters: [],
      failed: [{ file: 'nope', diagnostics: [missing] }],
      skipped: [],
      diagnostics: [missing],
    });
  });

  it('warns when the folder holds no spec file, and reads a single file', async () => {
    await mkdir('empty');
    const { diagnostics } = await loadSpecs('empty');
    expect(diagnostics.map(d => [d.severity, d.code, d.message])).toEqual([
      ['warning', 'spec.no-files', 'no `*.yaml`, `*.yml` or `*.json` file under `empty`'],
    ]);
    expect((await loadSpecs('fargate/payments.yaml')).specs.map(s => s.name)).toEqual(['payments']);
  });

  it('reports a broken symlink to a spec file as a failed file', async () => {
    await symlink('missing.yaml', 'fargate/broken.yaml');
    const { diagnostics, specs, failed } = await loadSpecs('fargate');
    const unreadable = {
      severity: 'error',
      code: 'spec.unreadable',
      message: 'broken symbolic link',
      source: { file: 'fargate/broken.yaml', line: 1, column: 1 },
    };
    expect(specs).toHaveLength(3);
    expect(failed).toStrictEqual([{ file: 'fargate/broken.yaml', diagnostics: [unreadable] }]);
    expect(diagnostics).toEqual([unreadable]);
    await expect(readSpecFolder('fargate')).rejects.toThrow('fargate/broken.yaml: broken symbolic link');
  });

  it('gives the outcome of every document of every file, failed files and documents in path order', async () => {
    const nodes =
      'apiVersion: instancemgr.keikoproj.io/v1alpha1\nkind: InstanceGroup\nmetadata: { name: nodes }\nspec:\n  provisioner: eks\n';
    await writeFile(
      'fargate/team-b/mixed.yaml',
      `${spec('jobs').replace('selectors:', 'selectorz:')}---\n${nodes}---\n{ broken\n`,
    );
    await symlink('missing.yaml', 'fargate/team-b/gone.yml');
    const { specs, failed, skipped, diagnostics } = await loadSpecs('fargate');
    expect(specs.map(s => s.name)).toEqual(['api', 'payments', 'batch']);
    expect(failed.map(f => [f.file, f.document, f.name, f.cluster, f.diagnostics.map(d => d.code)])).toEqual([
      ['fargate/team-b/gone.yml', undefined, undefined, undefined, ['spec.unreadable']],
      ['fargate/team-b/mixed.yaml', 0, 'jobs', 'prod-eu', ['spec.unknown-field']],
      ['fargate/team-b/mixed.yaml', 2, undefined, undefined, ['spec.yaml-syntax']],
    ]);
    expect(skipped.map(s => [s.file, s.document, s.diagnostic.code])).toEqual([
      ['fargate/team-b/mixed.yaml', 1, 'spec.skipped'],
    ]);
    expect(diagnostics.map(d => `${d.source?.file}:${d.source?.line} ${d.code}`)).toEqual([
      'fargate/team-b/gone.yml:1 spec.unreadable',
      'fargate/team-b/mixed.yaml:7 spec.unknown-field',
      'fargate/team-b/mixed.yaml:13 spec.skipped',
      'fargate/team-b/mixed.yaml:16 spec.yaml-syntax',
    ]);
  });

  describe('contained input', () => {
    const secret = 'AKIAIOSFODNN7EXAMPLE-wJalrXUtnFEMI';
    const outside = (file: string) => ({
      severity: 'error',
      code: 'spec.link-outside',
      message: `\`${file}\` is a symbolic link to a place outside the specs folder: not read`,
      source: { file, line: 1, column: 1 },
    });
    beforeEach(async () => {
      // Beside the specs folder, as a checkout's secrets or another repository's files would be.
      await mkdir('../elsewhere/specs', { recursive: true });
      await writeFile('../elsewhere/credentials', `apiVersion: ${secret}\n`);
      await writeFile('../elsewhere/specs/other.yaml', spec('other'));
    });

    it('refuses a link to a file outside the folder, naming the link and reading nothing of the target', async () => {
      await symlink(path.resolve('../elsewhere/credentials'), 'fargate/creds.yaml');
      const result = await loadSpecs('fargate');
      expect(result.failed).toStrictEqual([
        { file: 'fargate/creds.yaml', diagnostics: [outside('fargate/creds.yaml')] },
      ]);
      expect(result.diagnostics).toEqual([outside('fargate/creds.yaml')]);
      expect(result.specs.map(s => s.name)).toEqual(['api', 'payments', 'batch']);
      expect(JSON.stringify(result)).not.toContain(secret);
      await expect(readSpecFolder('fargate')).rejects.toThrow(
        'fargate/creds.yaml: `fargate/creds.yaml` is a symbolic link to a place outside the specs folder: not read',
      );
    });

    it('refuses a link to a folder outside, and to `/`, without walking them', async () => {
      await symlink('../../elsewhere/specs', 'fargate/shared');
      await symlink('/', 'fargate/team-b/root');
      const started = Date.now();
      const { specs, failed, diagnostics } = await loadSpecs('fargate');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(specs.map(s => s.name)).toEqual(['api', 'payments', 'batch']);
      expect(failed.map(f => f.file)).toEqual(['fargate/shared', 'fargate/team-b/root']);
      expect(diagnostics).toEqual([outside('fargate/shared'), outside('fargate/team-b/root')]);
    });

    it('follows links that stay inside the folder, to files and folders', async () => {
      await mkdir('fargate/.drafts');
      await writeFile('fargate/.drafts/jobs.yaml', spec('jobs'));
      await writeFile('fargate/team-b/search.txt', spec('search'));
      await symlink('.drafts', 'fargate/drafts');
      await symlink('team-b/search.txt', 'fargate/search.yaml');
      const { specs, diagnostics } = await loadSpecs('fargate');
      expect(diagnostics).toEqual([]);
      expect(specs.map(s => `${s.source.file} ${s.name}`)).toEqual([
        'fargate/api.YAML api',
        'fargate/drafts/jobs.yaml jobs',
        'fargate/payments.yaml payments',
        'fargate/search.yaml search',
        'fargate/team-b/nested/batch.yml batch',
      ]);
    });

    it('passes over a FIFO without opening it', async () => {
      const made = spawnSync('mkfifo', [path.resolve('fargate/pipe.yaml')]);
      if (made.error || made.status !== 0) {
        // eslint-disable-next-line no-console -- a skipped check says so in the test run's output
        console.warn(`mkfifo is not available here (${made.error?.message ?? made.stderr}); the FIFO test is skipped`);
        return;
      }
      expect((await stat('fargate/pipe.yaml')).isFIFO()).toBe(true);
      // Opening a FIFO waits for a writer: were it opened, this would not finish.
      const { specs, failed, diagnostics } = await loadSpecs('fargate');
      expect(specs).toHaveLength(3);
      expect(failed).toEqual([]);
      expect(diagnostics).toEqual([
        {
          severity: 'info',
          code: 'spec.not-a-file',
          message: 'passed over: a named pipe (FIFO), not a regular file',
          source: { file: 'fargate/pipe.yaml', line: 1, column: 1 },
        },
      ]);
    });

    it('refuses a file over the size limit, naming the limit', async () => {
      const size = Buffer.byteLength(spec('payments'));
      const { specs, failed } = await loadSpecs('fargate', { maxFileBytes: 100 });
      expect(specs).toEqual([]);
      expect(failed.map(f => f.diagnostics[0])).toContainEqual({
        severity: 'error',
        code: 'spec.too-large',
        message: `the file is ${size} bytes, over the limit of 100 bytes per spec file: not read`,
        source: { file: 'fargate/payments.yaml', line: 1, column: 1 },
      });
      expect((await loadSpecs('fargate', { maxFileBytes: size })).specs).toHaveLength(3);
    });

    it('stops reading at the spec limit, failing the file that passes it', async () => {
      const { specs, failed } = await loadSpecs('fargate', { maxSpecs: 2 });
      expect(specs.map(s => s.name)).toEqual(['api', 'payments']);
      expect(failed.map(f => [f.file, f.document, f.diagnostics.map(d => d.message)])).toEqual([
        [
          'fargate/team-b/nested/batch.yml',
          undefined,
          ['more than 2 spec documents in this run (the limit): this document and every one after it are not read'],
        ],
      ]);
    });

    it('reports content that is not UTF-8 with the offset of the first bad byte', async () => {
      const text = Buffer.from('apiVersion: fargatekeeper.dev/v1\nkind: Fargaté', 'utf8');
      await writeFile('fargate/latin1.yaml', Buffer.concat([text, Buffer.from([0xe9, 0x0a])]));
      await writeFile('fargate/utf16.yaml', Buffer.from(`\ufeff${spec('utf16')}`, 'utf16le'));
      await writeFile('fargate/bom.yaml', `\ufeff${spec('bom')}`);
      const { specs, failed } = await loadSpecs('fargate');
      expect(specs.map(s => s.name)).toContain('bom');
      expect(failed).toStrictEqual([
        {
          file: 'fargate/latin1.yaml',
          diagnostics: [
            {
              severity: 'error',
              code: 'spec.not-utf8',
              message: `not UTF-8 at byte ${text.length} (0xe9): the file is not read`,
              source: { file: 'fargate/latin1.yaml', line: 2, column: 14 },
            },
          ],
        },
        {
          file: 'fargate/utf16.yaml',
          diagnostics: [
            {
              severity: 'error',
              code: 'spec.not-utf8',
              message: 'not UTF-8 at byte 0 (0xff): the file is not read',
              source: { file: 'fargate/utf16.yaml', line: 1, column: 1 },
            },
          ],
        },
      ]);
    });
  });
});
