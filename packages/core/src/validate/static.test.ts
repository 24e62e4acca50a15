import { parseSpecFiles } from '../spec/parse';
import type { ProfileSpec, SpecFormat } from '../spec/types';
import { validateStatic } from './static';

const spec = (body: string, name = 'payments'): string => `apiVersion: fargatekeeper.dev/v1
kind: FargateProfile
metadata:
  name: ${name}
spec:
  cluster: prod-eu
${body}`;

const base = `  subnets: [subnet-1a2b3c4d]
  selectors:
    - namespace: payments
`;

function parse(...docs: [content: string, file?: string][]): ProfileSpec[] {
  const { specs, diagnostics } = parseSpecFiles(
    docs.map(([content, file]) => ({ path: file ?? 'fargate/payments.yaml', content })),
  );
  expect(diagnostics.filter(d => d.severity === 'error')).toEqual([]);
  return specs;
}

const validate = (...docs: [content: string, file?: string][]) => validateStatic(parse(...docs));

describe('validateStatic: exact message and position per rule', () => {
  it('accepts a valid spec', () => {
    expect(validate([spec(base)])).toEqual([]);
  });

  it('cuts a 5,000-character value at 200 characters, with its length', () => {
    const subnet = `subnet-${'A'.repeat(4993)}`;
    expect(
      validate([spec(`  subnets: [${subnet}]\n  selectors:\n    - namespace: payments\n`)]).map(d => [
        d.code,
        d.message,
      ]),
    ).toEqual([['eks.invalid-subnet-id', `\`${subnet.slice(0, 200)}…\` (5000 characters) is not a subnet id`]]);
  });

  it('6 selectors', () => {
    const selectors = ['a', 'b', 'c', 'd', 'e', 'f'].map(n => `    - namespace: ${n}\n`).join('');
    expect(validate([spec(`  subnets: [subnet-1a2b3c4d]\n  selectors:\n${selectors}`)])).toEqual([
      {
        severity: 'error',
        code: 'eks.too-many-selectors',
        message: 'a profile takes at most 5 selectors; this one has 6',
        source: { file: 'fargate/payments.yaml', line: 14, column: 7 },
        path: 'spec.selectors[5]',
        hint: 'split the profile in two, or use `*` and `?` in namespaces',
        cluster: 'prod-eu',
        profile: 'payments',
      },
    ]);
  });

  it('6 labels', () => {
    const labels = '{ a: "1", b: "2", c: "3", d: "4", e: "5", f: "6" }';
    expect(validate([spec(`${base}      labels: ${labels}\n`)])).toEqual([
      {
        severity: 'error',
        code: 'eks.too-many-labels',
        message: 'a selector takes at most 5 labels; this one has 6',
        source: { file: 'fargate/payments.yaml', line: 10, column: 57 },
        path: 'spec.selectors[0].labels.f',
        hint: 'every label must be on the pod; drop the ones that add nothing',
        cluster: 'prod-eu',
        profile: 'payments',
      },
    ]);
  });

  it('label key too long', () => {
    const key = 'k'.repeat(128);
    expect(validate([spec(`${base}      labels:\n        ${key}: x\n`)]).filter(d => d.severity === 'error')).toEqual([
      {
        severity: 'error',
        code: 'eks.label-key-too-long',
        message: `label key \`${key}\` is 128 characters; EKS allows 1 to 127`,
        source: { file: 'fargate/payments.yaml', line: 11, column: 9 },
        path: `spec.selectors[0].labels.${key}`,
        cluster: 'prod-eu',
        profile: 'payments',
      },
    ]);
    expect(
      validate([spec(`${base}      labels:\n        ${'k'.repeat(127)}: x\n`)]).filter(d => d.severity === 'error'),
    ).toEqual([]);
  });

  it('label value too long', () => {
    expect(
      validate([spec(`${base}      labels:\n        app: ${'v'.repeat(256)}\n`)]).filter(d => d.severity === 'error'),
    ).toEqual([
      {
        severity: 'error',
        code: 'eks.label-value-too-long',
        message: 'value of label `app` is 256 characters; EKS allows 1 to 255',
        source: { file: 'fargate/payments.yaml', line: 11, column: 14 },
        path: 'spec.selectors[0].labels.app',
        cluster: 'prod-eu',
        profile: 'payments',
      },
    ]);
    expect(
      validate([spec(`${base}      labels:\n        app: ${'v'.repeat(255)}\n`)]).filter(d => d.severity === 'error'),
    ).toEqual([]);
  });

  it('`eks-` name', () => {
    expect(validate([spec(base, 'eks-jobs')])).toEqual([
      {
        severity: 'error',
        code: 'eks.reserved-name',
        message: '`eks-jobs`: profile names starting with `eks-` are reserved by EKS',
        source: { file: 'fargate/payments.yaml', line: 4, column: 9 },
        path: 'metadata.name',
        hint: 'the EKS name starts with the spec name; pick another prefix',
        cluster: 'prod-eu',
        profile: 'eks-jobs',
      },
    ]);
    expect(validate([spec(`${base}  profileName: eks-fixed\n`)]).map(d => [d.message, d.path, d.source?.line])).toEqual(
      [['`eks-fixed`: profile names starting with `eks-` are reserved by EKS', 'spec.profileName', 10]],
    );
  });

  it('bad ARN', () => {
    expect(validate([spec(`  podExecutionRoleArn: arn:aws:iam::12345:role/pods\n${base}`)])).toEqual([
      {
        severity: 'error',
        code: 'eks.invalid-role-arn',
        message: '`arn:aws:iam::12345:role/pods` is not an IAM role ARN',
        source: { file: 'fargate/payments.yaml', line: 7, column: 24 },
        path: 'spec.podExecutionRoleArn',
        hint: 'the account id `12345` must be 12 digits; expected `arn:aws:iam::<12-digit account id>:role/<role name>`',
        cluster: 'prod-eu',
        profile: 'payments',
      },
    ]);
    // A role name longer than IAM's 64 characters: no role could have it (live validation could not look it up).
    const long = `arn:aws:iam::123456789012:role/${'r'.repeat(65)}`;
    expect(validate([spec(`  podExecutionRoleArn: ${long}\n${base}`)]).map(d => [d.code, d.message])).toEqual([
      ['eks.invalid-role-arn', `\`${long}\` is not an IAM role ARN`],
    ]);
    const hints = ['pods', 'arn:aws:iam::123456789012:user/ci', 'arn:aws:s3:::bucket'].map(
      arn => validate([spec(`  podExecutionRoleArn: "${arn}"\n${base}`)])[0]!.hint,
    );
    expect(hints).toEqual([
      'write the full ARN, e.g. `arn:aws:iam::123456789012:role/pods`, or omit the field for a default role',
      'this names a `user`, not a role; expected `arn:aws:iam::<12-digit account id>:role/<role name>`',
      'this is an ARN of `s3`, not IAM; expected `arn:aws:iam::<12-digit account id>:role/<role name>`',
    ]);
    expect(validate([spec(`  podExecutionRoleArn: arn:aws-cn:iam::123456789012:role/path/pods\n${base}`)])).toEqual([]);
  });

  it('two specs for one profile', () => {
    const a = spec(`${base}  profileName: payments\n`, 'payments-a');
    const b = spec(`${base}  adopt: payments\n`, 'payments-b');
    expect(validate([a, 'fargate/a.yaml'], [b, 'fargate/b.yaml']).filter(d => d.severity === 'error')).toEqual([
      {
        severity: 'error',
        code: 'spec.same-profile',
        message:
          'specs `payments-a` and `payments-b` both map to EKS profile `payments` in cluster `prod-eu` (the other at fargate/a.yaml:1)',
        source: { file: 'fargate/b.yaml', line: 10, column: 10 },
        path: 'spec.adopt',
        hint: 'one EKS profile can have only one spec',
        cluster: 'prod-eu',
        profile: 'payments-b',
      },
    ]);
  });

  it('the same name twice in one cluster, but not across clusters', () => {
    const twice = validate([spec(base), 'fargate/a.yaml'], [spec(base.replace('payments', 'web')), 'fargate/b.yaml']);
    expect(twice.filter(d => d.severity === 'error')).toEqual([
      {
        severity: 'error',
        code: 'spec.duplicate-name',
        message: 'spec `payments` is defined twice for cluster `prod-eu` (also at fargate/a.yaml:1)',
        source: { file: 'fargate/b.yaml', line: 4, column: 9 },
        path: 'metadata.name',
        hint: '`metadata.name` must be unique per cluster',
        cluster: 'prod-eu',
        profile: 'payments',
      },
    ]);
    const other = spec(base).replace('cluster: prod-eu', 'cluster: prod-us');
    expect(validate([spec(base), 'fargate/a.yaml'], [other, 'fargate/b.yaml'])).toEqual([]);
  });

  it('tags: 46 allowed since fargatekeeper adds 4 (5 with deletionProtection), reserved prefixes, lengths', () => {
    const tags = (n: number) => `  tags:\n${Array.from({ length: n }, (_, i) => `    t${i}: v\n`).join('')}`;
    expect(validate([spec(base + tags(46))])).toEqual([]);
    const protectedSpec = validate([spec(`${base}  deletionProtection: true\n${tags(46)}`)]);
    expect(protectedSpec.map(d => d.message)).toEqual([
      '46 tags: at most 45, since EKS allows 50 per profile and fargatekeeper adds 5 of its own',
    ]);
    expect(validate([spec(base + tags(47))])).toEqual([
      {
        severity: 'error',
        code: 'eks.too-many-tags',
        message: '47 tags: at most 46, since EKS allows 50 per profile and fargatekeeper adds 4 of its own',
        source: { file: 'fargate/payments.yaml', line: 10, column: 3 },
        path: 'spec.tags',
        cluster: 'prod-eu',
        profile: 'payments',
      },
    ]);
    const reserved = validate([
      spec(
        `${base}  tags:\n    "aws:cost": x\n    fargatekeeper.dev/spec: y\n    ${'k'.repeat(129)}: z\n    ok: ${'v'.repeat(257)}\n`,
      ),
    ]);
    expect(reserved.map(d => [d.code, d.message, d.source?.line, d.source?.column])).toEqual([
      ['eks.reserved-tag-key', 'tag key `aws:cost`: keys starting with `aws:` are reserved by AWS', 11, 5],
      [
        'spec.reserved-tag-key',
        "tag key `fargatekeeper.dev/spec`: keys starting with `fargatekeeper.dev/` are fargatekeeper's own",
        12,
        5,
      ],
      ['eks.tag-key-too-long', `tag key \`${'k'.repeat(129)}\` is 129 characters; AWS allows 1 to 128`, 13, 5],
      ['eks.tag-value-too-long', 'value of tag `ok` is 257 characters; AWS allows up to 256', 14, 9],
    ]);
  });

  it('subnets: required, id format, duplicates', () => {
    const noSubnets = parseSpecFiles([
      {
        path: 'ig.yaml',
        content: `apiVersion: instancemgr.keikoproj.io/v1alpha1
kind: InstanceGroup
metadata: { name: batch, namespace: instance-manager }
spec:
  provisioner: eks-fargate
  eks-fargate:
    clusterName: prod-eu
    selectors: [{ namespace: batch }]
`,
      },
    ]).specs;
    // An InstanceGroup leaves its subnets to EKS: the plan takes them from the profile instance-manager made.
    expect(validateStatic(noSubnets)).toEqual([]);
    const { leftToTool: _left, ...saying } = noSubnets[0]!;
    expect(validateStatic([saying])).toEqual([
      {
        severity: 'error',
        code: 'eks.subnets-required',
        message: "no subnets: Fargate pods need at least one private subnet of the cluster's VPC",
        source: { file: 'ig.yaml', line: 1, column: 1 },
        path: 'spec.eks-fargate.subnets',
        hint: 'list them under `subnets`, e.g. `subnets: [subnet-1a2b3c4d]`',
        cluster: 'prod-eu',
        profile: 'batch',
      },
    ]);
    const bad = validate([spec(base.replace('[subnet-1a2b3c4d]', '[subnet-1a2b3c4d, sg-0123, subnet-1a2b3c4d]'))]);
    expect(bad.map(d => [d.severity, d.message, d.hint, d.source?.column])).toEqual([
      ['error', '`sg-0123` is not a subnet id', 'this is a security group id', 30],
      ['warning', 'subnet `subnet-1a2b3c4d` is listed twice', undefined, 39],
    ]);
  });

  it('names, namespaces, cluster and region formats', () => {
    const diagnostics = validate([
      spec(base.replace('namespace: payments', 'namespace: Payments'), 'Payments_Jobs').replace(
        'cluster: prod-eu',
        'cluster: prod eu\n  region: europe',
      ),
    ]);
    expect(diagnostics.map(d => [d.code, d.message, d.hint])).toEqual([
      [
        'spec.invalid-name',
        '`Payments_Jobs` is not a valid spec name: use lowercase letters, digits and `-`, starting and ending with a letter or digit',
        'try `payments-jobs`',
      ],
      [
        'eks.invalid-cluster-name',
        '`prod eu` is not a valid EKS cluster name',
        'letters, digits, `-` and `_`, starting with a letter or digit, at most 100 characters',
      ],
      ['spec.invalid-region', '`europe` is not an AWS region', 'for example `eu-west-1`'],
      [
        'eks.invalid-namespace',
        'namespace `Payments` can never match a pod',
        'Kubernetes namespaces are lowercase letters, digits and `-`, at most 63 characters (`*` and `?` are wildcards)',
      ],
    ]);
  });

  it('rules hold for specs built without a file (e.g. a portal form)', () => {
    const built: ProfileSpec = {
      name: 'web',
      cluster: 'prod-eu',
      subnets: ['subnet-1'],
      tags: {},
      selectors: [{ namespace: '', labels: { app: '' } }],
      source: { file: '<form>', line: 1, column: 1, format: 'native', document: 0, fields: {} },
    };
    expect(validateStatic([built]).map(d => [d.code, d.message, d.path, d.source])).toEqual([
      [
        'eks.label-value-empty',
        'label `app` has an empty value; EKS allows 1 to 255 characters',
        'spec.selectors[0].labels.app',
        { file: '<form>', line: 1, column: 1 },
      ],
      [
        'eks.namespace-required',
        '`selectors[0]` has no namespace: EKS requires one in every selector',
        'spec.selectors[0]',
        { file: '<form>', line: 1, column: 1 },
      ],
    ]);
  });
});

describe('validateStatic: `path` is the field as written in the document', () => {
  const instanceGroup = (tags: string) => `apiVersion: instancemgr.keikoproj.io/v1alpha1
kind: InstanceGroup
metadata: { name: batch, namespace: instance-manager }
spec:
  provisioner: eks-fargate
  eks-fargate:
    clusterName: prod-eu
    subnets: [subnet-1a2b3c4d]
    selectors: [{ namespace: batch, labels: { Tier: "-web" } }]
    tags:
${tags}`;

  it('in the format of the file, as parsed', () => {
    const diagnostics = validate([instanceGroup('    - team: data\n    - fargatekeeper.dev/spec: x\n'), 'ig.yaml']);
    expect(diagnostics.map(d => [d.code, d.path, d.source?.line, d.source?.column])).toEqual([
      ['selector.never-matches', 'spec.eks-fargate.selectors[0].labels.Tier', 9, 47],
      ['spec.reserved-tag-key', 'spec.eks-fargate.tags[1]["fargatekeeper.dev/spec"]', 12, 7],
    ]);
  });

  const built = (format: SpecFormat, fields: Partial<ProfileSpec>): ProfileSpec => ({
    name: 'web',
    cluster: 'prod-eu',
    subnets: ['subnet-1a2b3c4d'],
    tags: {},
    selectors: [{ namespace: 'web', labels: {} }],
    ...fields,
    source: { file: 'web.yaml', line: 1, column: 1, format, document: 0, fields: {} },
  });
  const paths = (profile: ProfileSpec) => validateStatic([profile]).map(d => [d.code, d.path]);

  it('as the format writes the field when no position was recorded, and none where the format cannot say', () => {
    const bad = { name: 'eks-web', cluster: 'prod eu', tags: { 'aws:team': 'a' }, adopt: 'no good' };
    expect(paths(built('native', bad))).toEqual([
      ['eks.invalid-cluster-name', 'spec.cluster'],
      ['eks.invalid-profile-name', 'spec.adopt'],
      ['eks.reserved-name', 'metadata.name'],
      ['eks.reserved-tag-key', 'spec.tags["aws:team"]'],
    ]);
    // A tag is in a map or in a list of maps: only the file says which, so no path.
    expect(paths(built('instance-manager', { ...bad, adopt: undefined }))).toEqual([
      ['eks.invalid-cluster-name', 'spec.eks-fargate.clusterName'],
      ['eks.reserved-name', 'metadata.name'],
      ['eks.reserved-tag-key', undefined],
    ]);
    // The fargate-operator's cluster comes from the run: no field of the document.
    expect(paths(built('fargate-operator', bad))).toEqual([
      ['eks.invalid-cluster-name', undefined],
      ['eks.invalid-profile-name', 'metadata.name'],
      ['eks.reserved-name', 'metadata.name'],
      ['eks.reserved-tag-key', 'spec.tags["aws:team"]'],
    ]);
  });
});

describe('validateStatic: selector labels no pod can carry', () => {
  it('warns, since EKS accepts them but they never match', () => {
    const labels = `      labels:
        app: ${'v'.repeat(64)}
        "team name": payments
        tier: -web
        app.kubernetes.io/name: "api*"
        "Example.com/x": y
`;
    expect(validate([spec(base + labels)]).map(d => [d.severity, d.message, d.source?.line])).toEqual([
      [
        'warning',
        `label \`app=${'v'.repeat(64)}\` can never match a pod: Kubernetes label values are at most 63 characters and this one needs 64`,
        11,
      ],
      [
        'warning',
        'label `team name=payments` can never match a pod: the key has characters Kubernetes does not allow in label keys',
        12,
      ],
      [
        'warning',
        'label `tier=-web` can never match a pod: Kubernetes label values start and end with a letter or digit',
        13,
      ],
      ['warning', 'label `Example.com/x=y` can never match a pod: the key prefix is not a valid DNS subdomain', 15],
    ]);
  });
});

describe('validateStatic: overlaps', () => {
  it('warns per cluster about overlapping selectors, naming the winner by its EKS name as the plan gives it', () => {
    const batch = spec(
      base.replace('namespace: payments', 'namespace: batch-*\n      labels: { compute: fargate }'),
      'batch-jobs',
    );
    const bulk = spec(base.replace('namespace: payments', 'namespace: b*'), 'bulk');
    const diagnostics = validate([batch, 'fargate/batch.yaml'], [bulk, 'fargate/bulk.yaml']);
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'overlap.selectors',
        message:
          'pods in `batch-*` with `compute=fargate` match `batch-jobs-b17f97c0` and `bulk-fdcf47fb`; EKS picks `batch-jobs-b17f97c0` (first by name)',
        cluster: 'prod-eu',
        profile: 'bulk',
        path: 'spec.selectors[0]',
        source: { file: 'fargate/bulk.yaml', line: 9, column: 7 },
        hint: 'narrow one of the selectors, or label the pods `eks.amazonaws.com/fargate-profile: bulk-fdcf47fb` to send them to `bulk-fdcf47fb`',
      },
    ]);
    const named = validateStatic(parse([batch, 'a.yaml'], [bulk, 'b.yaml']), { profileName: s => `${s.name}-0c1d2e` });
    expect(named[0]!.message).toBe(
      'pods in `batch-*` with `compute=fargate` match `batch-jobs-0c1d2e` and `bulk-0c1d2e`; EKS picks `batch-jobs-0c1d2e` (first by name)',
    );
    expect(validateStatic(parse([batch, 'a.yaml'], [bulk, 'b.yaml']), { overlaps: false })).toEqual([]);
  });
});
