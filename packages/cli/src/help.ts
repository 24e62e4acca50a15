import type { Command } from './commands';
import type { OptionDefs } from './options';

const BIN = 'fargatekeeper';

function optionLines(defs: OptionDefs): string[] {
  const rows = Object.entries(defs).map(([name, d]) => {
    const flag = `${d.short ? `-${d.short}, ` : '    '}--${name}${d.value ? ` ${d.value}` : ''}${d.multiple ? ' ...' : ''}`;
    return [flag, d.help + (d.default ? ` (default: ${d.default})` : '')] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  return rows.map(([flag, help]) => `  ${flag.padEnd(width)}${help}`);
}

export function commandHelp(command: Command): string {
  const lines = [
    `Usage: ${BIN} ${command.name} [options]`,
    '',
    command.description,
    '',
    'Options:',
    ...optionLines(command.options),
  ];
  lines.push('', 'Exit codes:', '  0  success', '  1  an error: invalid spec, failed check, bad usage, AWS failure');
  for (const code of command.exitCodes ?? []) lines.push(`  ${code}`);
  if (command.examples?.length) lines.push('', 'Examples:', ...command.examples.map(e => `  ${e}`));
  return `${lines.join('\n')}\n`;
}

export function mainHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map(c => c.name.length)) + 2;
  return [
    `Usage: ${BIN} <command> [options]`,
    '',
    'GitOps for AWS EKS Fargate profiles: validate specs, plan changes against a cluster, explain which',
    'profile takes a pod.',
    '',
    'Commands:',
    ...commands.map(c => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Options:',
    "  -h, --help     show this help (or a command's: fargatekeeper <command> --help)",
    '  -v, --version  print the version',
    '',
    'Exit codes: 0 success, 1 an error (invalid spec, failed check, bad usage, AWS failure),',
    '2 the plan does something (only with --detailed-exitcode). NO_COLOR, FORCE_COLOR and FARGATEKEEPER_DEBUG are read.',
    '',
    `Run \`${BIN} <command> --help\` for a command's options.`,
    '',
  ].join('\n');
}

/** The short pointer printed after a usage error. */
export const usageHint = (command?: string): string =>
  command ? `Run \`${BIN} ${command} --help\` for usage.` : `Run \`${BIN} --help\` for usage.`;
