import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse, parseAllDocuments } from 'yaml';
import { specJsonSchema } from '../jsonSchema';
import { parseSpecFiles } from '../parse';
import type { FailedSpec } from '../types';

// eksctl's examples/16-fargate-profile.yaml, as eksctl ships it.
const example16 = `# An example of ClusterConfig object creating Fargate profiles.
---
apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig

metadata:
  name: cluster-16
  region: ap-northeast-1

nodeGroups:
  - name: ng-1
    instanceType: m5.large
    desiredCapacity: 1

fargateProfiles:
  - name: fp-default
    selectors:
      # All workloads in the "default" Kubernetes namespace will be
      # scheduled onto Fargate:
      - namespace: default
      # All workloads in the "kube-system" Kubernetes namespace will be
      # scheduled onto Fargate:
      - namespace: kube-system
  - name: fp-dev
    selectors:
      # All workloads in the "dev" Kubernetes namespace matching the following
      # label selectors will be scheduled onto Fargate:
      - namespace: dev
        labels:
          env: dev
          checks: passed
    tags:
      env: dev
      name: fp-dev
`;

const read = (content: string) => parseSpecFiles([{ path: 'eksctl/cluster.yaml', content }]);
const errorsOf = (f: FailedSpec) =>
  f.diagnostics.filter(d => d.severity === 'error').map(d => [d.code, d.path, d.source?.line, d.hint]);
const withoutSource = <T extends { source: unknown }>({ source: _source, ...rest }: T) => rest;

describe('eksctl ClusterConfig', () => {
  it("reads eksctl's own example: a spec per profile, adopting it, leaving eksctl's role and EKS's subnets to the live profile", () => {
    const { specs, failed, diagnostics } = read(example16);
    expect(failed).toEqual([]);
    expect(specs.map(withoutSource)).toEqual([
      {
        name: 'fp-default',
        cluster: 'cluster-16',
        region: 'ap-northeast-1',
        subnets: [],
        selectors: [
          { namespace: 'default', labels: {} },
          { namespace: 'kube-system', labels: {} },
        ],
        tags: {},
        adopt: 'fp-default',
        leftToTool: { subnets: true, role: { tool: 'eksctl', pattern: '^eksctl-.*-Fargate' } },
      },
      {
        name: 'fp-dev',
        cluster: 'cluster-16',
        region: 'ap-northeast-1',
        subnets: [],
        selectors: [{ namespace: 'dev', labels: { env: 'dev', checks: 'passed' } }],
        tags: { env: 'dev', name: 'fp-dev' },
        adopt: 'fp-dev',
        leftToTool: { subnets: true, role: { tool: 'eksctl', pattern: '^eksctl-.*-Fargate' } },
      },
    ]);
    const dev = specs[1]!.source;
    expect([dev.format, dev.document, dev.line, dev.column]).toEqual(['eksctl', 0, 24, 5]);
    expect(dev.fields['selectors[0].labels.checks']).toEqual({
      file: 'eksctl/cluster.yaml',
      line: 31,
      column: 19,
      path: 'fargateProfiles[1].selectors[0].labels.checks',
    });
    expect(dev.fields.cluster).toEqual({ file: 'eksctl/cluster.yaml', line: 7, column: 9, path: 'metadata.name' });
    expect(dev.fields.adopt).toMatchObject({ line: 24, path: 'fargateProfiles[1].name' });
    // The node group is said once, with the first profile.
    expect(diagnostics.map(d => [d.code, d.message, d.profile])).toEqual([
      [
        'spec.ignored-fields',
        'ignored: `nodeGroups` (no meaning for a Fargate profile managed by fargatekeeper)',
        'fp-default',
      ],
    ]);
  });

  it('a role and subnets written in the document are used; the cluster-wide role serves profiles that name none', () => {
    const content = example16
      .replace(
        'nodeGroups:',
        'iam:\n  fargatePodExecutionRoleARN: arn:aws:iam::123456789012:role/cluster-pods\n\nnodeGroups:',
      )
      .replace(
        '  - name: fp-dev\n',
        '  - name: fp-dev\n    podExecutionRoleARN: arn:aws:iam::123456789012:role/dev-pods\n    subnets: [subnet-0a11, subnet-0b22]\n',
      );
    const { specs } = read(content);
    expect(specs.map(s => [s.name, s.podExecutionRoleArn, s.subnets, s.leftToTool])).toEqual([
      ['fp-default', 'arn:aws:iam::123456789012:role/cluster-pods', [], { subnets: true }],
      ['fp-dev', 'arn:aws:iam::123456789012:role/dev-pods', ['subnet-0a11', 'subnet-0b22'], undefined],
    ]);
    expect(specs[0]!.source.fields.podExecutionRoleArn).toMatchObject({
      line: 11,
      path: 'iam.fargatePodExecutionRoleARN',
    });
    expect(specs[1]!.source.fields.podExecutionRoleArn).toMatchObject({
      path: 'fargateProfiles[1].podExecutionRoleARN',
    });
  });

  it('a profile with an error fails on its own, keeping its name and cluster; the others are read', () => {
    const { specs, failed } = read(
      example16.replace('  - name: fp-dev\n    selectors:', '  - name: fp-dev\n    selector:'),
    );
    expect(specs.map(s => s.name)).toEqual(['fp-default']);
    expect(failed).toEqual([
      {
        file: 'eksctl/cluster.yaml',
        document: 0,
        name: 'fp-dev',
        cluster: 'cluster-16',
        diagnostics: [
          expect.objectContaining({
            code: 'spec.unknown-field',
            message: 'unknown field `selector` in `fargateProfiles[1]`',
            path: 'fargateProfiles[1].selector',
            source: { file: 'eksctl/cluster.yaml', line: 25, column: 5 },
            hint: 'did you mean `selectors`?',
          }),
        ],
      },
    ]);
  });

  it('an error of the cluster fails the whole document, naming its cluster: its deletes are held back', () => {
    const typo = read(example16.replace('fargateProfiles:', 'fargateProfile:'));
    expect(typo.specs).toEqual([]);
    expect(typo.failed.map(f => [f.cluster, f.name, errorsOf(f)])).toEqual([
      ['cluster-16', undefined, [['spec.unknown-field', 'fargateProfile', 15, 'did you mean `fargateProfiles`?']]],
    ]);
    const noName = read(example16.replace('  name: cluster-16\n', ''));
    expect(noName.failed.map(f => [f.cluster, errorsOf(f).map(([code, at]) => [code, at])])).toEqual([
      [undefined, [['spec.missing-field', 'metadata.name']]],
    ]);
  });

  it('a misspelt kind is an error with a suggestion, not a manifest of another tool', () => {
    const { failed } = read(example16.replace('kind: ClusterConfig', 'kind: ClusterConfg'));
    expect(failed.flatMap(f => f.diagnostics.map(d => [d.code, d.message, d.hint, d.source?.line]))).toEqual([
      ['spec.unknown-kind', '`eksctl.io/v1alpha5` has no kind `ClusterConfg`', 'did you mean `ClusterConfig`?', 4],
    ]);
  });

  it('a ClusterConfig without Fargate profiles is skipped, with an info', () => {
    const { specs, failed, skipped } = read(example16.slice(0, example16.indexOf('fargateProfiles:')));
    expect([specs, failed]).toEqual([[], []]);
    expect(skipped.map(s => [s.diagnostic.code, s.diagnostic.message])).toEqual([
      ['spec.skipped', 'skipped ClusterConfig `cluster-16`: it has no `fargateProfiles`'],
    ]);
  });

  it('adopts a profile by its exact EKS name; the spec name is made a spec name', () => {
    const { specs } = read(example16.replace('name: fp-dev\n    selectors', 'name: FP_Dev-2\n    selectors'));
    expect(specs.map(s => [s.name, s.adopt])).toEqual([
      ['fp-default', 'fp-default'],
      ['fp-dev-2', 'FP_Dev-2'],
    ]);
  });

  it('the JSON Schema completes it: accepts the example, refuses a misspelt profile field', () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(specJsonSchema());
    const documents = example16.split('\n---\n')[1]!;
    expect(validate(parse(documents))).toBe(true);
    expect(
      validate(parse(documents.replace('  - name: fp-dev\n    selectors:', '  - name: fp-dev\n    selector:'))),
    ).toBe(false);
  });

  it('the migration examples an editor completes satisfy the JSON Schema their first line names', () => {
    const root = path.join(__dirname, '../../../../..');
    const schemaFile = path.join(root, 'schema/fargatekeeper.schema.json');
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(
      JSON.parse(readFileSync(schemaFile, 'utf8')),
    );
    const under = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap(e =>
        e.isDirectory() ? under(path.join(dir, e.name)) : [path.join(dir, e.name)],
      );
    const named = under(path.join(root, 'examples/migration/specs')).filter(f =>
      /^# yaml-language-server: \$schema=/.test(readFileSync(f, 'utf8')),
    );
    expect(named.map(f => path.relative(root, f)).sort()).toEqual([
      'examples/migration/specs/eksctl/fleet-eu.yaml',
      'examples/migration/specs/instance-manager/reports.yaml',
    ]);
    for (const file of named) {
      const text = readFileSync(file, 'utf8');
      expect(path.join(file, '..', /^# yaml-language-server: \$schema=(\S+)/.exec(text)![1]!)).toBe(schemaFile);
      const documents = parseAllDocuments(text).filter(d => d.contents !== null);
      expect(documents.map(d => ({ file, errors: validate(d.toJS()) ? [] : validate.errors }))).toEqual(
        documents.map(() => ({ file, errors: [] })),
      );
    }
  });
});
