import { sortDiagnostics, type Diagnostic, type SourcePosition } from '../diagnostics';
import { documentPathOf } from './formats';
import type { ClusterSpec, FailedSpec, ParseResult, ProfileSpec } from './types';

const clusterKey = (c: { region: string; name: string }) => `${c.region}/${c.name}`;
const at = (p: SourcePosition) => `${p.file}:${p.line}:${p.column}`;
const nameAt = (c: ClusterSpec): SourcePosition => c.source.fields['metadata.name'] ?? c.source;

/**
 * Joins the specs to the `Cluster` documents that declare their clusters, over all files of a run:
 * a spec that names no region takes its cluster's; one whose region differs from it, or whose cluster
 * is declared in several regions without saying which, fails; so does every spec of a cluster whose
 * declaration failed or is written twice for one (name, region) (where it lives is then not known,
 * and planning it with the base credentials could change another account). Specs of clusters that
 * no document declares are left as they are.
 */
export function joinDeclaredClusters(result: ParseResult): ParseResult {
  const failed: FailedSpec[] = [...result.failed];
  const diagnostics: Diagnostic[] = [...result.diagnostics];
  const fail = (entry: FailedSpec) => {
    failed.push(entry);
    diagnostics.push(...entry.diagnostics);
  };

  const byKey = new Map<string, ClusterSpec[]>();
  for (const cluster of result.clusters)
    byKey.set(clusterKey(cluster), [...(byKey.get(clusterKey(cluster)) ?? []), cluster]);
  const clusters: ClusterSpec[] = [];
  for (const same of byKey.values()) {
    if (same.length === 1) {
      clusters.push(same[0]!);
      continue;
    }
    for (const cluster of same) {
      const others = same.filter(c => c !== cluster).map(c => at(nameAt(c)));
      fail({
        file: cluster.source.file,
        document: cluster.source.document,
        kind: 'Cluster',
        cluster: cluster.name,
        diagnostics: [
          {
            severity: 'error',
            code: 'spec.cluster-duplicate',
            message: `cluster \`${cluster.name}\` (${cluster.region}) is declared more than once (also at ${others.join(', ')}); none of the declarations is used`,
            path: 'metadata.name',
            source: nameAt(cluster),
            cluster: cluster.name,
            hint: 'keep one `Cluster` document per cluster and region',
          },
        ],
      });
    }
  }

  // Clusters whose declaration is unusable: the specs that name them cannot be placed.
  const unusable = new Map<string, FailedSpec>();
  for (const entry of failed)
    if (entry.kind === 'Cluster' && entry.cluster !== undefined && !unusable.has(entry.cluster))
      unusable.set(entry.cluster, entry);

  const specs: ProfileSpec[] = [];
  for (const spec of result.specs) {
    const problem = placementProblem(spec, clusters, unusable.get(spec.cluster));
    if (problem === undefined) specs.push(spec);
    else if (typeof problem === 'string') specs.push({ ...spec, region: problem });
    else
      fail({
        file: spec.source.file,
        document: spec.source.document,
        name: spec.name,
        cluster: spec.cluster,
        diagnostics: [problem],
      });
  }
  return { ...result, specs, clusters, failed, diagnostics: sortDiagnostics(diagnostics) };
}

/** Where a spec goes: as it is (undefined), into the region of its declared cluster (that region), or nowhere (why). */
function placementProblem(
  spec: ProfileSpec,
  clusters: readonly ClusterSpec[],
  unusable: FailedSpec | undefined,
): undefined | string | Diagnostic {
  const about = (model: 'region' | 'cluster', code: string, message: string, hint: string): Diagnostic => {
    const recorded = spec.source.fields[model];
    const path = documentPathOf(model, spec.source.format, recorded);
    return {
      severity: 'error',
      code,
      message,
      ...(path ? { path } : {}),
      source: recorded
        ? { file: recorded.file, line: recorded.line, column: recorded.column }
        : { file: spec.source.file, line: spec.source.line, column: spec.source.column },
      cluster: spec.cluster,
      profile: spec.name,
      hint,
    };
  };
  if (unusable) {
    const line = unusable.diagnostics.find(d => d.source)?.source;
    return about(
      'cluster',
      'spec.cluster-unusable',
      `the \`Cluster\` document of \`${spec.cluster}\` (${line ? at(line) : unusable.file}) has errors, so where this spec's cluster lives is not known; it is not planned`,
      'fix the `Cluster` document',
    );
  }
  const declared = clusters.filter(c => c.name === spec.cluster);
  if (declared.length === 0) return undefined;
  const places = declared.map(c => `${c.region} (${at(nameAt(c))})`).join(', ');
  if (spec.region !== undefined) {
    if (declared.some(c => c.region === spec.region)) return undefined;
    return about(
      'region',
      'spec.cluster-region',
      `cluster \`${spec.cluster}\` is declared in ${places}, not in ${spec.region}`,
      declared.length === 1
        ? `write \`${declared[0]!.region}\`, or leave the region out: the spec then takes its cluster's`
        : 'write one of those regions',
    );
  }
  if (declared.length === 1) return declared[0]!.region;
  return about(
    'region',
    'spec.cluster-ambiguous',
    `cluster \`${spec.cluster}\` is declared in several regions: ${places}`,
    'say which with the region of the spec',
  );
}
