import type { PolicyStatement } from '../account/types';
import type { ProfileSpec } from '../spec/types';
import { defaultRoleInput, defaultRoleName, defaultRolePolicyArns, defaultRoleTrustPolicy } from './defaultRole';
import { contentHash, desiredTagsFor, EKS_PROFILE_NAME_PATTERN, managedSpecOf, profileNameFor } from './naming';

const spec = (overrides: Partial<ProfileSpec> = {}): ProfileSpec => ({
  name: 'payments-jobs',
  cluster: 'prod-eu',
  podExecutionRoleArn: 'arn:aws:iam::123456789012:role/pods',
  subnets: ['subnet-b', 'subnet-a'],
  selectors: [
    { namespace: 'payments', labels: { b: '2', a: '1' } },
    { namespace: 'jobs', labels: {} },
  ],
  tags: { team: 'payments' },
  source: { file: 'f.yaml', line: 1, column: 1, format: 'native', document: 0, fields: {} },
  ...overrides,
});

describe('profileNameFor', () => {
  it('is <name>-<8 hex> and ignores the order of subnets, selectors and labels', () => {
    const name = profileNameFor(spec());
    expect(name).toMatch(/^payments-jobs-[0-9a-f]{8}$/);
    const reordered = spec({
      subnets: ['subnet-a', 'subnet-b'],
      selectors: [
        { namespace: 'jobs', labels: {} },
        { namespace: 'payments', labels: { a: '1', b: '2' } },
      ],
    });
    expect(profileNameFor(reordered)).toBe(name);
  });

  it('changes with every immutable field and not with tags, region or source', () => {
    const name = profileNameFor(spec());
    expect(profileNameFor(spec({ subnets: ['subnet-a'] }))).not.toBe(name);
    expect(profileNameFor(spec({ podExecutionRoleArn: undefined }))).not.toBe(name);
    expect(profileNameFor(spec({ selectors: [{ namespace: 'payments', labels: { a: '1' } }] }))).not.toBe(name);
    expect(profileNameFor(spec({ tags: { team: 'other' }, region: 'us-east-1' }))).toBe(name);
  });

  it('stays valid for EKS when the spec name is long, and unique through the hash', () => {
    const long = profileNameFor(spec({ name: 'a'.repeat(120) }));
    const longer = profileNameFor(spec({ name: `${'a'.repeat(120)}b` }));
    expect(long).toHaveLength(100);
    expect(long).toMatch(EKS_PROFILE_NAME_PATTERN);
    expect(longer).not.toBe(long);
  });

  it('uses a fixed profileName as it is', () => {
    expect(profileNameFor(spec({ profileName: 'payments' }))).toBe('payments');
  });
});

describe('managed tags', () => {
  it('mark the profile as ours, name the spec and hash the content (tags included)', () => {
    const tags = desiredTagsFor(spec());
    expect(tags).toEqual({
      'fargatekeeper.dev/hash': contentHash(spec()),
      'fargatekeeper.dev/managed-by': 'fargatekeeper',
      'fargatekeeper.dev/spec': 'payments-jobs',
      team: 'payments',
    });
    expect(contentHash(spec({ tags: { team: 'x' } }))).not.toBe(contentHash(spec()));
    expect(managedSpecOf(tags)).toBe('payments-jobs');
    expect(managedSpecOf({ 'fargatekeeper.dev/managed-by': 'fargatekeeper' })).toBeUndefined();
  });

  it('never lets a spec forge the managed tags', () => {
    const tags = desiredTagsFor(
      spec({ tags: { 'fargatekeeper.dev/spec': 'someone-else', 'fargatekeeper.dev/x': 'y' } }),
    );
    expect(tags['fargatekeeper.dev/spec']).toBe('payments-jobs');
    expect(tags['fargatekeeper.dev/x']).toBeUndefined();
  });
});

describe('default role', () => {
  it('has a stable IAM-valid name of at most 64 characters, distinct per region, cluster and spec', () => {
    const name = defaultRoleName('eu-west-1', 'prod-eu', 'payments-jobs');
    expect(name).toMatch(/^fk-prod-eu-payments-jobs-[0-9a-f]{8}$/);
    expect(defaultRoleName('eu-west-1', 'prod-eu', 'payments-jobs')).toBe(name);
    expect(defaultRoleName('us-east-1', 'prod-eu', 'payments-jobs')).not.toBe(name);
    const long = defaultRoleName('eu-west-1', 'c'.repeat(100), 's'.repeat(100));
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).toMatch(/^[\w+=,.@-]{1,64}$/);
  });

  it('trusts Fargate pods of its cluster only, in the region’s partition', () => {
    expect(defaultRoleTrustPolicy('eu-west-1', '123456789012', 'prod-eu')).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'eks-fargate-pods.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:eks:eu-west-1:123456789012:fargateprofile/prod-eu/*' } },
        },
      ],
    });
    const [cn] = defaultRoleTrustPolicy('cn-north-1', '123456789012', 'c').Statement as PolicyStatement[];
    expect(cn!.Condition!.ArnLike!['aws:SourceArn']).toBe('arn:aws-cn:eks:cn-north-1:123456789012:fargateprofile/c/*');
    expect(defaultRolePolicyArns('us-gov-west-1')).toEqual([
      'arn:aws-us-gov:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy',
    ]);
  });

  it('is tagged as ours, naming cluster and spec', () => {
    expect(defaultRoleInput('eu-west-1', '123456789012', 'prod-eu', 'payments-jobs').tags).toEqual({
      'fargatekeeper.dev/cluster': 'prod-eu',
      'fargatekeeper.dev/managed-by': 'fargatekeeper',
      'fargatekeeper.dev/spec': 'payments-jobs',
    });
  });
});
