// The matching analysis at scale: `validate` (parse + static rules + overlap analysis) of 1,000 and
// 10,000 specs, most of them on one cluster; 10 specs with 255-character wildcard labels (the
// pathological case of issue 13, 23 s before); one file of 42,000 specs (the 10 MB file did
// not finish in 120 s, 698 MB). Each case runs in a child process of its own, so its peak memory is its own.
// Prints CPU and wall time and peak RSS; goals: time(10,000) / time(1,000) ≤ 12 and 10,000 specs in
// under 5 s, judged on CPU time (this machine is shared). Exits non-zero when a goal is missed.
import { spawnSync } from 'node:child_process';
import { parseSpecFiles, validateStatic } from '@fargatekeeper/core';

const ROLE = 'arn:aws:iam::123456789012:role/fargate-pods';
const GOAL_RATIO = 12;
const GOAL_10K_MS = 5000;

/** Deterministic pseudo-random numbers (mulberry32), so every run sees the same specs. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * N specs as native YAML documents: 90 % on cluster `big`, the rest over nine others. Per team a
 * literal namespace with a label (one in five the shared namespace `default`, told apart by an `app`
 * label); one in ten a wildcard namespace of its own (`team-7-*`); one in
 * fifty shares a namespace with another team's spec (an overlap to report); three broad profiles per
 * cluster overlap many specs (`team-*` with `tier=batch`, `*` with `compute=spot`, `team-1*`).
 */
function fleet(n: number): string {
  const next = random(n);
  const docs: string[] = [];
  const clusterOf = (i: number) => (i % 10 === 9 ? `small-${i % 9}` : 'big');
  const doc = (name: string, cluster: string, selectors: string[]) =>
    `apiVersion: fargatekeeper.dev/v1\nkind: FargateProfile\nmetadata:\n  name: ${name}\nspec:\n  cluster: ${cluster}\n  region: eu-west-1\n  podExecutionRoleArn: ${ROLE}\n  subnets: [subnet-1a11, subnet-1b22]\n  selectors:\n${selectors.join('')}`;
  for (let i = 0; i < n; i++) {
    // One in five shares the namespace `default` with the others, told apart by a label.
    const selectors = [
      i % 5 === 1
        ? `    - namespace: default\n      labels: { app: team-${i} }\n`
        : `    - namespace: team-${i}\n      labels: { compute: fargate }\n`,
    ];
    if (i % 10 === 3) selectors.push(`    - namespace: team-${i}-*\n`);
    if (i % 50 === 7)
      selectors.push(`    - namespace: team-${Math.floor(next() * n)}\n      labels: { app: shared }\n`);
    docs.push(doc(`team-${i}`, clusterOf(i), selectors));
  }
  for (const cluster of ['big', ...Array.from({ length: 9 }, (_, k) => `small-${k}`)]) {
    docs.push(doc(`${cluster}-batch`, cluster, ['    - namespace: team-*\n      labels: { tier: batch }\n']));
    docs.push(doc(`${cluster}-spot`, cluster, ['    - namespace: "*"\n      labels: { compute: spot }\n']));
    docs.push(
      doc(`${cluster}-ones`, cluster, ['    - namespace: team-1*\n      labels: { compute: fargate, tier: "?*" }\n']),
    );
  }
  return docs.join('---\n');
}

/** 10 specs of 5 selectors × 5 labels, every value 255 characters of `*`, `?` and letters, all on namespace `*`. */
function pathological(): string {
  const next = random(255);
  const value = () => Array.from({ length: 255 }, () => '*?ab'[Math.floor(next() * 4)]).join('');
  const docs = Array.from({ length: 10 }, (_doc, i) => {
    const selectors = Array.from({ length: 5 }, (_selector, s) => {
      const labels = Array.from({ length: 5 }, (_label, l) => `        k${(s + l) % 7}: "${value()}"\n`).join('');
      return `    - namespace: "*"\n      labels:\n${labels}`;
    }).join('');
    return `apiVersion: fargatekeeper.dev/v1\nkind: FargateProfile\nmetadata:\n  name: wild-${i}\nspec:\n  cluster: big\n  region: eu-west-1\n  podExecutionRoleArn: ${ROLE}\n  subnets: [subnet-1a11]\n  selectors:\n${selectors}`;
  });
  return docs.join('---\n');
}

interface Figures {
  specs: number;
  bytes: number;
  parseMs: number;
  validateMs: number;
  totalMs: number;
  /** CPU time (user + system) of parse and validate: steadier than wall time on a shared machine. */
  parseCpuMs: number;
  validateCpuMs: number;
  cpuMs: number;
  diagnostics: Record<string, number>;
  maxRssMb: number;
  heapMb: number;
}

/** One case, in this (child) process: parse the text as one file, then validate as `fargatekeeper validate` does. */
function runCase(kind: string): Figures {
  const text = kind === 'pathological' ? pathological() : fleet(Number(kind));
  const heapBefore = process.memoryUsage().heapUsed;
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const [started, cpuStarted] = [performance.now(), cpu()];
  const parsed = parseSpecFiles([{ path: 'fargate/specs.yaml', content: text }]);
  const [parsedAt, cpuParsed] = [performance.now(), cpu()];
  const diagnostics = validateStatic(parsed.specs, { defaultRegion: 'eu-west-1' });
  const [done, cpuDone] = [performance.now(), cpu()];
  const counts: Record<string, number> = {};
  for (const d of [...parsed.diagnostics, ...diagnostics]) counts[d.code] = (counts[d.code] ?? 0) + 1;
  return {
    specs: parsed.specs.length,
    bytes: Buffer.byteLength(text),
    parseMs: parsedAt - started,
    validateMs: done - parsedAt,
    totalMs: done - started,
    parseCpuMs: cpuParsed - cpuStarted,
    validateCpuMs: cpuDone - cpuParsed,
    cpuMs: cpuDone - cpuStarted,
    diagnostics: counts,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    heapMb: (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20,
  };
}

function inChild(kind: string): Figures {
  const run = spawnSync(process.execPath, [process.argv[1]!, '--case', kind], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    timeout: 600_000,
  });
  if (run.status !== 0) throw new Error(`case ${kind}: exit ${run.status ?? run.signal}\n${run.stderr}`);
  return JSON.parse(run.stdout) as Figures;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function main(): void {
  const at = process.argv.indexOf('--case');
  if (at >= 0) {
    process.stdout.write(JSON.stringify(runCase(process.argv[at + 1]!)));
    return;
  }
  console.log(`node ${process.version}; each case in its own process, three runs, the median (by CPU time) shown`);
  console.log('CPU = user + system time of the case (the goal; wall time depends on what else the machine runs)\n');
  console.log(
    'case                           specs     MB   parse CPU  validate CPU  total CPU  total wall  peak RSS MB  findings',
  );
  const results = new Map<string, Figures>();
  for (const [label, kind] of [
    ['1,000 specs', '1000'],
    ['10,000 specs', '10000'],
    ['pathological (255-char globs)', 'pathological'],
    ['42,000 specs in one file', '42000'],
  ] as const) {
    const runs = [inChild(kind), inChild(kind), inChild(kind)];
    const f = runs.find(r => r.cpuMs === median(runs.map(x => x.cpuMs)))!;
    results.set(kind, f);
    const findings =
      Object.entries(f.diagnostics)
        .map(([code, n]) => `${code} ${n}`)
        .join(', ') || 'none';
    const ms = (n: number, width: number) => `${n.toFixed(0)} ms`.padStart(width);
    console.log(
      `${label.padEnd(30)} ${String(f.specs).padStart(6)} ${(f.bytes / 2 ** 20).toFixed(1).padStart(6)} ${ms(f.parseCpuMs, 11)} ${ms(f.validateCpuMs, 13)} ${ms(f.cpuMs, 10)} ${ms(f.totalMs, 11)} ${f.maxRssMb.toFixed(0).padStart(12)}  ${findings}`,
    );
  }
  const [small, large] = [results.get('1000')!, results.get('10000')!];
  const ratio = large.cpuMs / small.cpuMs;
  console.log(
    `\ntime(10,000) / time(1,000): ${ratio.toFixed(2)} CPU, ${(large.totalMs / small.totalMs).toFixed(2)} wall (goal ≤ ${GOAL_RATIO}); validation alone ${(large.validateCpuMs / small.validateCpuMs).toFixed(2)}`,
  );
  console.log(
    `10,000 specs: ${large.cpuMs.toFixed(0)} ms CPU, ${large.totalMs.toFixed(0)} ms wall (goal < ${GOAL_10K_MS} ms)`,
  );
  if (ratio > GOAL_RATIO || large.cpuMs >= GOAL_10K_MS) {
    console.error('goal missed');
    process.exitCode = 1;
  }
}

main();
