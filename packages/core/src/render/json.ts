import type { Plan } from '../plan/types';

/**
 * The plan for machines: pretty JSON of the plan as it is (`formatVersion: 2`, operations with their
 * typed reasons, no display words), stable because the plan's order is (clusters, operations, fields,
 * diagnostics).
 */
export function renderJson(plan: Plan): string {
  return JSON.stringify(plan, null, 2);
}
