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

const statementsOf = (policy: PolicyDocument): PolicyStatement[] =>
  Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];

const principalNames = (statement: PolicyStatement, service: string): boolean => {
  const principal = statement.Principal;
  if (principal === undefined) return false;
  if (principal === '*') return true;
  return asList(principal.Service).includes(service) || asList(principal.AWS).includes('*');
};

/**
 * The request's values of condition keys (lower case). A key missing from the map is unknown and its
 * conditions are assumed to hold (a static check must not report a problem it cannot see); a key
 * mapped to undefined is known to be absent from the request, as IAM sees it.
 */
type ConditionKeys = ReadonlyMap<string, string | undefined>;

/** One condition block holds when every operator/key holds. */
function conditionsHold(condition: PolicyStatement['Condition'], keys: ConditionKeys): boolean {
  if (!condition) return true;
  for (const [rawOperator, entries] of Object.entries(condition)) {
    const ifExists = rawOperator.endsWith('IfExists');
    const operator = rawOperator.replace(/^For(Any|All)Values?:/, '').replace(/IfExists$/, '');
    for (const [rawKey, expected] of Object.entries(entries)) {
      const key = rawKey.toLowerCase();
      if (!keys.has(key)) continue;
      const actual = keys.get(key);
      const patterns = asList(expected);
      if (operator === 'Null') {
        // `Null: { key: "true" }` holds when the request lacks the key.
        if (!patterns.some(p => (p.toLowerCase() === 'true') === (actual === undefined))) return false;
        continue;
      }
      const negated = /Not/.test(operator);
      if (actual === undefined) {
        // IAM: a condition on a key the request lacks fails, unless it is negated or says IfExists.
        if (ifExists || negated) continue;
        return false;
      }
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
          continue; // an operator we do not model (Date, Bool…): assume it holds
      }
      if (matches === negated) return false;
    }
  }
  return true;
}

/** Allowed when some Allow statement applies and no Deny statement does. */
function decide(policy: PolicyDocument, applies: (s: PolicyStatement) => boolean): boolean {
  const statements = statementsOf(policy);
  if (statements.some(s => s.Effect === 'Deny' && applies(s))) return false;
  return statements.some(s => s.Effect === 'Allow' && applies(s));
}

/**
 * Whether a role's trust policy lets `service` (e.g. `eks-fargate-pods.amazonaws.com`) call
 * sts:AssumeRole: some Allow statement names the service principal and its conditions hold
 * for `context`, and no Deny statement matching the same request applies.
 */
export function trustAdmitsService(policy: PolicyDocument, service: string, context: AssumeContext = {}): boolean {
  const keys = new Map<string, string>();
  if (context.sourceArn !== undefined) keys.set('aws:sourcearn', context.sourceArn);
  if (context.sourceAccount !== undefined) keys.set('aws:sourceaccount', context.sourceAccount);
  return decide(
    policy,
    s => principalNames(s, service) && actionAllowsAssume(s.Action) && conditionsHold(s.Condition, keys),
  );
}

/** An AWS principal's sts:AssumeRole call, as a role's trust policy sees it. */
export interface AssumeRequest {
  /** The caller: an IAM user or role ARN (`arn:aws:iam::111111111111:role/ci`). */
  principalArn: string;
  /** `sts:ExternalId`; undefined when the call gives none. */
  externalId?: string;
  /** `sts:RoleSessionName`. */
  sessionName: string;
}

/** Whether an AWS principal entry names the caller: `*`, its account (`111111111111`, `arn:aws:iam::111111111111:root`) or its ARN. */
function namesPrincipal(entry: string, principalArn: string): boolean {
  if (entry === '*') return true;
  const account = accountIdFromArn(principalArn);
  const root = /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(entry)?.[1];
  return entry === principalArn || (account !== undefined && (entry === account || root === account));
}

/**
 * Whether a role's trust policy lets an AWS principal assume it, as IAM decides: an Allow statement
 * names the caller and its conditions hold, where a condition on a key the call lacks (an
 * `sts:ExternalId` the call does not give) fails unless it is negated or says IfExists; and no Deny
 * applies. (The caller's own permission to call sts:AssumeRole is a policy of its account, not modelled.)
 */
export function trustAdmitsPrincipal(policy: PolicyDocument, request: AssumeRequest): boolean {
  const keys: ConditionKeys = new Map<string, string | undefined>([
    ['sts:externalid', request.externalId],
    ['sts:rolesessionname', request.sessionName],
    ['aws:principalarn', request.principalArn],
    ['aws:principalaccount', accountIdFromArn(request.principalArn)],
  ]);
  const names = (s: PolicyStatement) =>
    s.Principal === '*' ||
    (s.Principal !== undefined && asList(s.Principal.AWS).some(entry => namesPrincipal(entry, request.principalArn)));
  return decide(policy, s => names(s) && actionAllowsAssume(s.Action) && conditionsHold(s.Condition, keys));
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
