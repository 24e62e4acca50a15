import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import {
  apply as applyPlan,
  ApplyProgress,
  Fleet,
  fingerprintMatches,
  isFingerprintPrefix,
  cancelledLine,
  DEFAULT_RECYCLE_BOUNDS,
  hasErrors,
  parseDuration,
  plan as makePlan,
  renderApplyResult,
  renderCancelledApply,
  renderMarkdown,
  renderText,
  resultOrCancelled,
  type ApplyOptions,
  type ApplyResult,
  type Plan,
  type SimulatedAccount,
} from '@fargatekeeper/core';
import {
  DEFAULT_SIM_LOCK_WAIT_MS,
  listenForCancel,
  type Cancellation,
  type CancelSignal,
  type OpenedAccount,
} from '@fargatekeeper/core/node';
import { openAccount, planOptionsFor, podAccessFor, readSpecs } from '../context';
import { UsageError } from '../errors';
import { ExitCode } from '../exitCodes';
import type { CliIO } from '../io';
import { commonOptions, type ParsedOptions } from '../options';
import type { Paint } from '../output';
import type { Command, CommandContext } from './command';
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
    "With --pods (or --recycle-pending) it reads the clusters' pods: the plan says which running pods",
    'each change stops or moves, and after a replacement apply reports the Pending pods the new profile',
    `should take; --recycle-pending deletes those a controller owns (at most ${DEFAULT_RECYCLE_BOUNDS.maxPods}, within ${DEFAULT_RECYCLE_BOUNDS.withinMs / 1000} s) so their`,
    'controllers create them again on the new profile. A replacement restarts the running pods of the',
    'old profile: see docs/pod-impact.md.',
  ].join('\n'),
  options: {
    specs: commonOptions.specs,
    cluster: commonOptions.cluster,
    region: commonOptions.region,
    sim: commonOptions.sim,
    'call-timeout': commonOptions['call-timeout'],
    'call-attempts': commonOptions['call-attempts'],
    source: commonOptions.source,
    'max-deletes': commonOptions['max-deletes'],
    target: commonOptions.target,
    pods: commonOptions.pods,
    kubeconfig: commonOptions.kubeconfig,
    'recycle-pending': {
      type: 'boolean',
      help: `after a replacement, delete the Pending pods the new profile should take (only pods a controller owns; at most ${DEFAULT_RECYCLE_BOUNDS.maxPods}, within ${DEFAULT_RECYCLE_BOUNDS.withinMs / 1000} s) so they are created again on it; implies --pods`,
    },
    format: { ...commonOptions.format, help: 'output format of the plan and the result: text, markdown or json' },
    'auto-approve': { type: 'boolean', help: 'apply without asking (required when not on a terminal)' },
    'require-fingerprint': {
      type: 'string',
      value: 'HEX',
      help: "apply only if the fresh plan has this fingerprint (the reviewed plan's; the 8 digits it prints, or more)",
    },
    'reviewed-plan': {
      type: 'string',
      value: 'FILE',
      help: 'apply only changes this plan JSON (from `plan --format json`) showed with the same content; refuse every other',
    },
    'timeout-create': {
      type: 'string',
      value: 'DURATION',
      default: '15m',
      help: 'how long a new profile may take to become ACTIVE',
    },
    'timeout-delete': { type: 'string', value: 'DURATION', default: '20m', help: 'how long a deletion may take' },
    'lock-wait': {
      type: 'string',
      value: 'DURATION',
      default: '30s',
      help: 'with --sim: how long to wait for another apply of the same file before refusing (0: refuse at once)',
    },
    'detailed-exitcode': { type: 'boolean', help: 'exit 2 when changes were applied, 0 when there were none' },
    color: commonOptions.color,
    'no-color': commonOptions['no-color'],
    help: commonOptions.help,
  },
  exitCodes: [
    '2  with --detailed-exitcode: changes were applied (0 then means there were none)',
    '130, 143  cancelled by SIGINT, SIGTERM: what is done and what is left is printed; run apply again to finish',
  ],
  examples: [
    'fargatekeeper apply --region eu-west-1',
    'fargatekeeper apply --auto-approve --require-fingerprint 3f2a… --format markdown > result.md',
    'fargatekeeper apply --specs examples/specs --sim my-account.json --cluster staging --auto-approve',
    'fargatekeeper apply --auto-approve --recycle-pending',
  ],
  async run(ctx) {
    const { options, paint: p } = ctx;
    const io = ctx.io as PromptingIO;
    const format = options.format();
    const timeouts = {
      createMs: duration(options, 'timeout-create', 15 * 60_000),
      deleteMs: duration(options, 'timeout-delete', 20 * 60_000),
    };
    const required = options.string('require-fingerprint');
    if (required !== undefined && !isFingerprintPrefix(required)) {
      throw new UsageError(
        `--require-fingerprint needs the plan's fingerprint: at least 8 of its hexadecimal digits, as the plan prints it (got \`${required}\`)`,
        'apply',
      );
    }
    const reviewedPlan = readReviewedPlan(options.string('reviewed-plan'));
    const autoApprove = options.flag('auto-approve');
    const interactive = io.stdout.isTTY === true && (io.prompt !== undefined || process.stdin.isTTY === true);
    if (!autoApprove && !interactive) {
      throw new UsageError('apply changes live profiles: pass --auto-approve when not running on a terminal', 'apply');
    }

    const lockWaitMs = duration(options, 'lock-wait', DEFAULT_SIM_LOCK_WAIT_MS, { zero: true });

    // SIGINT and SIGTERM (what a CI runner sends on cancel) alike, from before the lock is taken: the
    // run stops waiting at once, saves a --sim account, says what is done and what is left, and exits
    // 130 / 143. What AWS already accepted goes on there; the next apply picks it up.
    const cancel = listenForCancel(signal => {
      io.stderr.write(
        `\n${p.yellow(signal)}: stopping now; an operation AWS already accepted goes on there, and the next apply picks it up\n`,
      );
    });
    let opened: OpenedAccount | undefined;
    try {
      opened = await openAccount(ctx, {
        lock: {
          waitMs: lockWaitMs,
          signal: cancel.signal,
          onWait: pid =>
            io.stderr.write(
              `${options.string('sim')} is locked by another apply (pid ${pid}); waiting up to ${options.string('lock-wait') ?? '30s'}\n`,
            ),
        },
      });
      return await applyOpened(ctx, opened, cancel, { format, timeouts, required, autoApprove, reviewedPlan });
    } catch (error) {
      // Cancelled while waiting for the lock: nothing was read or changed.
      if (cancel.cause && cancel.signal.aborted && error === cancel.signal.reason)
        return cancelledBeforeApply(io, p, cancel.cause);
      throw error;
    } finally {
      cancel.dispose();
      // After the last save, also on errors and signals: the next apply of the file may start.
      if (opened?.kind === 'simulated') opened.unlock();
    }
  },
};

interface ApplySettings {
  format: ReturnType<ParsedOptions['format']>;
  timeouts: ApplyOptions['timeouts'];
  required: string | undefined;
  autoApprove: boolean;
  /** With --reviewed-plan: the gate refuses every change this plan did not show. */
  reviewedPlan: Plan | undefined;
}

async function applyOpened(
  ctx: CommandContext,
  opened: OpenedAccount,
  cancel: Cancellation,
  settings: ApplySettings,
): Promise<number> {
  const { options, color, paint: p } = ctx;
  const io = ctx.io as PromptingIO;
  const { format, timeouts, required, autoApprove, reviewedPlan } = settings;
  const { region } = opened;
  const parsed = await readSpecs(ctx, region);
  // One Fleet for the plan, the re-plan and the apply: each role of the Cluster documents is assumed once.
  const fleet = new Fleet(opened.account, parsed.clusters);
  const pods = await podAccessFor(ctx, opened, fleet);
  const planOptions = { ...planOptionsFor(ctx, region, 'apply'), ...(pods ? { pods } : {}) };
  const reviewed = await makePlan(parsed, fleet, planOptions);
  if (cancel.cause) return cancelledBeforeApply(io, p, cancel.cause);
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
    if (required !== undefined && !fingerprintMatches(reviewed.fingerprint, required)) {
      io.stderr.write(
        `${p.yellow('warning')}: the plan (${reviewed.fingerprint.slice(0, 12)}) is not the reviewed one (${required.slice(0, 12)}), but it changes nothing\n`,
      );
    }
    // The shape of an ApplyResult with nothing to do, so a script reads both alike.
    if (format === 'json') io.stdout.write(`${JSON.stringify({ plan: reviewed, outcomes: [] }, null, 2)}\n`);
    else log.write('No changes to apply.\n');
    return ExitCode.ok;
  }
  if (!autoApprove) {
    const answer = await ask(
      io,
      `\nApply these changes to ${opened.kind === 'simulated' ? `the simulated account ${opened.file}` : `AWS (${region})`}? Only 'yes' applies: `,
      cancel.signal,
    ).catch(error => {
      if (cancel.cause) return '';
      throw error;
    });
    if (cancel.cause) return cancelledBeforeApply(io, p, cancel.cause);
    if (answer.trim() !== 'yes') {
      io.stderr.write('Apply cancelled; nothing was changed.\n');
      return ExitCode.error;
    }
  }

  const progress = (format === 'json' ? io.stderr : io.stdout).isTTY ? liveProgress(log, p) : plainProgress(log, p);
  const tracker = new ApplyProgress(reviewed);
  const applyOptions: ApplyOptions = {
    signal: cancel.signal,
    // Real time for AWS; a simulated account's own clock, on which apply's waits pass at once.
    clock: opened.clock,
    timeouts,
    replan: () => makePlan(parsed, fleet, planOptions),
    expectedFingerprint: required ?? reviewed.fingerprint,
    requireFingerprint: required !== undefined,
    ...(pods && {
      pods: { access: pods, ...(options.flag('recycle-pending') ? { recycle: DEFAULT_RECYCLE_BOUNDS } : {}) },
    }),
    ...(reviewedPlan && { reviewed: { plan: reviewedPlan, onUnreviewed: 'fail' as const } }),
    onEvent: event => {
      // The step is on disk before it is shown: what a killed run printed, its file holds.
      if (opened.kind === 'simulated') opened.saveOnStep(event);
      tracker.observe(event);
      progress.onEvent(event);
    },
    ...(opened.kind === 'simulated' ? simulatedPace(opened.account) : {}),
  };
  let result: ApplyResult | undefined;
  try {
    result = await resultOrCancelled(applyPlan(reviewed, fleet, applyOptions), cancel.signal);
  } finally {
    progress.finish();
    // Saved whatever happened, so the next run resumes from the account's real state.
    if (opened.kind === 'simulated') await opened.save();
  }

  if (!result) {
    const cause = cancel.cause ?? 'SIGINT';
    const report = tracker.report();
    if (format === 'json') io.stdout.write(`${JSON.stringify({ cancelled: cause, ...report }, null, 2)}\n`);
    else log.write(`\n${renderCancelledApply(report, { format, cause, color })}`);
    io.stderr.write(`${p.yellow(cancelledLine(report, cause))}\n`);
    return cause === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated;
  }
  if (format === 'json') io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else log.write(`\n${renderApplyResult(result, { format, color })}`);
  if (!result.ok) {
    for (const refusal of result.diagnostics.filter(d => d.code === 'apply.unreviewed'))
      io.stderr.write(`${p.red('refused')}: ${refusal.message}\n`);
    return ExitCode.error;
  }
  return options.flag('detailed-exitcode') && result.summary.succeeded > 0 ? ExitCode.changes : ExitCode.ok;
}

/** The plan JSON of --reviewed-plan, checked to be a plan (formatVersion 2 with clusters). */
function readReviewedPlan(file: string | undefined): Plan | undefined {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--reviewed-plan: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      'apply',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(
      `--reviewed-plan: ${file} is not JSON; pass the output of \`fargatekeeper plan --format json\``,
      'apply',
    );
  }
  const plan = parsed as Partial<Plan> | null;
  if (!plan || plan.formatVersion !== 2 || !Array.isArray(plan.clusters)) {
    throw new UsageError(
      `--reviewed-plan: ${file} is not a fargatekeeper plan (formatVersion 2); pass the output of \`fargatekeeper plan --format json\``,
      'apply',
    );
  }
  return plan as Plan;
}

/** A signal came before apply started: nothing was changed. */
function cancelledBeforeApply(io: CliIO, p: Paint, cause: CancelSignal): number {
  io.stderr.write(`${p.yellow(`cancelled by ${cause}`)} before anything was applied; nothing was changed\n`);
  return cause === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated;
}

async function ask(io: PromptingIO, question: string, signal: AbortSignal): Promise<string> {
  if (io.prompt) return io.prompt(question);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question, { signal });
  } finally {
    rl.close();
  }
}

/** `90s`, `15m`, `1h`, `1m30s`, `300ms`, or a plain number of seconds: core's grammar, the same for every duration option. */
export { parseDuration };

function duration(options: ParsedOptions, name: string, fallback: number, allow: { zero?: boolean } = {}): number {
  const text = options.string(name);
  if (text === undefined) return fallback;
  const ms = parseDuration(text);
  if (ms === undefined || ms < 0 || (ms === 0 && !allow.zero)) {
    throw new UsageError(`--${name} needs a duration such as 90s, 15m or 1h (got \`${text}\`)`, 'apply');
  }
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
