import {
  Fleet,
  hasErrors,
  mdCode,
  mdInline,
  mdText,
  renderDiagnosticsText,
  sortDiagnostics,
  validateLiveInFleet,
  validateStatic,
  type Diagnostic,
} from '@fargatekeeper/core';
import { commonOptions } from '../options';
import { openAccount, readSpecs, regionFromOptions } from '../context';
import { ExitCode } from '../exitCodes';
import { severitySummary } from '../output';
import type { Command } from './command';

export const validate: Command = {
  name: 'validate',
  summary: 'check the specs: syntax, EKS rules, selector overlaps (and the account with --live)',
  description: [
    'Reads every spec under --specs and reports all problems in all files: YAML and field errors, the',
    'EKS rules (selectors, labels, names, tags), duplicate names and selector overlaps per cluster.',
    'With --live (implied by --sim) it also checks the account: clusters exist and are ACTIVE, subnets',
    "are private and in the cluster's VPC, roles exist and trust eks-fargate-pods.amazonaws.com, quotas.",
  ].join('\n'),
  options: {
    specs: commonOptions.specs,
    cluster: commonOptions.cluster,
    region: commonOptions.region,
    live: { type: 'boolean', help: 'also check against the AWS account (needs credentials and a region)' },
    sim: commonOptions.sim,
    'call-timeout': commonOptions['call-timeout'],
    'call-attempts': commonOptions['call-attempts'],
    format: commonOptions.format,
    color: commonOptions.color,
    'no-color': commonOptions['no-color'],
    help: commonOptions.help,
  },
  examples: [
    'fargatekeeper validate',
    'fargatekeeper validate --specs examples/specs --cluster staging',
    'fargatekeeper validate --specs examples/specs --cluster staging --sim examples/sim-account.json',
  ],
  async run(ctx) {
    const { options, io, color, paint } = ctx;
    const format = options.format();
    const live = options.flag('live') || options.string('sim') !== undefined;
    const opened = live ? await openAccount(ctx) : undefined;
    const region = opened?.region ?? regionFromOptions(ctx);

    const parsed = await readSpecs(ctx, region);
    const diagnostics = [...parsed.diagnostics, ...validateStatic(parsed.specs, { defaultRegion: region })];
    if (opened) {
      // Each cluster in its account: the Cluster documents' roles, the base credentials for the others.
      diagnostics.push(
        ...(await validateLiveInFleet(parsed.specs, new Fleet(opened.account, parsed.clusters), {
          defaultRegion: opened.region,
        })),
      );
    }
    const sorted = sortDiagnostics(diagnostics);
    // Files that gave a spec or a finding (a file whose every document has errors still counts).
    const files = new Set([
      ...parsed.specs.map(s => s.source.file),
      ...sorted.flatMap(d => (d.source ? [d.source.file] : [])),
    ]).size;
    const what = `${parsed.specs.length} spec${parsed.specs.length === 1 ? '' : 's'} from ${files} file${files === 1 ? '' : 's'}${live ? ' (with live checks)' : ''}`;

    if (format === 'json') {
      io.stdout.write(
        `${JSON.stringify({ ok: !hasErrors(sorted), specs: parsed.specs.length, diagnostics: sorted }, null, 2)}\n`,
      );
    } else if (format === 'markdown') {
      io.stdout.write(markdownReport(sorted, what));
    } else {
      // The findings as `plan` prints them, then the verdict.
      const findings = renderDiagnosticsText(sorted, { color });
      const verdict = hasErrors(sorted) ? paint.red('✗') : paint.green('✓');
      io.stdout.write(
        `${findings}${findings ? '\n' : ''}${verdict} ${what}: ${sorted.length ? severitySummary(sorted) : 'no problems'}\n`,
      );
    }
    return hasErrors(sorted) ? ExitCode.error : ExitCode.ok;
  },
};

function markdownReport(diagnostics: Diagnostic[], what: string): string {
  const lines = [
    `**fargatekeeper validate**: ${mdText(what)}: ${diagnostics.length ? severitySummary(diagnostics) : 'no problems'}`,
  ];
  if (diagnostics.length) {
    lines.push('', '| | Where | Problem |', '|---|---|---|');
    for (const d of diagnostics) {
      const icon = d.severity === 'error' ? '❌' : d.severity === 'warning' ? '⚠️' : 'ℹ️';
      const where = d.source ? mdCode(`${d.source.file}:${d.source.line}`) : d.cluster ? mdCode(d.cluster) : '';
      const hint = d.hint ? `<br>hint: ${mdInline(d.hint)}` : '';
      lines.push(`| ${icon} | ${where} | ${mdInline(d.message)} (${mdCode(d.code)})${hint} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
