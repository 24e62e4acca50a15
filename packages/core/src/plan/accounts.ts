import type { Diagnostic } from '../diagnostics';
import { AccountReader } from '../account/AccountReader';
import { Fleet, type ClusterPlace, type FleetCredentials } from '../account/Fleet';
import type { Account, ClusterRef, RoleSummary } from '../account/types';
import type { ClusterSpec } from '../spec/types';
import type { PlannedAccount } from './types';
import { errorText } from '../errorText';
import { isCallTimeout } from '../callTimeout';
import { DEFAULT_ROLE_PATH } from './defaultRole';
import { limitConcurrency, Semaphore } from './limit';
import { outcomeOf, type Outcome } from './read';

/**
 * AWS calls in flight at once over all accounts of a plan, each account having its own bound too
 * (AWS throttles per account and region): four accounts at their full 16, a wider fleet sharing it.
 * One runner's sockets and memory, not AWS, set it: 200 clusters still plan in a few seconds.
 */
export const DEFAULT_TOTAL_CONCURRENCY = 64;

/** What one plan reads once per credentials: through one bounded reader, the account id and the default roles' listing. */
export interface AccountReads {
  credentials: FleetCredentials;
  reader: AccountReader;
  /** The account the credentials land in (GetCallerIdentity, asked once per plan). */
  accountId(): Promise<Outcome<string>>;
  /** The roles under the default roles' IAM path: one ListRoles per account and plan (IAM is global). */
  listing: Promise<Outcome<RoleSummary[]>>;
}

/** A cluster's place, and the reads of its credentials when it can be reached. */
export type PlacedCluster =
  | { place: Exclude<ClusterPlace, { kind: 'unreachable' }>; reads: AccountReads }
  | { place: Extract<ClusterPlace, { kind: 'unreachable' }> };

/** The Fleet of a plan: the one given, else the account given with the Cluster documents of the input. */
export const fleetOf = (accounts: Account | AccountReader | Fleet, clusters: readonly ClusterSpec[] = []): Fleet =>
  accounts instanceof Fleet ? accounts : new Fleet(accounts, clusters);

/**
 * The accounts one plan reads, each through its own AccountReader, so every object of every account
 * is read once; calls are bounded per account (`perAccount`: AWS throttles per account and region)
 * and over the whole plan (`total`). A reader given as the base account is used as it is.
 */
export class PlanAccounts {
  private readonly reads = new Map<string, AccountReads>();
  private readonly total: Semaphore;

  constructor(
    readonly fleet: Fleet,
    private readonly bounds: { perAccount: number; total: number },
  ) {
    this.total = new Semaphore(bounds.total);
  }

  placed(ref: ClusterRef): PlacedCluster {
    const place = this.fleet.placeOf(ref);
    return place.kind === 'unreachable' ? { place } : { place, reads: this.readsOf(place.credentials) };
  }

  /** A warning per account whose default roles could not be listed (not where the account itself could not be reached). */
  async listingDiagnostics(): Promise<Diagnostic[]> {
    const diagnostics: Diagnostic[] = [];
    for (const reads of this.reads.values()) {
      const listing = await reads.listing;
      if (listing.ok) continue;
      const identity = reads.credentials.role ? await reads.accountId() : undefined;
      if (identity && !identity.ok) continue;
      diagnostics.push(listingFailed(listing.error, reads.credentials));
    }
    return diagnostics;
  }

  private readsOf(credentials: FleetCredentials): AccountReads {
    let reads = this.reads.get(credentials.key);
    if (!reads) {
      const { account } = credentials;
      const reader =
        account instanceof AccountReader
          ? account
          : new AccountReader(limitConcurrency(account, this.bounds.perAccount, this.total));
      let identity: Promise<Outcome<string>> | undefined;
      reads = {
        credentials,
        reader,
        accountId: () => (identity ??= outcomeOf(reader.getAccountId())),
        listing: outcomeOf(reader.listRoles(DEFAULT_ROLE_PATH)),
      };
      this.reads.set(credentials.key, reads);
    }
    return reads;
  }
}

/** Why the run does not plan a declared cluster: an error, and the short reason its cluster section shows. */
export interface Refusal {
  diagnostic: Diagnostic;
  reason: string;
}

/**
 * Why a declared cluster is refused: its credentials could not be used, or they land in another
 * account than its `spec.accountId` (planning there could change another account's profiles).
 */
export function identityProblem(
  cluster: ClusterSpec,
  credentials: FleetCredentials,
  identity: Outcome<string>,
): Refusal | undefined {
  const role = credentials.role;
  const about = { severity: 'error' as const, cluster: cluster.name };
  if (!identity.ok) {
    const diagnostic: Diagnostic = {
      ...about,
      code: 'plan.account-unreachable',
      message: role
        ? `Cluster \`${cluster.name}\` (${cluster.region}) could not be reached: assuming role \`${role.roleArn}\` failed (${errorText(identity.error)}); nothing is planned or checked there.`
        : `Cluster \`${cluster.name}\` (${cluster.region}) could not be reached: the account of the run's credentials could not be read (${errorText(identity.error)}); nothing is planned or checked there.`,
      ...(role
        ? { path: 'spec.roleArn', source: cluster.source.fields['spec.roleArn'] ?? cluster.source }
        : { source: cluster.source }),
      ...(role && !isCallTimeout(identity.error)
        ? {
            hint: "the role's trust policy must let the run's credentials assume it (with the external id when it asks for one); see docs/accounts.md",
          }
        : {}),
    };
    return {
      diagnostic,
      reason: role ? `role ${role.roleArn} could not be assumed` : "the run's account could not be read",
    };
  }
  if (identity.value === cluster.accountId) return undefined;
  const diagnostic: Diagnostic = {
    ...about,
    code: 'plan.account-mismatch',
    message: role
      ? `Cluster \`${cluster.name}\` (${cluster.region}) is declared in account ${cluster.accountId} (\`spec.accountId\`), but role \`${role.roleArn}\` lands in account ${identity.value}; nothing is planned or checked there.`
      : `Cluster \`${cluster.name}\` (${cluster.region}) is declared in account ${cluster.accountId} (\`spec.accountId\`), but the run's credentials are of account ${identity.value}; nothing is planned or checked there.`,
    path: 'spec.accountId',
    source: cluster.source.fields['spec.accountId'] ?? cluster.source,
    hint: role
      ? `name a role of account ${cluster.accountId} in \`spec.roleArn\`, or correct \`spec.accountId\``
      : `run with credentials of account ${cluster.accountId}, or give \`spec.roleArn\`: a role to assume there`,
  };
  return {
    diagnostic,
    reason: `its credentials land in account ${identity.value}, not in the declared ${cluster.accountId}`,
  };
}

/** Where a declared cluster is read, as its plan records it. */
export const plannedAccount = (cluster: ClusterSpec): PlannedAccount => ({
  id: cluster.accountId,
  ...(cluster.role ? { roleArn: cluster.role.roleArn } : {}),
});

/**
 * Why apply must not run a cluster's plan where the Fleet places it: the plan read it in another
 * place (a declared account apply was not given, or the other way round); undefined when they agree.
 */
export function placeDiffers(planned: PlannedAccount | undefined, place: ClusterPlace): string | undefined {
  const now = place.kind === 'declared' ? plannedAccount(place.cluster) : undefined;
  if (planned?.id === now?.id && planned?.roleArn === now?.roleArn) return undefined;
  const shown = (p: PlannedAccount | undefined) =>
    p ? `account ${p.id}${p.roleArn ? ` through role ${p.roleArn}` : ''}` : "the run's own account";
  return `the plan read this cluster in ${shown(planned)}, but apply was given ${shown(now)}`;
}

/** A declared cluster whose role the base account cannot assume. */
export function unreachableProblem({ cluster, why }: Extract<ClusterPlace, { kind: 'unreachable' }>): Refusal {
  return {
    diagnostic: {
      severity: 'error',
      code: 'plan.account-unreachable',
      cluster: cluster.name,
      source: cluster.source,
      message: `Cluster \`${cluster.name}\` (${cluster.region}) could not be reached: ${why}; nothing is planned or checked there.`,
    },
    reason: why,
  };
}

function listingFailed(error: unknown, credentials: FleetCredentials): Diagnostic {
  const where = credentials.role ? ` in the account of role \`${credentials.role.roleArn}\`` : '';
  return {
    severity: 'warning',
    code: 'plan.read-failed',
    message: `The roles under IAM path \`${DEFAULT_ROLE_PATH}\`${where} could not be listed (${errorText(error)}); default roles left behind by a stopped run are not looked for.`,
    // A permission is the usual cause; not of a call that got no answer.
    ...(isCallTimeout(error)
      ? {}
      : { hint: `allow iam:ListRoles on arn:aws:iam::<account>:role${DEFAULT_ROLE_PATH}*` }),
  };
}
