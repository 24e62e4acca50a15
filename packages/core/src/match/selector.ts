import type { Selector } from '../spec/types';
import { globMatches, hasWildcards } from './glob';

export interface Pod {
  namespace: string;
  labels: Record<string, string>;
}

/** Why one selector does or does not take a pod. */
export interface SelectorExplanation {
  index: number;
  selector: Selector;
  matches: boolean;
  /** One line per condition: the namespace, then each selector label, in order. */
  reasons: string[];
}

/**
 * EKS semantics: the pod's namespace matches the selector's namespace pattern, and for every selector
 * label some pod label matches both its key pattern and its value pattern.
 */
export function selectorMatchesPod(selector: Selector, pod: Pod): boolean {
  return explainSelector(selector, pod, 0).matches;
}

export function explainSelector(selector: Selector, pod: Pod, index: number): SelectorExplanation {
  const reasons: string[] = [];
  let matches = globMatches(selector.namespace, pod.namespace);
  reasons.push(
    matches
      ? `namespace \`${pod.namespace}\` matches \`${selector.namespace}\``
      : `namespace \`${pod.namespace}\` does not match \`${selector.namespace}\``,
  );
  for (const [keyPattern, valuePattern] of Object.entries(selector.labels ?? {})) {
    const reason = labelReason(keyPattern, valuePattern, pod.labels);
    if (!reason.ok) matches = false;
    reasons.push(reason.text);
  }
  return { index, selector, matches, reasons };
}

function labelReason(
  keyPattern: string,
  valuePattern: string,
  labels: Record<string, string>,
): { ok: boolean; text: string } {
  const wanted = `\`${keyPattern}=${valuePattern}\``;
  const candidates = Object.entries(labels).filter(([key]) => globMatches(keyPattern, key));
  const hit = candidates.find(([, value]) => globMatches(valuePattern, value));
  if (hit) return { ok: true, text: `label \`${hit[0]}=${hit[1]}\` matches ${wanted}` };
  if (candidates.length === 0) {
    return {
      ok: false,
      text: hasWildcards(keyPattern)
        ? `no label key matches \`${keyPattern}\` (wanted ${wanted})`
        : `no label \`${keyPattern}\` (wanted ${wanted})`,
    };
  }
  const [key, value] = candidates[0]!;
  return { ok: false, text: `label \`${key}\` is \`${value}\`, which does not match \`${valuePattern}\`` };
}
