import { accountIdFromArn, iamGlob, roleNameFromArn, trustAdmitsPrincipal, trustAdmitsService } from './trust';
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
      trustAdmitsService(
        {
          Statement: { Effect: 'Allow', Principal: { Service: FARGATE }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
        },
        FARGATE,
      ),
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
    expect(trustAdmitsService(like('arn:aws:eks:eu-west-1:123456789012:fargateprofile/prod/*'), FARGATE, context)).toBe(
      true,
    );
    expect(trustAdmitsService(like('arn:aws:eks:eu-west-1:123456789012:cluster/prod'), FARGATE, context)).toBe(false);
    expect(trustAdmitsService(like('arn:aws:eks:eu-west-1:123456789012:cluster/prod'), FARGATE)).toBe(true); // unknown context: assumed to hold
    expect(
      trustAdmitsService(
        allow({ Condition: { StringEquals: { 'aws:SourceAccount': '999999999999' } } }),
        FARGATE,
        context,
      ),
    ).toBe(false);
    expect(
      trustAdmitsService(
        allow({ Condition: { StringNotEquals: { 'aws:SourceAccount': '999999999999' } } }),
        FARGATE,
        context,
      ),
    ).toBe(true);
    expect(
      trustAdmitsService(allow({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } }), FARGATE, context),
    ).toBe(true);
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

describe('trustAdmitsPrincipal', () => {
  const CI = 'arn:aws:iam::111111111111:role/ci';
  const trust = (statement: Record<string, unknown>) => ({
    Statement: [{ Effect: 'Allow' as const, Action: 'sts:AssumeRole', Principal: { AWS: CI }, ...statement }],
  });
  const call = { principalArn: CI, sessionName: 'fargatekeeper' };

  it('names the caller by its ARN, its account id, its account root or *', () => {
    expect(trustAdmitsPrincipal(trust({}), call)).toBe(true);
    expect(trustAdmitsPrincipal(trust({ Principal: { AWS: '111111111111' } }), call)).toBe(true);
    expect(
      trustAdmitsPrincipal(
        trust({ Principal: { AWS: ['arn:aws:iam::999999999999:root', 'arn:aws:iam::111111111111:root'] } }),
        call,
      ),
    ).toBe(true);
    expect(trustAdmitsPrincipal(trust({ Principal: '*' }), call)).toBe(true);
    expect(trustAdmitsPrincipal(trust({ Principal: { AWS: 'arn:aws:iam::111111111111:role/other' } }), call)).toBe(
      false,
    );
    expect(trustAdmitsPrincipal(trust({ Principal: { Service: 'eks-fargate-pods.amazonaws.com' } }), call)).toBe(false);
    expect(
      trustAdmitsPrincipal(
        {
          Statement: [...trust({}).Statement, { Effect: 'Deny', Action: 'sts:*', Principal: { AWS: '111111111111' } }],
        },
        call,
      ),
    ).toBe(false);
  });

  it('holds an external id condition to the call: equal passes, another or none fails (unless IfExists)', () => {
    const withId = trust({ Condition: { StringEquals: { 'sts:ExternalId': 'fleet-1' } } });
    expect(trustAdmitsPrincipal(withId, { ...call, externalId: 'fleet-1' })).toBe(true);
    expect(trustAdmitsPrincipal(withId, { ...call, externalId: 'fleet-2' })).toBe(false);
    expect(trustAdmitsPrincipal(withId, call)).toBe(false);
    expect(
      trustAdmitsPrincipal(trust({ Condition: { StringEqualsIfExists: { 'sts:ExternalId': 'fleet-1' } } }), call),
    ).toBe(true);
    expect(trustAdmitsPrincipal(trust({ Condition: { Null: { 'sts:ExternalId': 'false' } } }), call)).toBe(false);
    expect(
      trustAdmitsPrincipal(trust({ Condition: { StringLike: { 'sts:RoleSessionName': 'fargate*' } } }), call),
    ).toBe(true);
  });
});
