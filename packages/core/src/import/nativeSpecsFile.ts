import type { ClusterRef } from '../account/types';
import { nativeSpecDocument } from '../spec/nativeDocument';
import type { Selector } from '../spec/types';

/** A spec to write in the native format, with where its profile came from (said in a comment above it). */
export interface NativeSpec {
  name: string;
  cluster: string;
  region: string;
  adopt: string;
  /** Absent: fargatekeeper's default role of the spec. */
  podExecutionRoleArn?: string;
  subnets: string[];
  selectors: Selector[];
  tags: Record<string, string>;
  deletionProtection?: true;
  origin: 'managed' | 'unmanaged';
}

/**
 * A specs file of one cluster in the native format: the schema comment on the first line, then one
 * document per spec, each with a comment naming the live profile it describes. Stable: the same
 * specs always give the same bytes (maps sorted by key, no line folding).
 */
export function nativeSpecsFile(
  specs: readonly NativeSpec[],
  options: { schema: string; cluster: ClusterRef },
): string {
  const header = [
    `# yaml-language-server: $schema=${options.schema}`,
    `# Written by \`fargatekeeper import\` from the live Fargate profiles of ${options.cluster.name} (${options.cluster.region}).`,
  ];
  const documents = specs.map(spec => {
    const note =
      spec.origin === 'unmanaged'
        ? `# Live profile \`${spec.adopt}\`, made outside fargatekeeper: the first apply adopts it in place (tags only).`
        : `# Live profile \`${spec.adopt}\`, managed by fargatekeeper as spec \`${spec.name}\`.`;
    return `${note}\n${nativeSpecDocument(spec)}`;
  });
  return `${header.join('\n')}\n${documents.join('---\n')}`;
}
