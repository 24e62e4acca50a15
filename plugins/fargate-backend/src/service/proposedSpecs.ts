import { InputError, NotFoundError } from '@backstage/errors';
import {
  editSpecDocument,
  isEditableSpecFormat,
  nativeSpecDocument,
  parseSpecFiles,
  removeSpecDocument,
  type Diagnostic,
  type ParseOptions,
  type ProfileSpec,
} from '@fargatekeeper/core';
import {
  profileRequestToSpec,
  type ProfileProposal,
  type ProfileRequestSpec,
  type SpecFileAction,
} from '@fargatekeeper/backstage-plugin-fargate-common';
import type { ClusterConfig } from '../config';
import { canonicalJson } from './requestKey';
import { requestSpecPath } from './specFile';

/** What a proposal does to its cluster's specs and to one spec file. */
export interface ProposedSpecs {
  /** The cluster's specs as they would be with the proposal. */
  specs: ProfileSpec[];
  file: string;
  fileAction: SpecFileAction;
  /** The file's content now (absent for a new file), and after (empty when the file goes). */
  before?: string;
  content: string;
  /** The lines of the file that hold the proposal's document (every line of a new file). */
  lines: { from: number; to: number };
  /** Findings of the request itself: a file name taken, a change that changes nothing, an edit that does not parse. */
  diagnostics: Diagnostic[];
}

export interface ProposalContext {
  cluster: ClusterConfig;
  /** The cluster's specs, and every spec of the source (a new file must not take another's name). */
  specs: ProfileSpec[];
  allSpecs: ProfileSpec[];
  /** The specs folder in the repository, and how its files are parsed. */
  folder: string;
  parseOptions: ParseOptions;
  /** A spec file's content as the specs source has it. */
  readFile(path: string): Promise<string | undefined>;
}

/** A create writes a new file; a change edits its spec's document in place; a delete removes the document (the file, when it was the only one). */
export function proposedSpecs(proposal: ProfileProposal, context: ProposalContext): Promise<ProposedSpecs> {
  switch (proposal.kind) {
    case 'create':
      return Promise.resolve(proposedCreate(proposal, context));
    case 'change':
      return proposedChange(proposal, context);
    case 'delete':
      return proposedDelete(proposal, context);
  }
}

function proposedCreate(proposal: ProfileRequestSpec, context: ProposalContext): ProposedSpecs {
  const { cluster } = context;
  const file = requestSpecPath(context.folder, cluster.name, proposal.name);
  const spec = profileRequestToSpec(proposal, { file, region: cluster.region });
  const diagnostics: Diagnostic[] = [];
  const taken = context.allSpecs.find(s => s.source.file === file);
  if (taken) {
    diagnostics.push({
      severity: 'error',
      code: 'request.file-exists',
      message: `the spec file \`${file}\` already exists (spec \`${taken.name}\`); choose another name`,
      path: 'metadata.name',
      source: { file, line: 1, column: 1 },
    });
  }
  return {
    specs: [...context.specs, spec],
    file,
    fileAction: 'create',
    content: nativeSpecDocument(spec),
    lines: { from: 1, to: Infinity },
    diagnostics,
  };
}

interface Target {
  spec: ProfileSpec;
  before: string;
  lines: { from: number; to: number };
}

async function targetOf(name: string, context: ProposalContext): Promise<Target> {
  const spec = context.specs.find(s => s.name === name);
  if (!spec) throw new NotFoundError(`no spec named '${name}' for cluster '${context.cluster.name}' is in Git`);
  const { file, line, format } = spec.source;
  if (!isEditableSpecFormat(format)) {
    throw new InputError(
      `spec '${name}' is read from ${file}, a ${format} file of several profiles: change it where that file is made`,
    );
  }
  const before = await context.readFile(file);
  if (before === undefined)
    throw new NotFoundError(`the spec file ${file} of '${name}' cannot be read from the specs source`);
  // The document runs until the next spec of the same file starts.
  const next = Math.min(
    ...context.allSpecs.filter(s => s.source.file === file && s.source.line > line).map(s => s.source.line),
  );
  return { spec, before, lines: { from: line, to: next - 1 } };
}

const sameFields = (a: ProfileSpec, b: ProfileRequestSpec) =>
  canonicalJson([a.selectors, a.subnets, a.podExecutionRoleArn ?? null, a.tags]) ===
  canonicalJson([
    b.selectors.map(s => ({ namespace: s.namespace, labels: s.labels ?? {} })),
    b.subnets,
    b.podExecutionRoleArn ?? null,
    b.tags ?? {},
  ]);

async function proposedChange(proposal: ProfileRequestSpec, context: ProposalContext): Promise<ProposedSpecs> {
  const target = await targetOf(proposal.name, context);
  const { spec, before, lines } = target;
  const fields = {
    selectors: proposal.selectors.map(s => ({ namespace: s.namespace, labels: { ...(s.labels ?? {}) } })),
    subnets: [...proposal.subnets],
    tags: { ...(proposal.tags ?? {}) },
    ...(proposal.podExecutionRoleArn ? { podExecutionRoleArn: proposal.podExecutionRoleArn } : {}),
  };
  const content = editSpecDocument(before, spec.source, fields);
  const diagnostics: Diagnostic[] = [];
  if (content === before) {
    diagnostics.push({
      severity: 'error',
      code: 'request.no-change',
      message: `the change leaves spec \`${spec.name}\` as it is in Git`,
      source: { file: spec.source.file, line: spec.source.line, column: 1 },
    });
  }
  // The edited file, parsed back: the plan is made from what the pull request writes, at its lines.
  const reparsed = parseSpecFiles([{ path: spec.source.file, content }], context.parseOptions);
  const edited = reparsed.specs.find(s => s.name === spec.name && s.source.document === spec.source.document);
  if (edited && !sameFields(edited, proposal)) {
    throw new Error(`editing ${spec.source.file} did not give the requested spec '${spec.name}'`);
  }
  if (!edited) {
    // Invalid values: the parser's findings at the document say why (core's rules check the model below too).
    const inDocument = (d: Diagnostic) =>
      d.severity === 'error' && d.source !== undefined && d.source.line >= lines.from && d.source.line <= lines.to;
    diagnostics.push(...reparsed.diagnostics.filter(inDocument));
  }
  const { podExecutionRoleArn: _role, ...kept } = spec;
  const changed: ProfileSpec = edited ?? { ...kept, ...fields, source: { ...spec.source, fields: {} } };
  return {
    specs: context.specs.map(s => (s === spec ? changed : s)),
    file: spec.source.file,
    fileAction: 'update',
    before,
    content,
    lines,
    diagnostics,
  };
}

async function proposedDelete(proposal: { name: string }, context: ProposalContext): Promise<ProposedSpecs> {
  const { spec, before, lines } = await targetOf(proposal.name, context);
  const file = spec.source.file;
  const after = removeSpecDocument(before, spec.source);
  const content = after.kind === 'update' ? after.content : '';
  // What is left of the file must be the other specs of it, as they were.
  const left = parseSpecFiles([{ path: file, content }], context.parseOptions).specs.map(s => s.name);
  const expected = context.allSpecs.filter(s => s.source.file === file && s !== spec).map(s => s.name);
  if (JSON.stringify(left) !== JSON.stringify(expected))
    throw new Error(`removing '${spec.name}' from ${file} would change its other specs`);
  return {
    specs: context.specs.filter(s => s !== spec),
    file,
    fileAction: after.kind,
    before,
    content,
    lines,
    diagnostics: [],
  };
}
