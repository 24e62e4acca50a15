import { writeFile } from 'node:fs/promises';
import { hasErrors, plan as makePlan, renderJson, renderMarkdown, renderText } from '@fargatekeeper/core';
import { commonOptions } from '../options';
import { openAccount, planOptionsFor, readSpecs } from '../context';
import { ExitCode } from '../exitCodes';
import type { Command } from './command';

export const plan: Command = {
  name: 'plan',
  summary: 'show what would change: the specs against the live Fargate profiles',
  description: [
    'Reads the specs and the live Fargate profiles of every cluster they name, validates both, and',
    'prints the changes an apply would make: create, replace (create-before-delete unless it cannot),',
    'retag in place, delete (managed profiles whose spec is gone), adopt, and unmanaged profiles,',
    'which are only reported. Nothing is changed.',
  ].join('\n'),
  options: {
    specs: commonOptions.specs,
    cluster: commonOptions.cluster,
    region: commonOptions.region,
    sim: commonOptions.sim,
    format: commonOptions.format,
    out: { type: 'string', value: 'FILE', help: 'also write the plan as JSON to FILE' },
    'detailed-exitcode': { type: 'boolean', help: 'exit 2 when the plan has changes, 0 when it has none' },
    color: commonOptions.color,
    'no-color': commonOptions['no-color'],
    help: commonOptions.help,
  },
  exitCodes: ['2  with --detailed-exitcode: the plan has changes (0 then means none)'],
  examples: [
    'fargatekeeper plan --region eu-west-1',
    'fargatekeeper plan --specs examples/specs --sim examples/sim-account.json --cluster staging',
    'fargatekeeper plan --format markdown > plan.md',
  ],
  async run(ctx) {
    const { options, io, color } = ctx;
    const format = options.format();
    const { account, region } = await openAccount(ctx);
    const parsed = await readSpecs(ctx, region);
    const result = await makePlan(parsed.specs, account, planOptionsFor(ctx, region, parsed));

    const out = options.string('out');
    if (out) await writeFile(out, `${renderJson(result)}\n`);
    const rendered = format === 'json' ? renderJson(result) : format === 'markdown' ? renderMarkdown(result) : renderText(result, { color });
    io.stdout.write(rendered.endsWith('\n') ? rendered : `${rendered}\n`);

    if (hasErrors(result.diagnostics)) return ExitCode.error;
    return options.flag('detailed-exitcode') && result.hasChanges ? ExitCode.changes : ExitCode.ok;
  },
};
