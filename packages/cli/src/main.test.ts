import { commands } from './commands';
import { runCli } from './testing/runCli';
import { version } from './version';

describe('fargatekeeper (top level)', () => {
  it('prints the command list with --help and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: fargatekeeper <command> \[options\]/);
    for (const c of commands) expect(r.stdout).toContain(`  ${c.name}`);
    expect(r.stderr).toBe('');
  });

  it('prints the help to stderr and exits 1 without a command', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Commands:');
  });

  it('prints the version from package.json', async () => {
    for (const flag of ['--version', '-v']) {
      const r = await runCli([flag]);
      expect(r).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('rejects an unknown command with the list of commands', async () => {
    const r = await runCli(['plam']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: unknown command \`plam\`; commands: ${commands.map(c => c.name).join(', ')}\n` +
        'Usage: fargatekeeper <command> [options]\nRun `fargatekeeper --help` for usage.\n',
    );
  });

  it('says a command comes first when argv starts with an option', async () => {
    const r = await runCli(['--specs', 'x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: unknown option --specs (a command comes first)');
  });

  it("shows a command's help for `help <command>` and `<command> --help`", async () => {
    const a = await runCli(['help', 'plan']);
    const b = await runCli(['plan', '--help']);
    const c = await runCli(['plan', '-h']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(c.stdout).toBe(b.stdout);
    expect(b.stdout).toMatch(/^Usage: fargatekeeper plan \[options\]/);
    expect(b.stdout).toContain('--detailed-exitcode');
    expect(b.stdout).toContain('--specs DIR');
    expect(b.stdout).toContain('(default: fargate)');
    expect(b.stdout).toContain('2  with --detailed-exitcode');
    expect((await runCli(['help', 'nope'])).code).toBe(1);
  });

  it('has --help on every command, listing every option it accepts', async () => {
    for (const c of commands) {
      const r = await runCli([c.name, '--help']);
      expect(r.code).toBe(0);
      for (const name of Object.keys(c.options)) expect(r.stdout).toContain(`--${name}`);
    }
  });

  it('rejects an unknown option with a suggestion, the usage line and exit 1', async () => {
    const r = await runCli(['plan', '--spec', 'x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'error: unknown option --spec (did you mean --specs?)\nUsage: fargatekeeper plan [options]\n' +
        'Run `fargatekeeper plan --help` for usage.\n',
    );
    expect(r.stdout).toBe('');
  });

  it('rejects an unknown option without a near match plainly', async () => {
    const r = await runCli(['validate', '--frobnicate']);
    expect(r.stderr.split('\n')[0]).toBe('error: unknown option --frobnicate');
  });

  it('names an option that lacks its value', async () => {
    const r = await runCli(['validate', '--specs']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('error: option --specs needs a value (--specs DIR)');
  });

  it('rejects a value given to a flag', async () => {
    const r = await runCli(['plan', '--detailed-exitcode=yes']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('error: option --detailed-exitcode takes no value');
  });

  it('rejects stray arguments', async () => {
    const r = await runCli(['validate', 'fargate']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('error: unexpected argument `fargate`');
  });

  it('rejects an unknown --format', async () => {
    const r = await runCli(['validate', '--format', 'yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('error: --format must be one of text, markdown, json (got `yaml`)');
  });

  it('rejects --color with --no-color', async () => {
    const r = await runCli(['validate', '--color', '--no-color']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('error: --color and --no-color contradict each other');
  });
});
