import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { changesSomething, type Plan } from '@fargatekeeper/core';

/**
 * The reviewed plan, hidden in the plan comment so apply on merge can gate on it:
 * `<!-- fargatekeeper-plan v2 sha256=<hex of the JSON> <base64 of the gzipped JSON> -->`. Base64 has
 * no `-` or `>`, so the data cannot end the HTML comment; the digest tells a cut or altered block
 * from the plan (who wrote the comment is checked apart: see identity.ts).
 */
const DATA_PATTERN = /<!-- fargatekeeper-plan v2 (?:sha256=([0-9a-f]{64}) ([A-Za-z0-9+/=]+)|(too-large)) -->/;

/** At most this much of the comment's 65,536 characters goes to the data; the rest stays for the plan's Markdown. */
export const PLAN_DATA_LIMIT = 32_000;

export type ReviewedPlanBlock = { kind: 'embedded'; text: string } | { kind: 'too-large'; text: string };

/**
 * The data block of a plan: only what the gate compares (the operations that change something; no
 * diagnostics, no-ops or unmanaged profiles), so most plans fit. One that does not fit is marked
 * too large: apply on merge then has no reviewed plan and refuses every change (fails closed).
 */
export function reviewedPlanBlock(plan: Plan): ReviewedPlanBlock {
  const gated: Plan = {
    ...plan,
    diagnostics: [],
    clusters: plan.clusters.map(c => ({ ...c, operations: c.operations.filter(changesSomething) })),
  };
  const json = JSON.stringify(gated);
  const text = `<!-- fargatekeeper-plan v2 sha256=${sha256(json)} ${gzipSync(json).toString('base64')} -->`;
  if (text.length <= PLAN_DATA_LIMIT) return { kind: 'embedded', text };
  return { kind: 'too-large', text: '<!-- fargatekeeper-plan v2 too-large -->' };
}

/** What a plan comment's body holds for the gate; each case but `plan` means "no reviewed plan", with why. */
export type EmbeddedPlan =
  { kind: 'plan'; plan: Plan } | { kind: 'absent' } | { kind: 'too-large' } | { kind: 'corrupt'; why: string };

export function embeddedPlanOf(body: string | undefined): EmbeddedPlan {
  const match = body?.match(DATA_PATTERN);
  if (!match) return { kind: 'absent' };
  if (match[3]) return { kind: 'too-large' };
  let json: string;
  try {
    json = gunzipSync(Buffer.from(match[2]!, 'base64')).toString('utf8');
  } catch {
    return { kind: 'corrupt', why: 'its data does not decompress' };
  }
  if (sha256(json) !== match[1]) return { kind: 'corrupt', why: 'its digest does not match its data' };
  const plan = JSON.parse(json) as Partial<Plan>;
  if (plan.formatVersion !== 2 || !Array.isArray(plan.clusters))
    return { kind: 'corrupt', why: 'its data is not a plan of format version 2' };
  return { kind: 'plan', plan: plan as Plan };
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
