import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  importProfiles,
  sourceProblem,
  specSchemaId,
  termText,
  type ImportedProfile,
  type PassedOver,
} from '@fargatekeeper/core';
import { writeFileAtomic } from '@fargatekeeper/core/node';
import { commonOptions } from '../options';
import { declarationsIn, openAccount, placeCluster } from '../context';
import { CliError, UsageError } from '../errors';
import { ExitCode } from '../exitCodes';
import { detectSource } from '../source';
import type { Command } from './command';

export const importCommand: Command = {
  name: 'import',
  summary: 'write native specs of the live Fargate profiles of a cluster',
  description: [
    'Reads the live Fargate profiles of --cluster and writes a spec of each into DIR/<cluster>.yaml, one',
    'document per profile, every field as it is live and the EKS name kept through `adopt`, so the plan',
    'right after adopts each profile in place (tags only) and changes nothing else. By default only the',
    'profiles no specs source manages are imported (made in the console, by eksctl, CloudFormation,',
    'Terraform, ...); --all adds those this source manages. Profiles another source manages, and those',
    'being deleted or that failed, are passed over. An existing file is never overwritten without --force.',
    'A cluster that a Cluster document in DIR declares is read where it says, as plan reads it: in its',
    'region, through its role, in its account.',
  ].join('\n'),
  options: {
    cluster: { type: 'string', value: 'NAME', help: 'the EKS cluster whose profiles are imported (required)' },
    region: {
      ...commonOptions.region,
      help: "the cluster's region (default: its Cluster document's in DIR, else AWS_REGION, AWS_DEFAULT_REGION, or the simulated account's)",
    },
    out: { type: 'string', value: 'DIR', default: 'fargate', help: 'the specs folder the file is written to' },
    unmanaged: { type: 'boolean', help: 'import only the profiles no specs source manages (the default)' },
    all: { type: 'boolean', help: 'also import the profiles this source manages (specs written again)' },
    force: { type: 'boolean', help: 'overwrite DIR/<cluster>.yaml when it exists' },
    schema: {
      type: 'string',
      value: 'PATH|URL',
      default: specSchemaId,
      help: "the JSON Schema the file's first line names for editors",
    },
    source: commonOptions.source,
    sim: commonOptions.sim,
    'call-timeout': commonOptions['call-timeout'],
    'call-attempts': commonOptions['call-attempts'],
    help: commonOptions.help,
  },
  examples: [
    'fargatekeeper import --cluster prod-eu --region eu-west-1',
    'fargatekeeper import --cluster staging --sim examples/sim-account.json --out /tmp/specs',
    'fargatekeeper import --cluster prod-eu --all --force --schema ../schema/fargatekeeper.schema.json',
  ],
  async run(ctx) {
    const { options, io } = ctx;
    const name = options.string('cluster');
    if (!name) throw new UsageError('--cluster NAME is required: the cluster whose profiles are imported', 'import');
    if (options.flag('all') && options.flag('unmanaged'))
      throw new UsageError('--all and --unmanaged contradict each other', 'import');
    const out = options.string('out') ?? 'fargate';
    const source = options.string('source') ?? detectSource(out);
    const problem = sourceProblem(source);
    if (problem)
      throw new UsageError(`--source ${problem} (got \`${source}\`); pass --source OWNER/REPO[:FOLDER]`, 'import');

    const opened = await openAccount(ctx);
    const file = join(out, `${name}.yaml`);
    // Before any read: a run that cannot write its file should not have to wait for AWS to say so.
    if (!options.flag('force') && (await stat(file).catch(() => undefined))) {
      throw new CliError(`\`${file}\` exists; pass --force to overwrite it (or --out another folder)`);
    }
    // Cluster documents already in the folder say where the cluster lives (region, account, role), as for plan.
    const { cluster, account } = await placeCluster(ctx, opened, name, await declarationsIn(out), 'import');
    const { region } = cluster;
    const result = await importProfiles(account, {
      cluster,
      source,
      scope: options.flag('all') ? 'all' : 'unmanaged',
      schema: options.string('schema') ?? specSchemaId,
    });
    if (result.status === 'cluster-not-found')
      throw new CliError(`cluster \`${termText(name)}\` not found in ${region}`);
    if (result.status === 'read-failed')
      throw new CliError(`cluster \`${termText(name)}\` (${region}) could not be read: ${termText(result.error)}`);

    if (result.content !== undefined) {
      await mkdir(out, { recursive: true });
      await writeFileAtomic(file, result.content);
      io.stdout.write(
        `Imported ${count(result.profiles.length)} of ${termText(name)} (${region}) into ${termText(file)}:\n`,
      );
      for (const imported of result.profiles) io.stdout.write(`  ${importedLine(imported)}\n`);
    } else {
      io.stdout.write(`Nothing to import from ${termText(name)} (${region}): no file written.\n`);
    }
    if (result.passedOver.length > 0) {
      io.stdout.write('Passed over:\n');
      for (const passed of result.passedOver) io.stdout.write(`  ${passedOverLine(passed)}\n`);
    }
    const adopted = result.profiles.filter(p => p.ownership === 'unmanaged').length;
    if (result.content !== undefined) {
      io.stdout.write(
        `Next: fargatekeeper plan --specs ${termText(out)}${adopted > 0 ? ` (it adopts ${count(adopted)} in place, tags only)` : ''}\n`,
      );
    }
    return ExitCode.ok;
  },
};

const count = (n: number): string => `${n} profile${n === 1 ? '' : 's'}`;

function importedLine({ profile, spec, ownership }: ImportedProfile): string {
  const named = spec === profile ? termText(profile) : `${termText(profile)} as spec ${termText(spec)}`;
  return ownership === 'unmanaged'
    ? named
    : `${named} (${ownership === 'mine' ? 'managed here' : 'managed, no source yet'})`;
}

function passedOverLine({ profile, reason }: PassedOver): string {
  switch (reason.code) {
    case 'managed':
      return `${termText(profile)}: managed by fargatekeeper as spec ${termText(reason.spec)} (--all imports it)`;
    case 'other-source':
      return `${termText(profile)}: managed by ${termText(reason.source)}`;
    case 'not-serving':
      return `${termText(profile)}: ${reason.status}`;
  }
}
