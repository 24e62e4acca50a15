import { createInterface } from 'node:readline/promises';
import {
  apply as applyPlan,
  ApplyAbortedError,
  hasErrors,
  plan as makePlan,
  renderApplyResult,
  renderMarkdown,
  renderText,
  type ApplyOptions,
  type SimulatedAccount,
} from '@fargatekeeper/core';
import { openAccount, planOptionsFor, readSpecs } from '../context';
import { UsageError } from '../errors';
import { ExitCode } from '../exitCodes';
import type { CliIO } from '../io';
import { commonOptions, type ParsedOptions } from '../options';
import type { Command } from './command';
import { liveProgress, plainProgress } from './applyProgress';

/** A CliIO that can ask a question (tests pass one; the terminal is used otherwise). */
export interface PromptingIO extends CliIO {
  prompt?: (question: string) => Promise<string>;
}

export const apply: Command = {
  name: 'apply',
  summary: 'make the live Fargate profiles match the specs',
  description: [
    'Plans like `plan`, shows the plan and, on a terminal, asks for confirmation (elsewhere',
    '--auto-approve is required). Apply then re-plans against fresh state and reports any difference',
    'from the plan shown (with --require-fingerprint it refuses to apply then). Clusters are changed in',
    'parallel, each cluster one operation at a time; replacements create the new profile and delete the',
    'old one only once the new one is ACTIVE. A failed operation stops only its cluster. Running apply',
    'again after an interruption finishes the work without doing anything twice.',
    'With --sim FILE the simulated account is changed and saved back to FILE.',
  ].join('\n'),
  options: {
    specs: commonOptions.specs,
    cluster: commonOptions.cluster,
    region: commonOptions.region,
    sim: commonOptions.sim,
    format: { ...commonOptions.format, help: 'output format of the plan and the result: text, markdown or json' },
    'auto-approve': { type: 'boolean', help: 'apply without asking (required when not on a terminal)' },
    'require-fingerprint': {
      type: 'string',
      value: 'HEX',
      help: 'apply only if the fresh plan has this fingerprint (the one of the reviewed plan)',
    },
    'timeout-create': { type: 'string', value: 'DURATION', default: '15m', help: 'how long a new profile may take to become ACTIVE' },
    'timeout-delete': { type: 'string', value: 'DURATION', default: '20m', help: 'how long a deletion may take' },
    'detailed-exitcode': { type: 'boolean', help: 'exit 2 when changes were applied, 0 when there were none' },
    color: commonOptions.color,
    'no-color': commonOptions['no-color'],
    help: commonOptions.help,
  },
  exitCodes: ['2  with --detailed-exitcode: changes were applied (0 then means there were none)'],
  examples: [
    'fargatekeeper apply --region eu-west-1',
    'fargatekeeper apply --auto-approve --require-fingerprint 3f2a… --format markdown > result.md',
    'fargatekeeper apply --specs examples/specs --sim my-account.json --cluster staging --auto-approve',
  ],
  async run(ctx) {
    const { options, color, paint: p } = ctx;
    const io = ctx.io as PromptingIO;
    const format = options.format();
    const timeouts = { createMs: duration(options, 'timeout-create', 15 * 60_000), deleteMs: duration(options, 'timeout-delete', 20 * 60_000) };
    const required = options.string('require-fingerprint');
    if (required !== undefined && !/^[0-9a-f]{8,64}$/i.test(required)) {
      throw new UsageError(`--require-fingerprint needs the plan's hexadecimal fingerprint (got \`${required}\`)`, 'apply');
    }
    const autoApprove = options.flag('auto-approve');
    const interactive = io.stdout.isTTY === true && (io.prompt !== undefined || process.stdin.isTTY === true);
    if (!autoApprove && !interactive) {
      throw new UsageError('apply changes live profiles: pass --auto-approve when not running on a terminal', 'apply');
    }

    const opened = await openAccount(ctx);
    const { account, region } = opened;
    const parsed = await readSpecs(ctx, region);
    const planOptions = planOptionsFor(ctx, region);
    const reviewed = await makePlan(parsed, account, planOptions);
    // Human-readable output goes to stdout; with --format json stdout carries only the result.
    const log = format === 'json' ? io.stderr : io.stdout;
    if (format !== 'json') {
      const shown = format === 'markdown' ? renderMarkdown(reviewed, { mode: 'apply' }) : renderText(reviewed, { color });
      log.write(shown.endsWith('\n') ? shown : `${shown}\n`);
    }
    if (hasErrors(reviewed.diagnostics)) {
      io.stderr.write(`${p.red('error')}: the plan has errors; nothing was applied\n`);
      return ExitCode.error;
    }
    if (!reviewed.hasChanges) {
      if (required !== undefined && required !== reviewed.fingerprint) {
        io.stderr.write(`${p.yellow('warning')}: the plan (${reviewed.fingerprint.slice(0, 12)}) is not the reviewed one (${required.slice(0, 12)}), but it changes nothing\n`);
      }
      // The shape of an ApplyResult with nothing to do, so a script reads both alike.
      if (format === 'json') io.stdout.write(`${JSON.stringify({ plan: reviewed, outcomes: [] }, null, 2)}\n`);
      else log.write('No changes to apply.\n');
      return ExitCode.ok;
    }
    if (!autoApprove) {
      const answer = await ask(io, `\nApply these changes to ${opened.kind === 'simulated' ? `the simulated account ${opened.file}` : `AWS (${region})`}? Only 'yes' applies: `);
      if (answer.trim() !== 'yes') {
        io.stderr.write('Apply cancelled; nothing was changed.\n');
        return ExitCode.error;
      }
    }

    const progress = (format === 'json' ? io.stderr : io.stdout).isTTY ? liveProgress(log, p) : plainProgress(log, p);
    // Ctrl-C stops between two calls (an operation AWS already accepted goes on); a --sim account is
    // still saved, and the next apply picks up where this one stopped.
    const stop = new AbortController();
    const onInterrupt = () => {
      io.stderr.write(`\n${p.yellow('interrupted')}: stopping after the call in flight; run apply again to finish\n`);
      stop.abort(new Error('interrupted (SIGINT)'));
    };
    process.once('SIGINT', onInterrupt);
    const settings: ApplyOptions = {
      signal: stop.signal,
      // Real time for AWS; a simulated account's own clock, on which apply's waits pass at once.
      clock: opened.clock,
      timeouts,
      replan: () => makePlan(parsed, account, planOptions),
      expectedFingerprint: required ?? reviewed.fingerprint,
      requireFingerprint: required !== undefined,
      onEvent: event => progress.onEvent(event),
      ...(opened.kind === 'simulated' ? simulatedPace(opened.account) : {}),
    };
    let result;
    try {
      result = await applyPlan(reviewed, account, settings);
    } catch (error) {
      if (!(error instanceof ApplyAbortedError)) throw error;
      io.stderr.write(`${p.red('error')}: ${error.message}; nothing else was started\n`);
      return ExitCode.error;
    } finally {
      process.removeListener('SIGINT', onInterrupt);
      progress.finish();
      // Saved whatever happened, so the next run resumes from the account's real state.
      if (opened.kind === 'simulated') await opened.save();
    }

    if (format === 'json') io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else log.write(`\n${renderApplyResult(result, { format, color })}`);
    if (!result.ok) return ExitCode.error;
    return options.flag('detailed-exitcode') && result.summary.succeeded > 0 ? ExitCode.changes : ExitCode.ok;
  },
};

async function ask(io: PromptingIO, question: string): Promise<string> {
  if (io.prompt) return io.prompt(question);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

/** `90s`, `15m`, `1h`, `1m30s`, or a plain number of seconds. */
export function parseDuration(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (!match || text === '') return undefined;
  const [, h = '0', m = '0', s = '0'] = match;
  return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000;
}

function duration(options: ParsedOptions, name: string, fallback: number): number {
  const text = options.string(name);
  if (text === undefined) return fallback;
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) throw new UsageError(`--${name} needs a duration such as 90s, 15m or 1h (got \`${text}\`)`, 'apply');
  return ms;
}

/**
 * A simulated account says how long its operations take: poll in proportion (about 20 polls per
 * create) and base the ETAs on it, so the times shown match its timings (waiting costs nothing on
 * its clock, so the polls do not slow the run).
 */
function simulatedPace(sim: SimulatedAccount): Partial<ApplyOptions> {
  const timings = sim.toJSON().timings ?? {};
  const create = (timings.createSeconds ?? 90) * 1000;
  const remove = (timings.deleteSeconds ?? 120) * 1000;
  const initialMs = Math.max(10, Math.min(5_000, create / 20));
  return {
    pollBackoff: { initialMs, capMs: Math.max(initialMs, Math.min(15_000, create / 6)) },
    retryBackoff: { initialMs: Math.min(500, initialMs) },
    typicalMs: { create, delete: remove },
  };
}
