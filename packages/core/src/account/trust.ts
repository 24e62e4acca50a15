import { globMatches } from '../match/glob';
import type { PolicyDocument, PolicyStatement } from './types';

/** What a service knows when it assumes a role; keys the trust policy's conditions may test. */
export interface AssumeContext {
  /** `aws:SourceArn`, e.g. `arn:aws:eks:eu-west-1:123456789012:fargateprofile/prod/payments-1a2b/…`. */
  sourceArn?: string;
  /** `aws:SourceAccount`. */
  sourceAccount?: string;
}

const asList = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** IAM wildcard match: `*` any run of characters, `?` one character (the same wildcards as EKS selectors). */
export function iamGlob(pattern: string, value: string, ignoreCase = false): boolean {
  return ignoreCase ? globMatches(pattern.toLowerCase(), value.toLowerCase()) : globMatches(pattern, value);
}

const actionAllowsAssume = (action: string | string[]): boolean =>
  asList(action).some(a => iamGlob(a, 'sts:AssumeRole', true));

const principalNames = (statement: PolicyStatement, service: string): boolean => {
  const principal = statement.Principal;
  if (principal === undefined) return false;
  if (principal === '*') return true;
  return asList(principal.Service).includes(service) || asList(principal.AWS).includes('*');
};

/**
 * One condition block holds when every operator/key holds. Keys the context does not know
 * (anything but aws:SourceArn / aws:SourceAccount) are assumed to hold: a check must not
 * report a problem it cannot see.
 */
function conditionsHold(condition: PolicyStatement['Condition'], context: AssumeContext): boolean {
  if (!condition) return true;
  for (const [rawOperator, entries] of Object.entries(condition)) {
    const operator = rawOperator.replace(/^For(Any|All)Values?:/, '').replace(/IfExists$/, '');
    for (const [rawKey, expected] of Object.entries(entries)) {
      const key = rawKey.toLowerCase();
      const actual =
        key === 'aws:sourcearn' ? context.sourceArn : key === 'aws:sourceaccount' ? context.sourceAccount : undefined;
      if (actual === undefined) continue;
      const patterns = asList(expected);
      const negated = /Not/.test(operator);
      const base = operator.replace('Not', '');
      let matches: boolean;
      switch (base) {
        case 'StringEquals':
        case 'ArnEquals':
          matches = patterns.includes(actual);
          break;
        case 'StringEqualsIgnoreCase':
          matches = patterns.some(p => p.toLowerCase() === actual.toLowerCase());
          break;
        case 'StringLike':
        case 'ArnLike':
          matches = patterns.some(p => iamGlob(p, actual));
          break;
        default:
          continue; // an operator we do not model (Null, Date…): assume it holds
      }
      if (matches === negated) return false;
    }
  }
  return true;
}

/**
 * Whether a role's trust policy lets `service` (e.g. `eks-fargate-pods.amazonaws.com`) call
 * sts:AssumeRole: some Allow statement names the service principal and its conditions hold
 * for `context`, and no Deny statement matching the same request applies.
 */
export function trustAdmitsService(policy: PolicyDocument, service: string, context: AssumeContext = {}): boolean {
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  const applies = (s: PolicyStatement) =>
    principalNames(s, service) && actionAllowsAssume(s.Action) && conditionsHold(s.Condition, context);
  if (statements.some(s => s.Effect === 'Deny' && applies(s))) return false;
  return statements.some(s => s.Effect === 'Allow' && applies(s));
}

/** The parts of an IAM role ARN (`arn:aws:iam::123456789012:role/path/name`), or undefined when it is none. */
export function parseRoleArn(arn: string): { partition: string; accountId: string; name: string } | undefined {
  const match = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]{1,64})$/.exec(arn);
  return match ? { partition: match[1]!, accountId: match[2]!, name: match[3]! } : undefined;
}

/** The role name of an IAM role ARN (`arn:aws:iam::123456789012:role/path/name` → `name`), or undefined. */
export const roleNameFromArn = (arn: string): string | undefined => parseRoleArn(arn)?.name;

/** The AWS partition of a region, for ARNs (`aws`, `aws-cn`, `aws-us-gov`). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The account id of an ARN of any service, or undefined. */
export function accountIdFromArn(arn: string): string | undefined {
  return /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/.exec(arn)?.[1];
}
