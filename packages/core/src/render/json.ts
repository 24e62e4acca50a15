import type { Plan } from '../plan/types';

/** The plan for machines: pretty JSON, stable because the plan's order is (clusters, changes, fields, diagnostics). */
export function renderJson(plan: Plan): string {
  return JSON.stringify(plan, null, 2);
}
