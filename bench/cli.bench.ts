// CLI start-up: wall and CPU time of the real `fargatekeeper` process (bin → bundle in packages/cli/dist),
// against bare `node -e 0`, for --version, validate and the demo plan. Run from the repository root
// (bench/run.mjs does so). CPU time is what the machine spends, steadier than wall time on a busy host.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const RUNS = 15;
const bin = 'packages/cli/bin/fargatekeeper.js';
const demo = ['plan', '--specs', 'examples/specs', '--sim', 'examples/sim-account.json', '--cluster', 'staging'];

/** User + system CPU of this process's waited-for children, in ms (Linux /proc; undefined elsewhere). */
function childrenCpuMs(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // After the command name: field 16 cutime and 17 cstime of stat(5) are at indexes 13 and 14 here.
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

function measure(label: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  spawnSync(process.execPath, args, { stdio: 'ignore', env }); // warm the file cache and the compile cache
  const walls: number[] = [];
  const cpuBefore = childrenCpuMs();
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: 'ignore', env });
    walls.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0 && r.status !== 2) throw new Error(`${label}: exit ${r.status}`);
  }
  const cpuAfter = childrenCpuMs();
  walls.sort((a, b) => a - b);
  const median = walls[Math.floor(walls.length / 2)]!;
  const cpu =
    cpuBefore !== undefined && cpuAfter !== undefined ? `${((cpuAfter - cpuBefore) / RUNS).toFixed(0)} ms` : 'n/a';
  console.log(
    `${label.padEnd(34)} wall median ${median.toFixed(0).padStart(4)} ms  (min ${walls[0]!.toFixed(0)})  CPU ${cpu}`,
  );
  return median;
}

console.log(`${RUNS} runs each, node ${process.version}\n`);
const base = measure('node -e 0 (baseline)', ['-e', '0']);
const version = measure('fargatekeeper --version', [bin, '--version']);
measure('  same, without compile cache', [bin, '--version'], { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' });
measure('fargatekeeper validate (examples)', [bin, 'validate', '--specs', 'examples/specs', '--cluster', 'staging']);
measure('fargatekeeper plan (npm run demo)', [bin, ...demo]);
console.log(`\nstart-up overhead over bare node: ${(version - base).toFixed(0)} ms (wall, median)`);
