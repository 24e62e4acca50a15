import { parseSpecFiles } from './parse';
import type { SpecFile } from './types';

const file = (content: string, path = 'fargate/clusters.yaml'): SpecFile => ({ path, content });

/** A `Cluster` document whose `spec` lines (`spec`, indented) start at line 6. */
const clusterDocument = (name: string, spec: string) => `apiVersion: fargatekeeper.dev/v1
kind: Cluster
metadata:
  name: ${name}
spec:
${spec}`;

const cluster = (name: string, region: string, spec = '') =>
  clusterDocument(name, `  region: ${region}\n  accountId: '222222222222'\n${spec}`);

const profile = (name: string, clusterName: string, region?: string) => `apiVersion: fargatekeeper.dev/v1
kind: FargateProfile
metadata:
  name: ${name}
spec:
  cluster: ${clusterName}
${region ? `  region: ${region}\n` : ''}  subnets: [subnet-1a]
  selectors: [{ namespace: ${name} }]
`;

const errors = (files: SpecFile[]) =>
  parseSpecFiles(files)
    .diagnostics.filter(d => d.severity === 'error')
    .map(d => ({
      code: d.code,
      path: d.path,
      line: d.source?.line,
      column: d.source?.column,
      cluster: d.cluster,
      message: d.message,
      hint: d.hint,
    }));

describe('Cluster documents', () => {
  it('reads where a cluster lives and the role to reach it, with positions', () => {
    const content = cluster(
      'prod-eu',
      'eu-west-1',
      '  roleArn: arn:aws:iam::222222222222:role/fargatekeeper\n  externalId: fleet-1\n',
    );
    const result = parseSpecFiles([file(content)]);
    expect(result.diagnostics).toEqual([]);
    expect(result.specs).toEqual([]);
    expect(result.clusters).toEqual([
      {
        name: 'prod-eu',
        region: 'eu-west-1',
        accountId: '222222222222',
        role: {
          roleArn: 'arn:aws:iam::222222222222:role/fargatekeeper',
          externalId: 'fleet-1',
          sessionName: 'fargatekeeper',
        },
        source: expect.objectContaining({ file: 'fargate/clusters.yaml', line: 1, column: 1, document: 0 }),
      },
    ]);
    expect(result.clusters[0]!.source.fields['spec.accountId']).toEqual({
      file: 'fargate/clusters.yaml',
      line: 7,
      column: 14,
    });
  });

  it('without roleArn: no role (the base credentials, checked against accountId)', () => {
    const [declared] = parseSpecFiles([file(cluster('prod-eu', 'eu-west-1'))]).clusters;
    expect(declared).toMatchObject({ name: 'prod-eu', accountId: '222222222222' });
    expect('role' in declared!).toBe(false);
  });

  it('gives specs without a region their cluster region, and leaves specs of undeclared clusters alone', () => {
    const result = parseSpecFiles([
      file(cluster('prod-us', 'us-east-2')),
      file(`${profile('api', 'prod-us')}---\n${profile('web', 'other')}`, 'fargate/p.yaml'),
    ]);
    expect(result.diagnostics).toEqual([]);
    expect(result.specs.map(s => [s.name, s.region])).toEqual([
      ['api', 'us-east-2'],
      ['web', undefined],
    ]);
  });

  it('refuses a spec whose region differs from its cluster region, naming both places', () => {
    const result = parseSpecFiles([
      file(cluster('prod-eu', 'eu-west-1')),
      file(profile('api', 'prod-eu', 'us-east-1'), 'fargate/p.yaml'),
    ]);
    expect(result.specs).toEqual([]);
    expect(result.failed).toEqual([
      expect.objectContaining({ file: 'fargate/p.yaml', document: 0, name: 'api', cluster: 'prod-eu' }),
    ]);
    expect(
      errors([file(cluster('prod-eu', 'eu-west-1')), file(profile('api', 'prod-eu', 'us-east-1'), 'fargate/p.yaml')]),
    ).toEqual([
      {
        code: 'spec.cluster-region',
        path: 'spec.region',
        line: 7,
        column: 11,
        cluster: 'prod-eu',
        message: 'cluster `prod-eu` is declared in eu-west-1 (fargate/clusters.yaml:4:9), not in us-east-1',
        hint: "write `eu-west-1`, or leave the region out: the spec then takes its cluster's",
      },
    ]);
  });

  it('asks for the region when a cluster name is declared in several regions', () => {
    const clusters = file(`${cluster('main', 'eu-west-1')}---\n${cluster('main', 'us-east-1')}`);
    expect(errors([clusters, file(profile('api', 'main'), 'fargate/p.yaml')])).toEqual([
      expect.objectContaining({
        code: 'spec.cluster-ambiguous',
        message: expect.stringContaining(
          'eu-west-1 (fargate/clusters.yaml:4:9), us-east-1 (fargate/clusters.yaml:12:9)',
        ),
      }),
    ]);
    const placed = parseSpecFiles([clusters, file(profile('api', 'main', 'us-east-1'), 'fargate/p.yaml')]);
    expect(placed.diagnostics).toEqual([]);
    expect(placed.specs.map(s => s.region)).toEqual(['us-east-1']);
  });

  it('refuses a cluster declared twice in one region, and the specs of it', () => {
    const result = parseSpecFiles([
      file(`${cluster('prod', 'eu-west-1')}---\n${cluster('prod', 'eu-west-1')}`),
      file(profile('api', 'prod'), 'fargate/p.yaml'),
    ]);
    expect(result.clusters).toEqual([]);
    expect(result.specs).toEqual([]);
    expect(result.diagnostics.map(d => [d.code, d.source?.line, d.message])).toEqual([
      [
        'spec.cluster-duplicate',
        4,
        'cluster `prod` (eu-west-1) is declared more than once (also at fargate/clusters.yaml:12:9); none of the declarations is used',
      ],
      [
        'spec.cluster-duplicate',
        12,
        'cluster `prod` (eu-west-1) is declared more than once (also at fargate/clusters.yaml:4:9); none of the declarations is used',
      ],
      [
        'spec.cluster-unusable',
        6,
        "the `Cluster` document of `prod` (fargate/clusters.yaml:4:9) has errors, so where this spec's cluster lives is not known; it is not planned",
      ],
    ]);
    // The cluster's deletes are held back: a failed entry names it.
    expect(result.failed.filter(f => f.kind === 'Cluster').map(f => f.cluster)).toEqual(['prod', 'prod']);
  });

  it('reports each bad field with its position, and a failed document names its cluster', () => {
    const content = clusterDocument(
      'prod',
      `  region: europe
  accountId: 22222222222
  roleArn: arn:aws:iam::333333333333:role/x
  externalId: x
  sesionName: ci
`,
    );
    expect(errors([file(content)])).toEqual([
      expect.objectContaining({
        code: 'spec.wrong-type',
        path: 'spec.accountId',
        line: 7,
        column: 14,
        cluster: 'prod',
        hint: 'quote it: `"22222222222"`',
      }),
      expect.objectContaining({
        code: 'spec.unknown-field',
        path: 'spec.sesionName',
        line: 10,
        hint: 'did you mean `sessionName`?',
      }),
    ]);
    const result = parseSpecFiles([file(content)]);
    expect(result.failed).toEqual([expect.objectContaining({ kind: 'Cluster', cluster: 'prod', document: 0 })]);
  });

  it('checks the fields the shape allows: region, account id, role ARN of another account, external id without a role', () => {
    const content = clusterDocument(
      'prod',
      `  region: europe
  accountId: '22222222222'
  roleArn: arn:aws:iam::333333333333:role/x
  sessionName: "ci user"
`,
    );
    expect(errors([file(content)]).map(e => [e.code, e.path, e.line])).toEqual([
      ['spec.invalid-value', 'spec.region', 6],
      ['spec.invalid-value', 'spec.accountId', 7],
      ['spec.invalid-value', 'spec.sessionName', 9],
    ]);
    const conflicting = cluster('prod', 'eu-west-1', '  roleArn: arn:aws:iam::333333333333:role/x\n');
    expect(errors([file(conflicting)])).toEqual([
      expect.objectContaining({
        code: 'spec.cluster-account-conflict',
        path: 'spec.roleArn',
        line: 8,
        message:
          '`spec.roleArn` is a role of account 333333333333, but `spec.accountId` is 222222222222: the run would land in 333333333333 and refuse the cluster',
      }),
    ]);
    expect(errors([file(cluster('prod', 'eu-west-1', '  externalId: fleet-1\n'))])).toEqual([
      expect.objectContaining({ code: 'spec.cluster-without-role', path: 'spec.externalId', line: 8 }),
    ]);
  });

  it('suggests the kind for a misspelt one', () => {
    expect(errors([file(cluster('prod', 'eu-west-1').replace('kind: Cluster', 'kind: Clustr'))])).toEqual([
      expect.objectContaining({ code: 'spec.unknown-kind', hint: 'did you mean `Cluster`?' }),
    ]);
  });
});
