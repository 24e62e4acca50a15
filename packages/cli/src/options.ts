import { parseArgs } from 'node:util';
import { closest } from '@fargatekeeper/core';
import { UsageError } from './errors';

/** One command-line option: what `util.parseArgs` needs plus the text `--help` shows. */
export interface OptionDef {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** Placeholder shown in help, e.g. `DIR` in `--specs DIR`. */
  value?: string;
  /** Default shown in help (the command applies it). */
  default?: string;
  help: string;
}

export type OptionDefs = Record<string, OptionDef>;

export const outputFormats = ['text', 'markdown', 'json'] as const;
export type OutputFormat = (typeof outputFormats)[number];

/** Options most commands share; a command picks the ones it takes. */
export const commonOptions = {
  specs: {
    type: 'string',
    value: 'DIR',
    default: 'fargate',
    help: 'folder of spec files (*.yaml, *.yml, *.json, searched recursively)',
  },
  cluster: { type: 'string', value: 'NAME', help: 'cluster for specs that name none (fargate-operator specs)' },
  region: {
    type: 'string',
    value: 'REGION',
    help: "AWS region for specs that name none (default: AWS_REGION, AWS_DEFAULT_REGION, or the simulated account's)",
  },
  sim: { type: 'string', value: 'FILE', help: 'use a simulated account (JSON file) instead of AWS' },
  'call-timeout': {
    type: 'string',
    value: 'DURATION',
    default: '30s',
    help: 'longest wait for one attempt of an AWS call, connecting included (e.g. 30s, 300ms)',
  },
  'call-attempts': {
    type: 'string',
    value: 'N',
    default: '3',
    help: 'attempts per AWS call, the first included (the SDK retries throttling, 5xx answers and timeouts)',
  },
  source: {
    type: 'string',
    value: 'OWNER/REPO[:FOLDER]',
    help: "the specs source that owns the profiles this run plans; others' are left alone (default: the checkout's origin remote and the specs folder's path in it; outside git, the folder)",
  },
  'max-deletes': { type: 'string', value: 'N', help: 'refuse (an error) a plan that deletes more than N profiles' },
  target: {
    type: 'string',
    multiple: true,
    value: 'SELECTOR',
    help: 'plan only clusters and specs whose name matches (globs * and ?; repeatable); nothing outside is changed or deleted',
  },
  pods: {
    type: 'boolean',
    help: "read the clusters' pods, nodes and PodDisruptionBudgets and say which running pods each change stops or moves (needs Kubernetes read access: docs/pod-impact.md)",
  },
  kubeconfig: {
    type: 'string',
    value: 'FILE',
    help: 'read pods through this kubeconfig (a context named after each cluster; the current one only for a single cluster) instead of an EKS token; implies --pods',
  },
  format: { type: 'string', value: 'FORMAT', default: 'text', help: 'output format: text, markdown or json' },
  color: { type: 'boolean', help: 'force colour (default: only on a terminal; NO_COLOR and FORCE_COLOR are honoured)' },
  'no-color': { type: 'boolean', help: 'never use colour' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
} satisfies OptionDefs;

/** The parsed command line, read through typed accessors. */
export class ParsedOptions {
  constructor(
    private readonly values: Record<string, string | boolean | (string | boolean)[] | undefined>,
    readonly positionals: string[],
  ) {}

  string(name: string): string | undefined {
    const v = this.values[name];
    return typeof v === 'string' ? v : undefined;
  }

  flag(name: string): boolean {
    return this.values[name] === true;
  }

  list(name: string): string[] {
    const v = this.values[name];
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }

  /** `--format`, checked against the formats the command supports. */
  format(allowed: readonly OutputFormat[] = outputFormats): OutputFormat {
    const f = this.string('format') ?? 'text';
    if (!(allowed as readonly string[]).includes(f)) {
      throw new UsageError(`--format must be one of ${allowed.join(', ')} (got \`${f}\`)`);
    }
    return f as OutputFormat;
  }
}

/**
 * Parses `argv` against `defs` with `util.parseArgs` (strict: unknown options and stray positionals
 * are errors) and turns its messages into short ones that name the option.
 */
export function parseOptions(
  argv: string[],
  defs: OptionDefs,
  command?: string,
  allowPositionals = false,
): ParsedOptions {
  const config = Object.fromEntries(
    Object.entries(defs).map(([name, d]) => [
      name,
      { type: d.type, ...(d.multiple ? { multiple: true } : {}), ...(d.short ? { short: d.short } : {}) },
    ]),
  );
  try {
    const { values, positionals } = parseArgs({ args: argv, options: config, strict: true, allowPositionals });
    if (values.color && values['no-color'])
      throw new UsageError('--color and --no-color contradict each other', command);
    return new ParsedOptions(
      values as Record<string, string | boolean | (string | boolean)[] | undefined>,
      positionals,
    );
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(describeParseError(err, argv, defs), command);
  }
}

function describeParseError(err: unknown, argv: string[], defs: OptionDefs): string {
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  const option = /'(-[^']*)'/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const name = option?.replace(/^-+/, '').split('=')[0] ?? '';
      const near = closest(name, Object.keys(defs));
      return `unknown option ${option ?? ''}${near ? ` (did you mean --${near}?)` : ''}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const name = /--([\w-]+)/.exec(message)?.[1];
      const def = name ? defs[name] : undefined;
      if (def?.type === 'string') return `option --${name} needs a value (--${name} ${def.value ?? 'VALUE'})`;
      return `option --${name ?? '?'} takes no value`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const arg = /'([^']*)'/.exec(message)?.[1] ?? argv.find(a => !a.startsWith('-'));
      return `unexpected argument \`${arg}\``;
    }
    default:
      return message;
  }
}
