import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { readInputs } from '../src/inputs';
import { bundlePath, repoRoot } from './runAction';

const run = promisify(execFile);

describe('the committed bundle', () => {
  it('is exactly what the sources build (run `npm run build:action` and commit dist/ when this fails)', async () => {
    const check = run(process.execPath, [join(repoRoot, 'packages/action/build.mjs'), '--check'], { cwd: repoRoot });
    await expect(check).resolves.toMatchObject({ stdout: expect.stringContaining('is up to date') });
  }, 30_000);

  it('holds no path of the machine it was built on, in the code nor in the source maps', () => {
    const dist = dirname(bundlePath);
    const files = readdirSync(dist);
    expect(files).toEqual(expect.arrayContaining(['index.js', 'index.js.map', 'main.mjs', 'main.mjs.map']));
    for (const file of files) {
      const text = readFileSync(join(dist, file), 'utf8');
      expect({ file, hasRoot: text.includes(repoRoot) }).toEqual({ file, hasRoot: false });
      expect(text).not.toMatch(/\/(work|home|Users)\/[^"'`\s]*fargatekeeper/);
    }
  });

  it('names its source map, which leads to the TypeScript sources', () => {
    expect(readFileSync(bundlePath, 'utf8')).toMatch(/\n\/\/# sourceMappingURL=index\.js\.map\n?$/);
    const map = JSON.parse(readFileSync(join(dirname(bundlePath), 'main.mjs.map'), 'utf8')) as { sources: string[] };
    expect(map.sources).toContain('../src/main.ts');
  });
});

describe('action.yml', () => {
  const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as {
    runs: { using: string; main: string };
    branding: { icon: string; color: string };
    inputs: Record<string, { description: string; default?: unknown }>;
    outputs: Record<string, { description: string }>;
  };

  it('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'packages/action/dist/index.js' });
    expect(join(repoRoot, action.runs.main)).toBe(bundlePath);
    expect(action.branding).toEqual({ icon: expect.any(String), color: expect.any(String) });
  });

  it('documents every input with its default, and the sources read exactly those', () => {
    // Which INPUT_ variables does readInputs() look at? Watch its reads of process.env.
    const read = new Set<string>();
    const saved = process.env;
    process.env = new Proxy(
      { ...saved },
      {
        get: (target, key) => {
          if (typeof key === 'string' && key.startsWith('INPUT_')) read.add(key.slice('INPUT_'.length).toLowerCase());
          return Reflect.get(target, key);
        },
      },
    );
    try {
      readInputs();
    } finally {
      process.env = saved;
    }
    expect(Object.keys(action.inputs).sort()).toEqual([...read].sort());
    for (const [name, input] of Object.entries(action.inputs)) {
      expect({ name, described: input.description.length > 20, hasDefault: 'default' in input }).toEqual({
        name,
        described: true,
        hasDefault: true,
      });
    }
    expect(action.inputs['github-token']!.default).toBe('${{ github.token }}');
    expect(action.inputs.specs!.default).toBe('fargate');
    expect(action.inputs.mode!.default).toBe('auto');
  });

  it('documents every output the sources set', () => {
    const sources = ['outputs.ts', 'planFlow.ts', 'applyFlow.ts']
      .map(f => readFileSync(join(repoRoot, 'packages/action/src', f), 'utf8'))
      .join('\n');
    const set = new Set([...sources.matchAll(/core\.setOutput\('([a-z-]+)'/g)].map(m => m[1]));
    expect(Object.keys(action.outputs).sort()).toEqual([...set].sort());
  });
});
