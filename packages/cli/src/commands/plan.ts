import { writeFile } from 'node:fs/promises';
import {
  Fleet,
  hasChangesOrDrift,
  hasErrors,
  plan as makePlan,
  renderJson,
  renderMarkdown,
  renderText,
} from '@fargatekeeper/core';
import { commonOptions } from '../options';
import { openAccount, planOptionsFor, podAccessFor, readSpecs } from '../context';
import { ExitCode } from '../exitCodes';
import type { Command } from './command';

export const plan: Command = {
  name: 'plan',
  summary: 'show what would change: the specs against the live Fargate profiles',
  description: [
    'Reads the specs and the live Fargate profiles of every cluster they name, validates both, and',
    'prints the operations an apply would run: create, replace (create-before-delete unless it cannot,',
    'and why), adopt-in-place or adopt-by-replace (an unmanaged profile a spec takes over), retag in',
    'place, delete-profile (a managed profile whose spec is gone), delete-role (a default role left',
    'behind) and wait (an earlier apply still in flight); no-op and unmanaged profiles are only',
    'reported. Nothing is changed.',
    "With --pods it also reads each cluster's pods (read-only) and says, per change, which running pods it",
    'stops now or moves on their next restart, by namespace and controller (see docs/pod-impact.md).',
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
    format: commonOptions.format,
    out: { type: 'string', value: 'FILE', help: 'also write the plan as JSON to FILE' },
    'detailed-exitcode': {
      type: 'boolean',
      help: 'exit 2 when the plan does something or a profile not managed here takes pods of a spec, 0 otherwise',
    },
    color: commonOptions.color,
    'no-color': commonOptions['no-color'],
    help: commonOptions.help,
  },
  exitCodes: [
    '2  with --detailed-exitcode: the plan does something, or a profile not managed here takes pods of a spec (plan.hijacked); 0 then means no drift',
  ],
  examples: [
    'fargatekeeper plan --region eu-west-1',
    'fargatekeeper plan --specs examples/specs --sim examples/sim-account.json --cluster staging',
    'fargatekeeper plan --format markdown > plan.md',
    'fargatekeeper plan --pods --kubeconfig ~/.kube/config',
  ],
  async run(ctx) {
    const { options, io, color } = ctx;
    const format = options.format();
    const opened = await openAccount(ctx);
    const { account, region } = opened;
    const parsed = await readSpecs(ctx, region);
    // One Fleet for the plan and its pod access: each cluster's pods are read in the account it is planned in.
    const fleet = new Fleet(account, parsed.clusters);
    const pods = await podAccessFor(ctx, opened, fleet);
    const result = await makePlan(parsed, fleet, { ...planOptionsFor(ctx, region, 'plan'), ...(pods ? { pods } : {}) });

    const out = options.string('out');
    if (out) await writeFile(out, `${renderJson(result)}\n`);
    const rendered =
      format === 'json'
        ? renderJson(result)
        : format === 'markdown'
          ? renderMarkdown(result)
          : renderText(result, { color });
    io.stdout.write(rendered.endsWith('\n') ? rendered : `${rendered}\n`);

    if (hasErrors(result.diagnostics)) return ExitCode.error;
    // A hijacking profile changes nothing an apply would do, but it is drift all the same.
    return options.flag('detailed-exitcode') && hasChangesOrDrift(result) ? ExitCode.changes : ExitCode.ok;
  },
};
