/**
 * Summarises V8 CPU profiles (`node --cpu-prof`, JSON `.cpuprofile`): self time per function and per
 * package (a node_modules package, Orgo's apps/libs, node internals, GC; idle left out). V8 samples
 * the main thread's wall time: a blocking native call (SQLite's commit waiting for the disk) counts. Used by
 * `npm run bench -- --profile`; on its own: `node -r @swc-node/register bench/profile-summary.ts <file|dir>…`.
 */
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  files: number;
  total_ms: number;
  /** Self time by package, share of the busy time (idle left out). */
  by_package: { package: string; ms: number; percent: number }[];
  top_functions: { function: string; ms: number; percent: number }[];
}

const SQLITE_NATIVE = 'better-sqlite3 (native: SQLite executing statements)';

/** Where a frame's code lives: `typeorm`, `orgo:libs/messaging`, `node:internal`, `(garbage collector)`, … */
function packageOf(frame: ProfileNode['callFrame']): string {
  const url = frame.url;
  // The bench's SQL counter calls better-sqlite3's native statement methods directly: the time its
  // wrapper shows is SQLite running the statement (and waiting for the disk), not the counting.
  if (url.endsWith('measure-preload.js')) return SQLITE_NATIVE;
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node (internals)';
  const own = /\/(apps|libs)\/([^/]+)\//.exec(url);
  if (own) return `orgo ${own[1]}/${own[2]}`;
  return url;
}

export function summarizeProfiles(files: string[], top = 15): ProfileSummary {
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const file of files) {
    const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const node = nodes.get(id);
      const us = profile.timeDeltas[i] ?? 0;
      if (!node || node.callFrame.functionName === '(idle)' || us < 0) return;
      const frame = node.callFrame;
      const pkg = packageOf(frame);
      const where = frame.url ? `${frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(apps|libs)\//, '$1/')}:${frame.lineNumber + 1}` : '';
      const fn = pkg === SQLITE_NATIVE ? SQLITE_NATIVE : `${frame.functionName || '(anonymous)'} ${where}`.trim();
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
      total += us;
    });
  }
  const rows = <K extends string>(map: Map<string, number>, key: K, limit: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, us]) => ({ [key]: name, ms: Math.round(us / 1000), percent: Math.round((us / total) * 1000) / 10 }) as { [P in K]: string } & { ms: number; percent: number });
  return { files: files.length, total_ms: Math.round(total / 1000), by_package: rows(byPackage, 'package', top), top_functions: rows(byFunction, 'function', top) };
}

/** The `.cpuprofile` files under each argument (a file or a folder). */
export function profileFiles(paths: string[]): string[] {
  return paths.flatMap((p) =>
    fs.statSync(p).isDirectory()
      ? fs
          .readdirSync(p)
          .filter((f) => f.endsWith('.cpuprofile'))
          .map((f) => path.join(p, f))
      : [p],
  );
}

if (require.main === module) {
  const summary = summarizeProfiles(profileFiles(process.argv.slice(2)), 25);
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}
