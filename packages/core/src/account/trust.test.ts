import { accountIdFromArn, iamGlob, roleNameFromArn, trustAdmitsService } from './trust';
import type { PolicyDocument } from './types';

const FARGATE = 'eks-fargate-pods.amazonaws.com';
const allow = (extra: object = {}): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: FARGATE }, Action: 'sts:AssumeRole', ...extra }],
});

describe('trustAdmitsService', () => {
  it('accepts the principal as a string or in a list, and a single statement object', () => {
    expect(trustAdmitsService(allow(), FARGATE)).toBe(true);
    expect(trustAdmitsService(allow({ Principal: { Service: ['ec2.amazonaws.com', FARGATE] } }), FARGATE)).toBe(true);
    expect(
      trustAdmitsService({ Statement: { Effect: 'Allow', Principal: { Service: FARGATE }, Action: ['sts:AssumeRole', 'sts:TagSession'] } }, FARGATE),
    ).toBe(true);
  });

  it('refuses another principal, another action, or Deny', () => {
    expect(trustAdmitsService(allow({ Principal: { Service: 'ec2.amazonaws.com' } }), FARGATE)).toBe(false);
    expect(trustAdmitsService(allow({ Action: 'sts:AssumeRoleWithWebIdentity' }), FARGATE)).toBe(false);
    expect(trustAdmitsService(allow({ Effect: 'Deny' }), FARGATE)).toBe(false);
    expect(trustAdmitsService({ Statement: [] }, FARGATE)).toBe(false);
  });

  it('honours wildcards in actions and an explicit Deny beside an Allow', () => {
    expect(trustAdmitsService(allow({ Action: 'sts:*' }), FARGATE)).toBe(true);
    const both: PolicyDocument = {
      Statement: [
        { Effect: 'Allow', Principal: { Service: FARGATE }, Action: 'sts:AssumeRole' },
        { Effect: 'Deny', Principal: { Service: FARGATE }, Action: 'sts:AssumeRole' },
      ],
    };
    expect(trustAdmitsService(both, FARGATE)).toBe(false);
  });

  it('evaluates aws:SourceArn and aws:SourceAccount conditions against the context', () => {
    const context = {
      sourceArn: 'arn:aws:eks:eu-west-1:123456789012:fargateprofile/prod/payments-1a2b/uuid',
      sourceAccount: '123456789012',
    };
    const like = (pattern: string) => allow({ Condition: { ArnLike: { 'aws:SourceArn': pattern } } });
    expect(trustAdmitsService(like('arn:aws:eks:eu-west-1:123456789012:fargateprofile/prod/*'), FARGATE, context)).toBe(true);
    expect(trustAdmitsService(like('arn:aws:eks:eu-west-1:123456789012:cluster/prod'), FARGATE, context)).toBe(false);
    expect(trustAdmitsService(like('arn:aws:eks:eu-west-1:123456789012:cluster/prod'), FARGATE)).toBe(true); // unknown context: assumed to hold
    expect(trustAdmitsService(allow({ Condition: { StringEquals: { 'aws:SourceAccount': '999999999999' } } }), FARGATE, context)).toBe(false);
    expect(trustAdmitsService(allow({ Condition: { StringNotEquals: { 'aws:SourceAccount': '999999999999' } } }), FARGATE, context)).toBe(true);
    expect(trustAdmitsService(allow({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } }), FARGATE, context)).toBe(true);
  });
});

describe('ARN helpers', () => {
  it('reads role names with and without paths, and account ids', () => {
    expect(roleNameFromArn('arn:aws:iam::123456789012:role/pods')).toBe('pods');
    expect(roleNameFromArn('arn:aws:iam::123456789012:role/team/a/pods')).toBe('pods');
    expect(roleNameFromArn('arn:aws-cn:iam::123456789012:role/pods')).toBe('pods');
    expect(roleNameFromArn('arn:aws:iam::123456789012:user/pods')).toBeUndefined();
    expect(roleNameFromArn('pods')).toBeUndefined();
    expect(accountIdFromArn('arn:aws:iam::123456789012:role/pods')).toBe('123456789012');
  });

  it('matches IAM wildcards', () => {
    expect(iamGlob('a*c', 'abbbc')).toBe(true);
    expect(iamGlob('a?c', 'abc')).toBe(true);
    expect(iamGlob('a?c', 'abbc')).toBe(false);
    expect(iamGlob('a.c', 'abc')).toBe(false);
    expect(iamGlob('STS:Assume*', 'sts:AssumeRole', true)).toBe(true);
    expect(iamGlob('STS:Assume*', 'sts:AssumeRole')).toBe(false);
  });
});
