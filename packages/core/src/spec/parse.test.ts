import { parseSpecFile, parseSpecFiles } from './parse';
import type { SpecFile } from './types';

const file = (content: string, path = 'fargate/payments.yaml'): SpecFile => ({ path, content });
const errorsOf = (content: string) => parseSpecFiles([file(content)]).diagnostics.filter(d => d.severity === 'error');

const native = `apiVersion: fargatekeeper.dev/v1
kind: FargateProfile
metadata:
  name: payments-jobs
spec:
  cluster: prod-eu
  region: eu-west-1
  podExecutionRoleArn: arn:aws:iam::123456789012:role/payments
  subnets: [subnet-1a2b3c4d, subnet-4d3c2b1a]
  selectors:
    - namespace: payments
      labels: { compute: fargate }
  tags: { team: payments }
`;

describe('parseSpecFiles: native format', () => {
  it('maps a native spec onto the model with positions for every field', () => {
    const { specs, diagnostics } = parseSpecFiles([file(native)]);
    expect(diagnostics).toEqual([]);
    expect(specs).toHaveLength(1);
    const spec = specs[0]!;
    expect({ ...spec, source: undefined }).toEqual({
      name: 'payments-jobs',
      cluster: 'prod-eu',
      region: 'eu-west-1',
      podExecutionRoleArn: 'arn:aws:iam::123456789012:role/payments',
      subnets: ['subnet-1a2b3c4d', 'subnet-4d3c2b1a'],
      selectors: [{ namespace: 'payments', labels: { compute: 'fargate' } }],
      tags: { team: 'payments' },
      source: undefined,
    });
    expect(spec.source).toMatchObject({
      file: 'fargate/payments.yaml',
      line: 1,
      column: 1,
      format: 'native',
      document: 0,
    });
    expect(spec.source.fields.name).toEqual({
      file: 'fargate/payments.yaml',
      line: 4,
      column: 9,
      path: 'metadata.name',
    });
    expect(spec.source.fields['subnets[1]']).toEqual({
      file: 'fargate/payments.yaml',
      line: 9,
      column: 30,
      path: 'spec.subnets[1]',
    });
    expect(spec.source.fields['selectors[0].namespace']).toMatchObject({ line: 11, column: 18 });
    expect(spec.source.fields['selectors[0].labels.compute']).toMatchObject({
      line: 12,
      column: 26,
      path: 'spec.selectors[0].labels.compute',
    });
    expect(spec.source.fields['selectors[0].labels.compute#key']).toMatchObject({ line: 12, column: 17 });
    expect(spec.source.fields['tags.team']).toMatchObject({ line: 13, column: 17 });
  });

  it('reads every document of every file and keeps optional fields out when absent', () => {
    const second = native
      .replace('payments-jobs', 'payments-api')
      .replace(/ {2}region: .*\n/, '')
      .replace(/ {2}podExecutionRoleArn: .*\n/, '');
    const { specs, diagnostics } = parseSpecFiles([
      file(`${native}---\n${second}`),
      file(native.replace('payments-jobs', 'other'), 'fargate/b.yml'),
    ]);
    expect(diagnostics).toEqual([]);
    expect(specs.map(s => [s.name, s.source.file, s.source.document, s.source.line])).toEqual([
      ['payments-jobs', 'fargate/payments.yaml', 0, 1],
      ['payments-api', 'fargate/payments.yaml', 1, 15],
      ['other', 'fargate/b.yml', 0, 1],
    ]);
    expect('region' in specs[1]!).toBe(false);
    expect('podExecutionRoleArn' in specs[1]!).toBe(false);
  });

  it('reads profileName and adopt', () => {
    const { specs } = parseSpecFiles([
      file(native.replace('  tags:', '  profileName: payments\n  adopt: handmade\n  tags:')),
    ]);
    expect(specs[0]).toMatchObject({ profileName: 'payments', adopt: 'handmade' });
  });
});

describe('parseSpecFiles: bad input, exact message and position', () => {
  it('malformed YAML', () => {
    expect(errorsOf('apiVersion: fargatekeeper.dev/v1\nkind: FargateProfile\nmetadata:\n\tname: x\n')).toEqual([
      {
        severity: 'error',
        code: 'spec.yaml-syntax',
        message: 'malformed YAML: Tabs are not allowed as indentation',
        source: { file: 'fargate/payments.yaml', line: 4, column: 1 },
        hint: 'indent with spaces; YAML does not allow tabs',
      },
    ]);
  });

  it('duplicate key', () => {
    expect(errorsOf(native.replace('  region: eu-west-1\n', '  region: eu-west-1\n  cluster: prod-us\n'))).toEqual([
      {
        severity: 'error',
        code: 'spec.duplicate-key',
        message: 'duplicate key `cluster` in `spec` (first at line 6)',
        path: 'spec.cluster',
        source: { file: 'fargate/payments.yaml', line: 8, column: 3 },
        hint: 'YAML keeps only one of them; remove or merge the other',
        profile: 'payments-jobs',
        // No `cluster`: which of the two YAML keeps is no ground to protect (or delete) profiles by.
      },
    ]);
  });

  it('unknown field, with a did-you-mean hint', () => {
    expect(errorsOf(native.replace('- namespace: payments', '- namspace: payments'))).toEqual([
      {
        severity: 'error',
        code: 'spec.unknown-field',
        message: 'unknown field `namspace` in `spec.selectors[0]`',
        path: 'spec.selectors[0].namspace',
        source: { file: 'fargate/payments.yaml', line: 11, column: 7 },
        hint: 'did you mean `namespace`?',
        profile: 'payments-jobs',
        cluster: 'prod-eu',
      },
    ]);
  });

  it('unknown field far from any known one lists the allowed fields', () => {
    const [d] = errorsOf(native.replace('  tags:', '  replicas: 3\n  tags:'));
    expect(d).toMatchObject({ message: 'unknown field `replicas` in `spec`', source: { line: 13, column: 3 } });
    expect(d!.hint).toBe(
      'allowed here: `cluster`, `region`, `podExecutionRoleArn`, `subnets`, `selectors`, `tags`, `profileName`, `adopt`, `deletionProtection`',
    );
  });

  it('wrong type: a string where a list belongs', () => {
    expect(errorsOf(native.replace('subnets: [subnet-1a2b3c4d, subnet-4d3c2b1a]', 'subnets: subnet-1'))).toEqual([
      {
        severity: 'error',
        code: 'spec.wrong-type',
        message: '`spec.subnets`: expected a list, got the string `subnet-1`',
        path: 'spec.subnets',
        source: { file: 'fargate/payments.yaml', line: 9, column: 12 },
        hint: 'write `subnets: [subnet-1]`, or one `- subnet-1` line per item',
        profile: 'payments-jobs',
        cluster: 'prod-eu',
      },
    ]);
  });

  it('wrong type: a number where a string belongs', () => {
    const [d] = errorsOf(native.replace('{ compute: fargate }', '{ version: 2 }'));
    expect(d).toMatchObject({
      message: '`spec.selectors[0].labels.version`: expected a string, got the number 2',
      source: { line: 12, column: 26 },
      hint: 'quote it: `"2"`',
    });
  });

  it('missing namespace', () => {
    expect(errorsOf(native.replace('- namespace: payments\n      labels:', '- labels:'))).toEqual([
      {
        severity: 'error',
        code: 'spec.missing-field',
        message: 'missing required field `namespace` in `spec.selectors[0]`',
        path: 'spec.selectors[0].namespace',
        source: { file: 'fargate/payments.yaml', line: 11, column: 7 },
        hint: 'add `namespace`: Kubernetes namespace of the pods; `*` and `?` wildcards allowed.',
        profile: 'payments-jobs',
        cluster: 'prod-eu',
      },
    ]);
  });

  it('empty values', () => {
    const diagnostics = errorsOf(
      native
        .replace('cluster: prod-eu', 'cluster:')
        .replace('{ team: payments }', '')
        .replace('labels: { compute: fargate }', 'labels: { compute: "" }'),
    );
    expect(diagnostics.map(d => [d.code, d.message, d.source?.line, d.source?.column])).toEqual([
      ['spec.empty-value', '`spec.cluster` is empty', 6, 3],
      ['spec.empty-value', '`spec.selectors[0].labels.compute` is empty', 12, 26],
      ['spec.empty-value', '`spec.tags` is empty', 13, 3],
    ]);
  });

  it('an empty list', () => {
    const [d] = errorsOf(native.replace('subnets: [subnet-1a2b3c4d, subnet-4d3c2b1a]', 'subnets: []'));
    expect(d).toMatchObject({
      code: 'spec.empty-value',
      message: '`spec.subnets` is empty',
      hint: 'give at least one item',
      source: { line: 9, column: 12 },
    });
  });

  it('reports all problems of all files in one run', () => {
    const bad1 = native
      .replace('- namespace: payments', '- namspace: payments')
      .replace('cluster: prod-eu', 'cluster: [a]');
    const bad2 = native.replace('kind: FargateProfile', 'kind: FargateProfiles');
    const { specs, diagnostics } = parseSpecFiles([
      file(bad1, 'fargate/a.yaml'),
      file(bad2, 'fargate/b.yaml'),
      file(native, 'fargate/c.yaml'),
    ]);
    expect(specs.map(s => s.source.file)).toEqual(['fargate/c.yaml']);
    expect(diagnostics.map(d => `${d.source?.file}:${d.source?.line}:${d.source?.column} ${d.message}`)).toEqual([
      'fargate/a.yaml:6:12 `spec.cluster`: expected a string, got a list',
      'fargate/a.yaml:11:7 unknown field `namspace` in `spec.selectors[0]`',
      'fargate/b.yaml:2:7 `fargatekeeper.dev/v1` has no kind `FargateProfiles`',
    ]);
    expect(diagnostics[2]!.hint).toBe('did you mean `FargateProfile`?');
  });

  it('refuses documents that are not specs, with a hint for a near apiVersion', () => {
    const { diagnostics } = parseSpecFiles([
      file('apiVersion: fargatekeeper.dev/v2\nkind: FargateProfile\n---\napiVersion: apps/v1\nkind: Deployment\n'),
    ]);
    expect(diagnostics.map(d => [d.severity, d.code, d.message, d.source?.line, d.hint])).toEqual([
      [
        'error',
        'spec.unknown-kind',
        '`fargatekeeper.dev/v2` `FargateProfile` is not a spec format fargatekeeper reads',
        1,
        'did you mean `fargatekeeper.dev/v1`?',
      ],
      [
        'error',
        'spec.unknown-kind',
        '`apps/v1` `Deployment` is not a spec format fargatekeeper reads',
        4,
        'fargatekeeper reads `fargatekeeper.dev/v1` `FargateProfile`, `instancemgr.keikoproj.io/v1alpha1` `InstanceGroup`, `jicomusic.com/v1` `FargateProfile`, `eksctl.io/v1alpha5` `ClusterConfig`, `fargatekeeper.dev/v1` `Cluster`, CloudFormation templates and `terraform show -json`; keep other manifests out of the specs folder',
      ],
    ]);
  });

  it('a document that is not a mapping, a missing apiVersion, an unknown alias, a merge key', () => {
    const { diagnostics } = parseSpecFiles([
      file(
        `- a\n- b\n---\nkind: FargateProfile\n---\n${native.replace('cluster: prod-eu', 'cluster: *nope')}---\n${native.replace(
          '  region: eu-west-1\n',
          '  <<: { region: eu-west-1 }\n',
        )}`,
      ),
    ]);
    expect(diagnostics.map(d => [d.code, d.message, d.source?.line])).toEqual([
      ['spec.not-a-mapping', 'document 1 is not a mapping', 1],
      ['spec.missing-field', 'missing required field `apiVersion`', 4],
      ['spec.yaml-syntax', 'unknown YAML alias `*nope` in `spec.cluster`', 11],
      ['spec.merge-key', 'YAML merge keys (`<<`) are not supported in `spec`', 26],
    ]);
  });

  it('warns about a file without any spec', () => {
    expect(parseSpecFiles([file('# nothing yet\n')]).diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'spec.empty-file',
        message: 'no spec in this file',
        source: { file: 'fargate/payments.yaml', line: 1, column: 1 },
        hint: 'remove the file, or add a `FargateProfile` document',
      },
    ]);
  });
});

describe('parseSpecFiles: independent documents', () => {
  it('keeps the good documents of a file whose other documents are broken', () => {
    const broken = native.replace('metadata:\n  name: payments-jobs', 'metadata:\n  name: [payments');
    const { specs, diagnostics } = parseSpecFiles([
      file(`${broken}---\n${native.replace('payments-jobs', 'ok')}---\napiVersion: 1\nkind: FargateProfile\n`),
    ]);
    expect(specs.map(s => s.name)).toEqual(['ok']);
    expect(diagnostics.map(d => [d.code, d.source?.line])).toEqual([
      ['spec.yaml-syntax', 5],
      ['spec.unknown-kind', 29],
    ]);
    expect(diagnostics[1]!.message).toBe('`1` `FargateProfile` is not a spec format fargatekeeper reads');
  });

  it('names the spec and cluster of a broken document when the document still says them, never a guess', () => {
    // Diagnostics name the cluster only with the spec; the failed entry says each on its own.
    const names = (content: string, options = {}) => {
      const { failed, diagnostics } = parseSpecFiles([file(content)], options);
      expect(failed).toHaveLength(1);
      return [
        ...diagnostics.filter(d => d.severity === 'error').map(d => [d.code, d.profile, d.cluster]),
        ['failed', failed[0]!.name, failed[0]!.cluster],
      ];
    };
    // Wrong apiVersion: the name is readable, the cluster's place is not known.
    expect(names(native.replace('fargatekeeper.dev/v1', 'fargatekeeper.dev/v2'))).toEqual([
      ['spec.unknown-kind', 'payments-jobs', undefined],
      ['failed', 'payments-jobs', undefined],
    ]);
    // A duplicate `name` or `cluster`: YAML keeps one of them, which is no ground to keep (or delete) profiles by.
    expect(names(native.replace('  name: payments-jobs\n', '  name: payments-jobs\n  name: payments\n'))).toEqual([
      ['spec.duplicate-key', undefined, undefined],
      ['failed', undefined, 'prod-eu'],
    ]);
    expect(names(native.replace('spec:\n', 'spec:\n  cluster: prod-us\n'))).toEqual([
      ['spec.duplicate-key', 'payments-jobs', undefined],
      ['failed', 'payments-jobs', undefined],
    ]);
    // A cluster that is not a string, and the fargate-operator's cluster from the run.
    expect(names(native.replace('cluster: prod-eu', 'cluster: [prod-eu]'))).toEqual([
      ['spec.wrong-type', 'payments-jobs', undefined],
      ['failed', 'payments-jobs', undefined],
    ]);
    const operator =
      'apiVersion: jicomusic.com/v1\nkind: FargateProfile\nmetadata:\n  name: search\nspec:\n  subnets: [subnet-1]\n  selectors: [{ namespace: s }]\n  colour: red\n';
    expect(names(operator, { defaultCluster: 'staging' })).toEqual([
      ['spec.unknown-field', 'search', 'staging'],
      ['failed', 'search', 'staging'],
    ]);
    // Not a known format: its keys were never checked, yet a duplicated name is still no name.
    expect(
      names(
        native
          .replace('fargatekeeper.dev/v1', 'fargatekeeper.dev/v2')
          .replace('  name: payments-jobs\n', '  name: payments-jobs\n  name: payments\n'),
      ),
    ).toEqual([
      ['spec.unknown-kind', undefined, undefined],
      ['failed', undefined, undefined],
    ]);
  });
});

describe('parseSpecFiles: an outcome per document', () => {
  const instanceGroup = (provisioner: string) => `apiVersion: instancemgr.keikoproj.io/v1alpha1
kind: InstanceGroup
metadata:
  name: nodes
  namespace: instance-manager
spec:
  provisioner: ${provisioner}
  eks-fargate:
    clusterName: prod-us
    subnets: [subnet-1a2b3c4d]
    selectors: [{ namespace: nodes }]
`;

  it('parsed: the spec, nothing failed or skipped', () => {
    const { specs, failed, skipped, diagnostics } = parseSpecFiles([file(native)]);
    expect([specs.map(s => [s.name, s.cluster, s.source.document]), failed, skipped, diagnostics]).toEqual([
      [['payments-jobs', 'prod-eu', 0]],
      [],
      [],
      [],
    ]);
  });

  it('failed, with the name and cluster the document says', () => {
    const { specs, failed, skipped, diagnostics } = parseSpecFiles([
      file(native.replace('  tags:', '  replicas: 3\n  tags:')),
    ]);
    const error = {
      severity: 'error',
      code: 'spec.unknown-field',
      message: 'unknown field `replicas` in `spec`',
      path: 'spec.replicas',
      source: { file: 'fargate/payments.yaml', line: 13, column: 3 },
      hint: 'allowed here: `cluster`, `region`, `podExecutionRoleArn`, `subnets`, `selectors`, `tags`, `profileName`, `adopt`, `deletionProtection`',
      profile: 'payments-jobs',
      cluster: 'prod-eu',
    };
    expect(failed).toEqual([
      { file: 'fargate/payments.yaml', document: 0, name: 'payments-jobs', cluster: 'prod-eu', diagnostics: [error] },
    ]);
    expect([specs, skipped, diagnostics]).toEqual([[], [], [error]]);
  });

  it('failed, with the name of a mapping error of the format and the cluster of the run', () => {
    const operator =
      'apiVersion: jicomusic.com/v1\nkind: FargateProfile\nmetadata:\n  name: search\nspec:\n  subnets: [subnet-1]\n  selectors: [{ namespace: s }]\n';
    const { failed } = parseSpecFiles([file(operator, 'fo.yaml')]);
    expect(failed.map(f => [f.file, f.document, f.name, f.cluster, f.diagnostics.map(d => d.code)])).toEqual([
      ['fo.yaml', 0, 'search', undefined, ['spec.cluster-unknown']],
    ]);
    expect('cluster' in failed[0]!).toBe(false);
  });

  it('failed without a name: malformed YAML, or a document that is not a mapping', () => {
    const { specs, failed } = parseSpecFiles([
      file(`- a\n---\n${native}---\napiVersion: fargatekeeper.dev/v1\nmetadata:\n\tname: x\n`),
    ]);
    expect(specs.map(s => [s.name, s.source.document])).toEqual([['payments-jobs', 1]]);
    // Strict: no `name` or `cluster` key at all.
    expect(failed).toStrictEqual([
      {
        file: 'fargate/payments.yaml',
        document: 0,
        diagnostics: [
          {
            severity: 'error',
            code: 'spec.not-a-mapping',
            message: 'document 1 is not a mapping',
            source: { file: 'fargate/payments.yaml', line: 1, column: 1 },
            hint: 'a spec starts with `apiVersion:` and `kind:`',
          },
        ],
      },
      {
        file: 'fargate/payments.yaml',
        document: 2,
        diagnostics: [
          {
            severity: 'error',
            code: 'spec.yaml-syntax',
            message: 'malformed YAML: Tabs are not allowed as indentation',
            source: { file: 'fargate/payments.yaml', line: 19, column: 1 },
            hint: 'indent with spaces; YAML does not allow tabs',
          },
        ],
      },
    ]);
  });

  it('reads a name through an alias, as YAML does', () => {
    const aliased = native
      .replace('kind: FargateProfile\n', 'kind: FargateProfile\nteam: &team payments-jobs\n')
      .replace('name: payments-jobs', 'name: *team');
    expect(
      parseSpecFiles([file(aliased)]).failed.map(f => [f.name, f.cluster, f.diagnostics.map(d => d.message)]),
    ).toEqual([['payments-jobs', 'prod-eu', ['unknown field `team`']]]);
  });

  it('skipped: an InstanceGroup of another provisioner, beside a spec of the same file', () => {
    const { specs, failed, skipped, diagnostics } = parseSpecFiles([file(`${native}---\n${instanceGroup('eks')}`)]);
    const info = {
      severity: 'info',
      code: 'spec.skipped',
      message: 'skipped InstanceGroup `nodes`: provisioner `eks` makes nodes, not a Fargate profile',
      path: 'spec.provisioner',
      source: { file: 'fargate/payments.yaml', line: 21, column: 16 },
    };
    expect(skipped).toEqual([{ file: 'fargate/payments.yaml', document: 1, diagnostic: info }]);
    expect([specs.map(s => s.name), failed, diagnostics]).toEqual([['payments-jobs'], [], [info]]);
  });

  it('a misspelt provisioner is no skip: it fails, naming the group and its cluster', () => {
    const { failed, skipped } = parseSpecFiles([file(instanceGroup('eks-fargat'))]);
    expect(skipped).toEqual([]);
    expect(failed.map(f => [f.document, f.name, f.cluster, f.diagnostics.map(d => d.code)])).toEqual([
      [0, 'nodes', 'prod-us', ['spec.invalid-value']],
    ]);
  });

  it('an empty file: a warning, no outcome', () => {
    const { specs, failed, skipped, diagnostics } = parseSpecFiles([file('# nothing yet\n---\n')]);
    expect([specs, failed, skipped, diagnostics.map(d => [d.severity, d.code])]).toEqual([
      [],
      [],
      [],
      [['warning', 'spec.empty-file']],
    ]);
  });

  it('parseSpecFile gives the same outcomes for one file', () => {
    const content = `${native}---\n${instanceGroup('eks')}---\n- a\n`;
    const { specs, failed, skipped, diagnostics } = parseSpecFile(file(content));
    expect([
      specs.map(s => s.name),
      failed.map(f => f.document),
      skipped.map(s => s.document),
      diagnostics.map(d => d.code),
    ]).toEqual([['payments-jobs'], [2], [1], ['spec.skipped', 'spec.not-a-mapping']]);
  });
});

describe('parseSpecFiles: findings at the top of a document', () => {
  it('have no path and say so in words, not as an empty path', () => {
    const content = native
      .replace('spec:\n', 'colour: red\n<<: { region: eu-west-1 }\nspec:\n')
      .replace(/^spec:[\s\S]*$/m, '');
    expect(errorsOf(content).map(d => [d.code, d.message, d.path])).toEqual([
      ['spec.missing-field', 'missing required field `spec`', 'spec'],
      ['spec.unknown-field', 'unknown field `colour`', 'colour'],
      ['spec.merge-key', 'YAML merge keys (`<<`) are not supported', undefined],
    ]);
  });
});

describe('parseSpecFiles: contained input', () => {
  const nestedFlow = (depth: number) =>
    `apiVersion: fargatekeeper.dev/v1\nkind: FargateProfile\nstatus: ${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}\n`;
  const nestedBlock = (depth: number) => Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k:\n`).join('');
  const nestedSequences = (depth: number) => `${'- '.repeat(depth)}x\n`;

  it('refuses 10,000 levels of nesting with an error saying so, not a stack overflow', () => {
    for (const content of [nestedFlow(10_000), nestedSequences(10_000)]) {
      const { specs, failed, diagnostics } = parseSpecFiles([file(content)]);
      expect(specs).toEqual([]);
      expect(diagnostics.map(d => d.code)).toEqual(['spec.too-deep']);
      expect(failed).toHaveLength(1);
      expect(JSON.stringify(diagnostics)).not.toContain('call stack');
    }
    const [deep] = parseSpecFiles([file(nestedBlock(150))]).diagnostics;
    // Block mappings nest one per line, so the 101st level is on line 101.
    expect(deep).toEqual({
      severity: 'error',
      code: 'spec.too-deep',
      message: 'nested deeper than 100 levels: the document is not read',
      source: { file: 'fargate/payments.yaml', line: 101, column: 101 },
      hint: 'a spec nests a few levels; check for runaway brackets or indentation',
    });
    expect(parseSpecFiles([file(nestedFlow(10_000))]).diagnostics[0]!.source).toEqual({
      file: 'fargate/payments.yaml',
      line: 3,
      column: 108,
    });
    expect(parseSpecFiles([file(nestedSequences(10_000))]).diagnostics[0]!.source).toEqual({
      file: 'fargate/payments.yaml',
      line: 1,
      column: 201,
    });
  });

  it('reads 100 levels and refuses 101, one document at a time', () => {
    expect(errorsOf(nestedFlow(100)).map(d => d.code)).not.toContain('spec.too-deep');
    const { specs, failed } = parseSpecFiles([file(`${nestedFlow(101)}---\n${native}`)]);
    expect(failed.map(f => [f.document, f.diagnostics.map(d => d.code)])).toEqual([[0, ['spec.too-deep']]]);
    expect(specs.map(s => [s.name, s.source.document])).toEqual([['payments-jobs', 1]]);
  });

  it('refuses `__proto__`, `constructor` and `prototype` as keys of any mapping, at the key', () => {
    const content = native
      .replace('labels: { compute: fargate }', 'labels: { compute: fargate, __proto__: x }')
      .replace('tags: { team: payments }', 'tags: { constructor: payments }')
      .replace('metadata:\n', 'metadata:\n  prototype: x\n');
    const { specs, failed } = parseSpecFiles([file(content)]);
    expect(specs).toEqual([]);
    expect(failed[0]!.diagnostics.map(d => [d.code, d.message, d.path, d.source?.line, d.source?.column])).toEqual([
      ['spec.forbidden-key', 'the key `prototype` is not allowed in `metadata`', 'metadata.prototype', 4, 3],
      [
        'spec.forbidden-key',
        'the key `__proto__` is not allowed in `spec.selectors[0].labels`',
        'spec.selectors[0].labels.__proto__',
        13,
        35,
      ],
      ['spec.forbidden-key', 'the key `constructor` is not allowed in `spec.tags`', 'spec.tags.constructor', 14, 11],
    ]);
    expect(failed[0]!.diagnostics[0]!.hint).toBe(
      '`__proto__`, `constructor`, `prototype` have a special meaning to JavaScript objects; rename the key',
    );
  });

  it('takes names of Object.prototype for unknown fields, not for fields of the schema', () => {
    expect(errorsOf(native.replace('spec:\n', 'spec:\n  toString: x\n')).map(d => [d.code, d.message])).toEqual([
      ['spec.unknown-field', 'unknown field `toString` in `spec`'],
    ]);
  });

  it('cuts a 5,000-character value at 200 characters in messages, with its length', () => {
    const long = 'a'.repeat(5000);
    const [error] = errorsOf(native.replace('kind: FargateProfile', `kind: ${long}`));
    expect(error!.message).toBe(`\`fargatekeeper.dev/v1\` has no kind \`${'a'.repeat(200)}…\` (5000 characters)`);
  });

  it('reads at most `maxSpecs` documents in a run, and says which one passed the limit', () => {
    const two = `${native}---\n${native.replace('payments-jobs', 'second')}`;
    const third = file(native.replace('payments-jobs', 'third'), 'fargate/z.yaml');
    const { specs, failed, diagnostics } = parseSpecFiles([file(two), third, file(native, 'fargate/zz.yaml')], {
      maxSpecs: 2,
    });
    expect(specs.map(s => s.name)).toEqual(['payments-jobs', 'second']);
    // The file as a whole failed (no document): the plan holds back every delete.
    expect(failed).toEqual([{ file: 'fargate/z.yaml', diagnostics }]);
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        code: 'spec.too-many',
        message:
          'more than 2 spec documents in this run (the limit): this document and every one after it are not read',
        source: { file: 'fargate/z.yaml', line: 1, column: 1 },
        hint: 'split the specs over several folders, each planned on its own',
      },
    ]);
    expect(
      parseSpecFiles([file(two)], { maxSpecs: 1 }).failed.map(f => [
        f.file,
        f.document,
        f.diagnostics[0]!.source?.line,
      ]),
    ).toEqual([['fargate/payments.yaml', undefined, 15]]);
  });
});
