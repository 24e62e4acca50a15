import type { SimState } from './state';

/** A simulated-account document that does not have the expected shape; `path` names the field. */
export class SimStateError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'SimStateError';
  }
}

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

const CLUSTER_STATUSES = ['CREATING', 'ACTIVE', 'DELETING', 'FAILED', 'UPDATING', 'PENDING'];
const PROFILE_STATUSES = ['CREATING', 'ACTIVE', 'DELETING', 'CREATE_FAILED', 'DELETE_FAILED'];
const TRANSITIONS = ['ACTIVE', 'CREATE_FAILED', 'DELETED', 'DELETE_FAILED'];

class Checker {
  object(v: Json, path: string, known: readonly string[]): Record<string, Json> {
    if (!isObject(v)) throw new SimStateError(path, 'expected an object');
    for (const key of Object.keys(v))
      if (!known.includes(key))
        throw new SimStateError(`${path}.${key}`, `unknown field (expected one of ${known.join(', ')})`);
    return v;
  }
  string(v: Json, path: string, optional = false): void {
    if (v === undefined && optional) return;
    if (typeof v !== 'string' || v === '') throw new SimStateError(path, 'expected a non-empty string');
  }
  oneOf(v: Json, path: string, values: string[], optional = false): void {
    if (v === undefined && optional) return;
    if (typeof v !== 'string' || !values.includes(v))
      throw new SimStateError(path, `expected one of ${values.join(', ')}`);
  }
  number(v: Json, path: string): void {
    if (v === undefined) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new SimStateError(path, 'expected a non-negative number');
  }
  boolean(v: Json, path: string): void {
    if (v !== undefined && typeof v !== 'boolean') throw new SimStateError(path, 'expected true or false');
  }
  date(v: Json, path: string, optional = false): void {
    if (v === undefined && optional) return;
    if (typeof v !== 'string' || Number.isNaN(Date.parse(v)))
      throw new SimStateError(path, 'expected an ISO 8601 date');
  }
  array(v: Json, path: string): Json[] {
    if (!Array.isArray(v)) throw new SimStateError(path, 'expected a list');
    return v;
  }
  strings(v: Json, path: string): void {
    this.array(v, path).forEach((s, i) => this.string(s, `${path}[${i}]`));
  }
  stringMap(v: Json, path: string): void {
    if (!isObject(v)) throw new SimStateError(path, 'expected a map of strings');
    for (const [k, s] of Object.entries(v))
      if (typeof s !== 'string') throw new SimStateError(`${path}.${k}`, 'expected a string');
  }
  health(v: Json, path: string): void {
    if (v === undefined) return;
    this.array(v, path).forEach((h, i) => {
      const o = this.object(h, `${path}[${i}]`, ['code', 'message', 'resourceIds']);
      this.string(o.code, `${path}[${i}].code`);
      this.string(o.message, `${path}[${i}].message`);
      if (o.resourceIds !== undefined) this.strings(o.resourceIds, `${path}[${i}].resourceIds`);
    });
  }
}

/** Remembers keys and names the first repeat (two clusters, profiles, VPCs, subnets or roles with one identity). */
class Unique {
  private readonly seen = new Map<string, string>();
  constructor(private readonly what: string) {}
  add(key: string, path: string, shown = key): void {
    const first = this.seen.get(key);
    if (first !== undefined) throw new SimStateError(path, `${this.what} ${shown} is already defined at ${first}`);
    this.seen.set(key, path);
  }
}

/** Checks a simulated-account document field by field; throws {@link SimStateError} at the first problem. */
export function checkSimState(state: unknown): asserts state is SimState {
  const c = new Checker();
  const root = c.object(state, '$', [
    '$schema',
    'accountId',
    'region',
    'principalArn',
    'quotas',
    'timings',
    'clusters',
    'vpcs',
    'roles',
    'accounts',
  ]);
  accountIdOf(root.accountId, '$.accountId');
  c.string(root.region, '$.region');
  if (root.principalArn !== undefined) {
    c.string(root.principalArn, '$.principalArn');
    const principal = /^arn:aws[a-z-]*:iam::(\d{12}):(user|role)\/(?:[\x21-\x7e]*\/)?[\w+=,.@-]+$/.exec(
      root.principalArn as string,
    );
    if (!principal)
      throw new SimStateError(
        '$.principalArn',
        'expected an IAM user or role ARN (arn:aws:iam::<account>:user/<name> or :role/<name>)',
      );
    if (principal[1] !== root.accountId)
      throw new SimStateError(
        '$.principalArn',
        `expected a principal of the base account ${root.accountId as string}, not of ${principal[1]!}`,
      );
  }
  if (root.quotas !== undefined) {
    const q = c.object(root.quotas, '$.quotas', ['fargateProfilesPerCluster']);
    c.number(q.fargateProfilesPerCluster, '$.quotas.fargateProfilesPerCluster');
  }
  if (root.timings !== undefined) {
    const t = c.object(root.timings, '$.timings', ['createSeconds', 'deleteSeconds', 'iamPropagationSeconds']);
    for (const key of ['createSeconds', 'deleteSeconds', 'iamPropagationSeconds']) c.number(t[key], `$.timings.${key}`);
  }
  checkResources(c, root, '$');
  if (root.accounts === undefined) return;
  const accounts = new Unique('account');
  accounts.add(root.accountId as string, '$.accountId');
  c.array(root.accounts, '$.accounts').forEach((raw, i) => {
    const p = `$.accounts[${i}]`;
    const account = c.object(raw, p, ['accountId', 'clusters', 'vpcs', 'roles']);
    accountIdOf(account.accountId, `${p}.accountId`);
    accounts.add(account.accountId as string, `${p}.accountId`);
    checkResources(c, account, p);
  });
}

function accountIdOf(value: Json, path: string): void {
  if (typeof value !== 'string' || !/^\d{12}$/.test(value))
    throw new SimStateError(path, 'expected a 12-digit account id');
}

/** One account's clusters, VPCs and roles (names unique within it). */
function checkResources(c: Checker, root: Record<string, Json>, at: string): void {
  const clusters = new Unique('cluster');
  const vpcs = new Unique('VPC');
  const subnets = new Unique('subnet');
  const roles = new Unique('role');
  c.array(root.clusters, `${at}.clusters`).forEach((raw, i) => {
    const p = `${at}.clusters[${i}]`;
    const cl = c.object(raw, p, [
      'name',
      'region',
      'status',
      'vpcId',
      'subnetIds',
      'updateInProgress',
      'endpoint',
      'certificateAuthority',
      'profiles',
    ]);
    c.string(cl.name, `${p}.name`);
    c.string(cl.region, `${p}.region`);
    c.oneOf(cl.status, `${p}.status`, CLUSTER_STATUSES);
    c.string(cl.vpcId, `${p}.vpcId`, true);
    c.strings(cl.subnetIds, `${p}.subnetIds`);
    c.boolean(cl.updateInProgress, `${p}.updateInProgress`);
    if (cl.endpoint !== undefined && !(typeof cl.endpoint === 'string' && /^https:\/\/[^/\s]+/.test(cl.endpoint)))
      throw new SimStateError(`${p}.endpoint`, 'expected the API server URL (https://...)');
    if (
      cl.certificateAuthority !== undefined &&
      !(typeof cl.certificateAuthority === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(cl.certificateAuthority))
    )
      throw new SimStateError(
        `${p}.certificateAuthority`,
        'expected base64 of the PEM certificate (DescribeCluster certificateAuthority.data)',
      );
    clusters.add(
      `${cl.region as string}/${cl.name as string}`,
      `${p}.name`,
      `${cl.name as string} (${cl.region as string})`,
    );
    const profileNames = new Unique('profile');
    c.array(cl.profiles, `${p}.profiles`).forEach((rawProfile, j) => {
      const pp = `${p}.profiles[${j}]`;
      const pr = c.object(rawProfile, pp, [
        'name',
        'status',
        'podExecutionRoleArn',
        'subnets',
        'selectors',
        'tags',
        'createdAt',
        'arn',
        'health',
        'clientRequestToken',
        'transition',
      ]);
      c.string(pr.name, `${pp}.name`);
      profileNames.add(pr.name as string, `${pp}.name`);
      c.oneOf(pr.status, `${pp}.status`, PROFILE_STATUSES);
      c.string(pr.podExecutionRoleArn, `${pp}.podExecutionRoleArn`);
      c.strings(pr.subnets, `${pp}.subnets`);
      c.array(pr.selectors, `${pp}.selectors`).forEach((rawSelector, k) => {
        const sp = `${pp}.selectors[${k}]`;
        const s = c.object(rawSelector, sp, ['namespace', 'labels']);
        c.string(s.namespace, `${sp}.namespace`);
        if (s.labels !== undefined) c.stringMap(s.labels, `${sp}.labels`);
      });
      c.stringMap(pr.tags ?? {}, `${pp}.tags`);
      c.date(pr.createdAt, `${pp}.createdAt`);
      c.string(pr.arn, `${pp}.arn`, true);
      c.health(pr.health, `${pp}.health`);
      c.string(pr.clientRequestToken, `${pp}.clientRequestToken`, true);
      if (pr.transition !== undefined) {
        const t = c.object(pr.transition, `${pp}.transition`, ['to', 'at', 'health']);
        c.oneOf(t.to, `${pp}.transition.to`, TRANSITIONS);
        c.date(t.at, `${pp}.transition.at`);
        c.health(t.health, `${pp}.transition.health`);
      }
    });
  });
  c.array(root.vpcs, `${at}.vpcs`).forEach((raw, i) => {
    const p = `${at}.vpcs[${i}]`;
    const v = c.object(raw, p, ['id', 'region', 'subnets', 'routeTables']);
    c.string(v.id, `${p}.id`);
    c.string(v.region, `${p}.region`);
    vpcs.add(`${v.region as string}/${v.id as string}`, `${p}.id`, v.id as string);
    c.array(v.subnets, `${p}.subnets`).forEach((rawSubnet, j) => {
      const s = c.object(rawSubnet, `${p}.subnets[${j}]`, ['id', 'availabilityZone']);
      c.string(s.id, `${p}.subnets[${j}].id`);
      subnets.add(`${v.region as string}/${s.id as string}`, `${p}.subnets[${j}].id`, s.id as string);
      c.string(s.availabilityZone, `${p}.subnets[${j}].availabilityZone`);
    });
    c.array(v.routeTables, `${p}.routeTables`).forEach((rawTable, j) => {
      const tp = `${p}.routeTables[${j}]`;
      const t = c.object(rawTable, tp, ['id', 'main', 'subnetIds', 'routes']);
      c.string(t.id, `${tp}.id`);
      c.boolean(t.main, `${tp}.main`);
      c.strings(t.subnetIds, `${tp}.subnetIds`);
      c.array(t.routes, `${tp}.routes`).forEach((rawRoute, k) => {
        const r = c.object(rawRoute, `${tp}.routes[${k}]`, [
          'destinationCidrBlock',
          'destinationIpv6CidrBlock',
          'gatewayId',
          'natGatewayId',
        ]);
        for (const key of Object.keys(r)) c.string(r[key], `${tp}.routes[${k}].${key}`);
      });
    });
  });
  c.array(root.roles, `${at}.roles`).forEach((raw, i) => {
    const p = `${at}.roles[${i}]`;
    const r = c.object(raw, p, [
      'name',
      'path',
      'assumeRolePolicy',
      'tags',
      'attachedPolicyArns',
      'description',
      'createdAt',
    ]);
    c.string(r.name, `${p}.name`);
    roles.add((r.name as string).toLowerCase(), `${p}.name`, r.name as string);
    c.string(r.path, `${p}.path`, true);
    const policy = c.object(r.assumeRolePolicy, `${p}.assumeRolePolicy`, ['Version', 'Id', 'Statement']);
    if (!Array.isArray(policy.Statement) && !isObject(policy.Statement))
      throw new SimStateError(`${p}.assumeRolePolicy.Statement`, 'expected a statement or a list of statements');
    c.stringMap(r.tags ?? {}, `${p}.tags`);
    c.strings(r.attachedPolicyArns ?? [], `${p}.attachedPolicyArns`);
    c.string(r.description, `${p}.description`, true);
    c.date(r.createdAt, `${p}.createdAt`, true);
  });
}
