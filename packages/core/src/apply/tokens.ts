import { canonicalJson, sha256Hex } from '../hash';
import type { Selector } from '../spec/types';

/** What a CreateFargateProfile call asks for; equal content gives an equal token. */
export interface CreateRequestContent {
  region: string;
  cluster: string;
  name: string;
  podExecutionRoleArn: string;
  subnets: string[];
  selectors: Selector[];
  tags: Record<string, string>;
  /** The profile a replacement retires: a revert (A → B → A) asks for a fresh token. */
  replaces?: string;
}

/**
 * The `clientRequestToken` of a create: a digest of the target profile and its desired content,
 * not of the run, so a re-run after a crash repeats the very same request and EKS answers it with
 * the profile the first run made instead of a second one. The change kind is left out on purpose:
 * a `replace` that was interrupted may re-plan as a `create` of the same profile.
 */
export function createRequestToken(content: CreateRequestContent): string {
  const canonical = canonicalJson({
    op: 'CreateFargateProfile',
    region: content.region,
    cluster: content.cluster,
    name: content.name,
    role: content.podExecutionRoleArn,
    subnets: [...content.subnets].sort(),
    selectors: content.selectors,
    tags: content.tags,
    replaces: content.replaces ?? null,
  });
  return `fk-${sha256Hex(canonical).slice(0, 32)}`;
}
