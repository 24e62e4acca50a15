import { parseSpecFiles } from '../parse';
import { documentPathOf, fargateOperatorFormat, formatReader, instanceManagerFormat, nativeFormat } from '.';

const instanceGroup = `apiVersion: instancemgr.keikoproj.io/v1alpha1
kind: InstanceGroup
metadata:
  name: batch-jobs
  namespace: instance-manager
spec:
  provisioner: eks-fargate
  strategy:
    type: managed
  eks-fargate:
    clusterName: prod-eu
    podExecutionRoleArn: "arn:aws:iam::123456789012:role/batch"
    subnets:
    - subnet-1a2b3c4d
    selectors:
    - namespace: batch-*
      labels:
        compute: fargate
    tags:
    - team: data
    - cost-center: "42"
`;

const operatorProfile = `apiVersion: jicomusic.com/v1
kind: FargateProfile
metadata:
  name: new-profile-7
spec:
  subnets: [subnet-075aa287882d71709, subnet-0b36ca4d53f742857]
  podExecutionRoleArn: arn:aws:iam::820537372947:role/pods
  selectors:
  - namespace: default
    labels:
      foo: bar
  tags:
      red: black
`;

describe('instance-manager InstanceGroup', () => {
  it('maps an eks-fargate group, merging a list of tag maps, and reports ignored fields', () => {
    const { specs, diagnostics } = parseSpecFiles([{ path: 'specs/ig.yaml', content: instanceGroup }]);
    expect(specs).toHaveLength(1);
    expect({ ...specs[0], source: undefined }).toEqual({
      name: 'batch-jobs',
      cluster: 'prod-eu',
      podExecutionRoleArn: 'arn:aws:iam::123456789012:role/batch',
      subnets: ['subnet-1a2b3c4d'],
      selectors: [{ namespace: 'batch-*', labels: { compute: 'fargate' } }],
      tags: { team: 'data', 'cost-center': '42' },
      // instance-manager's name for the group's profile: FNV-1a 64 of `prod-eu-instance-manager-batch-jobs`.
      adopt: 'fargate-prod-eu-12143572103097689939',
      source: undefined,
    });
    expect(specs[0]!.source.format).toBe('instance-manager');
    expect(specs[0]!.source.fields.cluster).toEqual({
      file: 'specs/ig.yaml',
      line: 11,
      column: 18,
      path: 'spec.eks-fargate.clusterName',
    });
    expect(specs[0]!.source.fields['tags.cost-center']).toMatchObject({
      line: 21,
      column: 20,
      path: 'spec.eks-fargate.tags[1].cost-center',
    });
    expect(specs[0]!.source.fields['selectors[0].labels.compute']).toMatchObject({
      line: 18,
      path: 'spec.eks-fargate.selectors[0].labels.compute',
    });
    expect(diagnostics).toEqual([
      {
        severity: 'info',
        code: 'spec.ignored-fields',
        message: 'ignored: `spec.strategy` (no meaning for a Fargate profile managed by fargatekeeper)',
        source: { file: 'specs/ig.yaml', line: 8, column: 3 },
        path: 'spec.strategy',
        profile: 'batch-jobs',
        cluster: 'prod-eu',
      },
    ]);
  });

  it('reads tags written as a map', () => {
    const { specs } = parseSpecFiles([
      {
        path: 'a.yaml',
        content: instanceGroup.replace('    - team: data\n    - cost-center: "42"\n', '      team: data\n'),
      },
    ]);
    expect(specs[0]!.tags).toEqual({ team: 'data' });
  });

  it('skips groups of other provisioners with an info', () => {
    const nodes = instanceGroup.replace('provisioner: eks-fargate', 'provisioner: eks');
    const { specs, diagnostics } = parseSpecFiles([{ path: 'a.yaml', content: nodes }]);
    expect(specs).toEqual([]);
    expect(diagnostics).toEqual([
      {
        severity: 'info',
        code: 'spec.skipped',
        message: 'skipped InstanceGroup `batch-jobs`: provisioner `eks` makes nodes, not a Fargate profile',
        path: 'spec.provisioner',
        source: { file: 'a.yaml', line: 7, column: 16 },
      },
    ]);
  });

  it('refuses a misspelt provisioner with a hint', () => {
    const { diagnostics } = parseSpecFiles([
      { path: 'a.yaml', content: instanceGroup.replace('provisioner: eks-fargate', 'provisioner: eks-fargat') },
    ]);
    expect(diagnostics.filter(d => d.severity === 'error')).toEqual([
      expect.objectContaining({
        code: 'spec.invalid-value',
        message: '`spec.provisioner` must be `eks-fargate`, not `eks-fargat`',
        hint: 'did you mean `eks-fargate`?',
      }),
    ]);
  });

  it('flags a `key`/`value` tag item, which instance-manager would turn into two tags', () => {
    const content = instanceGroup.replace('    - team: data\n', '    - key: team\n      value: data\n');
    const { specs, diagnostics } = parseSpecFiles([{ path: 'a.yaml', content }]);
    expect(specs).toEqual([]);
    expect(diagnostics.filter(d => d.severity === 'error')).toEqual([
      {
        severity: 'error',
        code: 'spec.tag-key-value-item',
        message:
          '`spec.eks-fargate.tags[0]` sets two tags named `key` and `value`: instance-manager merges the entries of each item',
        path: 'spec.eks-fargate.tags[0]',
        hint: 'write `- team: data`',
        source: { file: 'a.yaml', line: 20, column: 7 },
        profile: 'batch-jobs',
        cluster: 'prod-eu',
      },
    ]);
  });

  it('flags a tag set twice across list items', () => {
    const content = instanceGroup.replace('    - cost-center: "42"\n', '    - team: ops\n');
    const [d] = parseSpecFiles([{ path: 'a.yaml', content }]).diagnostics.filter(x => x.severity === 'error');
    expect(d).toMatchObject({
      code: 'spec.duplicate-tag',
      message: 'tag `team` is set more than once in `spec.eks-fargate.tags`',
      source: { line: 21, column: 7 },
    });
  });

  it('reports the docs example mistake `- namespace1:` as an unknown field', () => {
    const content = instanceGroup.replace('    - namespace: batch-*\n', '    - namespace1:\n');
    const errors = parseSpecFiles([{ path: 'a.yaml', content }]).diagnostics.filter(x => x.severity === 'error');
    expect(errors.map(e => [e.message, e.hint])).toEqual([
      ['unknown field `namespace1` in `spec.eks-fargate.selectors[0]`', 'did you mean `namespace`?'],
    ]);
  });
});

describe('fargate-operator FargateProfile', () => {
  it('takes the cluster from the run and adopts the profile the operator made', () => {
    const { specs, diagnostics } = parseSpecFiles([{ path: 'fo.yaml', content: operatorProfile }], {
      defaultCluster: 'staging',
    });
    expect(diagnostics).toEqual([]);
    expect({ ...specs[0], source: undefined }).toEqual({
      name: 'new-profile-7',
      cluster: 'staging',
      podExecutionRoleArn: 'arn:aws:iam::820537372947:role/pods',
      subnets: ['subnet-075aa287882d71709', 'subnet-0b36ca4d53f742857'],
      selectors: [{ namespace: 'default', labels: { foo: 'bar' } }],
      tags: { red: 'black' },
      adopt: 'new-profile-7',
      source: undefined,
    });
    expect(specs[0]!.source.format).toBe('fargate-operator');
    expect(specs[0]!.source.fields.adopt).toEqual({ file: 'fo.yaml', line: 4, column: 9, path: 'metadata.name' });
  });

  it('is an error without a cluster from the run', () => {
    const { specs, diagnostics } = parseSpecFiles([{ path: 'fo.yaml', content: operatorProfile }]);
    expect(specs).toEqual([]);
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        code: 'spec.cluster-unknown',
        message: 'fargate-operator FargateProfile `new-profile-7` names no cluster and the run gives none',
        path: 'metadata.name',
        hint: 'pass `--cluster NAME` (the cluster the operator ran in)',
        source: { file: 'fo.yaml', line: 4, column: 3 },
        profile: 'new-profile-7',
      },
    ]);
  });

  it('reads a resource exported with kubectl (status, uid) and reports what it ignores', () => {
    const exported = `${operatorProfile.replace('  name: new-profile-7\n', '  name: new-profile-7\n  namespace: default\n  uid: 1234\n')}status:\n  create_fn: ok\n`;
    const { specs, diagnostics } = parseSpecFiles([{ path: 'fo.yaml', content: exported }], {
      defaultCluster: 'staging',
    });
    expect(specs).toHaveLength(1);
    expect(diagnostics.map(d => d.message)).toEqual([
      'ignored: `metadata.namespace`, `metadata.uid`, `status` (no meaning for a Fargate profile managed by fargatekeeper)',
    ]);
  });
});

describe('documentPath: the inverse of modelPath', () => {
  const cases = {
    native: [
      ['name', 'metadata.name'],
      ['cluster', 'spec.cluster'],
      ['region', 'spec.region'],
      ['subnets[1]', 'spec.subnets[1]'],
      ['selectors[0].labels.app', 'spec.selectors[0].labels.app'],
      ['tags["kubernetes.io/team"]', 'spec.tags["kubernetes.io/team"]'],
      ['profileName', 'spec.profileName'],
      ['adopt', 'spec.adopt'],
      ['source', undefined],
    ],
    'instance-manager': [
      ['name', 'metadata.name'],
      ['cluster', 'spec.eks-fargate.clusterName'],
      ['profileName', 'spec.eks-fargate.fargateProfileName'],
      ['podExecutionRoleArn', 'spec.eks-fargate.podExecutionRoleArn'],
      ['subnets', 'spec.eks-fargate.subnets'],
      ['selectors[0].namespace', 'spec.eks-fargate.selectors[0].namespace'],
      ['tags', 'spec.eks-fargate.tags'],
      // In a map or in a list of maps: only the file says.
      ['tags.team', undefined],
      ['region', undefined],
      // The profile instance-manager named after the cluster, the namespace and `metadata.name`.
      ['adopt', 'metadata.name'],
    ],
    'fargate-operator': [
      ['name', 'metadata.name'],
      ['adopt', 'metadata.name'],
      ['selectors[1]', 'spec.selectors[1]'],
      ['tags.red', 'spec.tags.red'],
      ['cluster', undefined],
      ['region', undefined],
      ['profileName', undefined],
    ],
  } as const;

  const readers = {
    native: nativeFormat,
    'instance-manager': instanceManagerFormat,
    'fargate-operator': fargateOperatorFormat,
  };
  for (const [format, pairs] of Object.entries(cases)) {
    it(`${format}: exact document paths, and modelPath maps each back`, () => {
      const reader = readers[format as keyof typeof cases];
      expect(pairs.map(([model]) => [model, reader.documentPath(model)])).toEqual(pairs);
      for (const [model, document] of pairs) {
        if (document === undefined) continue;
        const back = reader.modelPath(document);
        expect(typeof back === 'string' ? [back] : back).toContain(model);
      }
    });
  }

  it('maps each format to its reader', () => {
    expect([formatReader('native'), formatReader('instance-manager'), formatReader('fargate-operator')]).toEqual([
      nativeFormat,
      instanceManagerFormat,
      fargateOperatorFormat,
    ]);
  });

  it('documentPathOf prefers the path recorded when parsing over the format', () => {
    const recorded = { file: 'ig.yaml', line: 21, column: 20, path: 'spec.eks-fargate.tags[1].cost-center' };
    expect(documentPathOf('tags.cost-center', 'instance-manager', recorded)).toBe(
      'spec.eks-fargate.tags[1].cost-center',
    );
    expect(documentPathOf('tags.cost-center', 'instance-manager')).toBeUndefined();
    expect(documentPathOf('selectors[0]', 'instance-manager', { file: 'ig.yaml', line: 1, column: 1 })).toBe(
      'spec.eks-fargate.selectors[0]',
    );
    expect(documentPathOf('selectors[0]', undefined)).toBeUndefined();
  });
});
