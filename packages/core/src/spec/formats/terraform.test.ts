import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSpecFiles } from '../parse';
import type { ProfileSpec } from '../types';

const example = readFileSync(
  path.join(__dirname, '../../../../../examples/migration/specs/terraform/show.json'),
  'utf8',
);
const read = (content: string, file = 'terraform/show.json') => parseSpecFiles([{ path: file, content }]);
const model = ({ source: _source, ...rest }: ProfileSpec) => rest;

const ROLE = 'arn:aws:iam::123456789012:role/monitoring-20250115093012345600000001';
const monitoring = {
  name: 'monitoring',
  cluster: 'fleet-eu',
  region: 'eu-west-1',
  podExecutionRoleArn: ROLE,
  subnets: ['subnet-0b22', 'subnet-0c33'],
  selectors: [{ namespace: 'monitoring', labels: { 'k8s-app': 'metrics' } }],
  // tags_all: the provider's default_tags included, as the live profile carries them.
  tags: { 'managed-by': 'terraform', team: 'platform' },
  adopt: 'monitoring',
};

/** A resource of `terraform show -json` as the AWS provider writes `aws_eks_fargate_profile`. */
const resource = (address: string, values: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  address,
  mode: 'managed',
  type: 'aws_eks_fargate_profile',
  name: address.split('.').pop()!.replace(/\[.*$/, ''),
  provider_name: 'registry.terraform.io/hashicorp/aws',
  schema_version: 0,
  values: {
    cluster_name: 'fleet-eu',
    fargate_profile_name: 'jobs',
    pod_execution_role_arn: ROLE,
    selector: [{ labels: null, namespace: 'jobs' }],
    subnet_ids: ['subnet-0a11'],
    tags: null,
    tags_all: {},
    timeouts: null,
    ...values,
  },
  sensitive_values: {},
  ...extra,
});
const state = (...resources: unknown[]) =>
  JSON.stringify({ format_version: '1.0', terraform_version: '1.9.8', values: { root_module: { resources } } });

describe('terraform show -json', () => {
  it('reads the profiles of every module of a state, with positions in the JSON', () => {
    const { specs, diagnostics } = read(example);
    expect(diagnostics).toEqual([]);
    expect(specs.map(model)).toEqual([monitoring]);
    const source = specs[0]!.source;
    const at = 'values.root_module.child_modules[0].child_modules[0].resources[1].values';
    expect([source.format, source.line]).toEqual(['terraform', 63]);
    expect(source.fields['subnets[1]']).toEqual({
      file: 'terraform/show.json',
      line: 88,
      column: 23,
      path: `${at}.subnet_ids[1]`,
    });
    expect(source.fields['selectors[0].labels.k8s-app']).toMatchObject({ path: `${at}.selector[0].labels.k8s-app` });
    expect(source.fields['tags.team']).toMatchObject({ path: `${at}.tags_all.team` });
  });

  it('reads the one line `terraform show -json` prints: JSON nulls are "not set", the region comes from the ARN', () => {
    const arn = 'arn:aws:eks:us-east-2:123456789012:fargateprofile/fleet-eu/jobs/1a2b';
    const { specs, diagnostics } = read(
      state(resource('aws_eks_fargate_profile.jobs', { arn, subnet_ids: null, tags_all: null, tags: { team: 'x' } })),
    );
    expect(diagnostics).toEqual([]);
    expect(specs.map(model)).toEqual([
      {
        name: 'jobs',
        cluster: 'fleet-eu',
        region: 'us-east-2',
        podExecutionRoleArn: ROLE,
        subnets: [],
        selectors: [{ namespace: 'jobs', labels: {} }],
        tags: { team: 'x' },
        adopt: 'jobs',
        // No subnet_ids: EKS picked them, so the plan takes them from the live profile.
        leftToTool: { subnets: true },
      },
    ]);
    expect(specs[0]!.source.fields.cluster).toMatchObject({
      line: 1,
      path: 'values.root_module.resources[0].values.cluster_name',
    });
  });

  it("a resource's `region` (AWS provider 6) wins over its ARN; attributes of other provider versions are not checked", () => {
    const { specs, diagnostics } = read(
      state(
        resource('aws_eks_fargate_profile.jobs', {
          region: 'eu-central-1',
          arn: 'arn:aws:eks:us-east-2:1:fargateprofile/x',
          brand_new_attribute: 1,
        }),
      ),
    );
    expect(diagnostics).toEqual([]);
    expect(specs[0]!.region).toBe('eu-central-1');
  });

  it('passes over data sources, other types and objects a replacement is destroying; a state without profiles is skipped', () => {
    const deposed = resource('aws_eks_fargate_profile.old', { fargate_profile_name: 'old' }, { deposed: '00000001' });
    const data = { ...resource('data.aws_eks_fargate_profile.x', {}), mode: 'data' };
    const role = { ...resource('aws_iam_role.pods', {}), type: 'aws_iam_role' };
    expect(
      read(state(deposed, data, role, resource('aws_eks_fargate_profile.jobs', {}))).specs.map(s => s.name),
    ).toEqual(['jobs']);
    const { skipped } = read(state(role));
    expect(skipped.map(s => s.diagnostic.message)).toEqual([
      'skipped Terraform state: it has no `aws_eks_fargate_profile` resource',
    ]);
  });

  it("in a plan, `planned_values` are read; a value known only after apply is an error naming the resource's address", () => {
    const planned = resource('module.jobs.aws_eks_fargate_profile.this[0]', {});
    delete (planned.values as Record<string, unknown>).pod_execution_role_arn;
    const plan = JSON.stringify(
      {
        format_version: '1.2',
        terraform_version: '1.9.8',
        planned_values: { root_module: { child_modules: [{ address: 'module.jobs', resources: [planned] }] } },
        resource_changes: [],
      },
      null,
      2,
    );
    const { specs, failed } = read(plan, 'terraform/plan.json');
    expect(specs).toEqual([]);
    expect(
      failed.map(f => [f.name, f.cluster, f.diagnostics.map(d => [d.code, d.message, d.path, d.source?.line])]),
    ).toEqual([
      [
        'jobs',
        'fleet-eu',
        [
          [
            'spec.tf-unknown',
            '`module.jobs.aws_eks_fargate_profile.this[0]`: `pod_execution_role_arn` is known only after Terraform applies the plan',
            'planned_values.root_module.child_modules[0].resources[0].values.pod_execution_role_arn',
            10,
          ],
        ],
      ],
    ]);
  });

  it('a wrong value is an error at its position, naming the address; an unknown format version fails the document', () => {
    const { failed } = read(
      JSON.stringify(JSON.parse(state(resource('aws_eks_fargate_profile.jobs', { selector: [] }))), null, 2),
    );
    expect(failed[0]!.diagnostics.map(d => [d.code, d.message, d.source?.line])).toEqual([
      [
        'spec.empty-value',
        '`aws_eks_fargate_profile.jobs`: `values.root_module.resources[0].values.selector` is empty',
        18,
      ],
    ]);
    const future = read(
      state(resource('aws_eks_fargate_profile.jobs', {})).replace('"format_version":"1.0"', '"format_version":"2.0"'),
    );
    expect(future.failed.map(f => f.diagnostics.map(d => [d.code, d.message]))).toEqual([
      [
        [
          'spec.invalid-value',
          "`format_version` `2.0` is not a version of Terraform's JSON output fargatekeeper reads (1.x)",
        ],
      ],
    ]);
  });
});
