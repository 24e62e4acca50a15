import { Document } from 'yaml';
import { byString } from '../order';
import type { ProfileSpec } from './types';

/** The fields of a spec that its native document states. */
export type NativeDocumentFields = Pick<
  ProfileSpec,
  | 'name'
  | 'cluster'
  | 'region'
  | 'adopt'
  | 'podExecutionRoleArn'
  | 'subnets'
  | 'selectors'
  | 'tags'
  | 'deletionProtection'
>;

const sorted = (record: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => byString(a, b)));

/**
 * One spec as a document of fargatekeeper's native format, with stable formatting: fixed key order,
 * labels and tags sorted by key, empty maps and absent fields left out, no line folding. The same spec
 * always renders byte for byte alike (`import` and the portal's requests both write with it).
 */
export function nativeSpecDocument(spec: NativeDocumentFields): string {
  const body = {
    apiVersion: 'fargatekeeper.dev/v1',
    kind: 'FargateProfile',
    metadata: { name: spec.name },
    spec: {
      cluster: spec.cluster,
      ...(spec.region ? { region: spec.region } : {}),
      ...(spec.adopt ? { adopt: spec.adopt } : {}),
      ...(spec.podExecutionRoleArn ? { podExecutionRoleArn: spec.podExecutionRoleArn } : {}),
      subnets: [...spec.subnets],
      selectors: spec.selectors.map(s => ({
        namespace: s.namespace,
        ...(Object.keys(s.labels).length > 0 ? { labels: sorted(s.labels) } : {}),
      })),
      ...(Object.keys(spec.tags).length > 0 ? { tags: sorted(spec.tags) } : {}),
      ...(spec.deletionProtection ? { deletionProtection: true } : {}),
    },
  };
  return new Document(body).toString({ lineWidth: 0, indentSeq: true });
}
