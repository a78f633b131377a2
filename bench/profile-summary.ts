// `npx tsx bench/profile-summary.ts <file.cpuprofile> [within] [top]`: where a CPU profile's time
// went, by package or source file and by function, self time only; with `within` (a source path,
// e.g. eventstore/event-store.ts), only the samples taken inside a call of that file, so a bench
// run's start-up and baselines drop out. docs/performance.md is written from it:
// `node --cpu-prof --cpu-prof-dir=<dir> --import tsx bench/run.ts --quick <benchmark>`.
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A package under node_modules, one of our source files, or Node's own (node:…, GC, idle). */
export function placeOf(url: string, functionName: string): string {
  if (!url) return `(${functionName || 'native'})`;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1]!;
  if (url.startsWith('node:')) return url;
  const root = path.resolve(import.meta.dirname, '..');
  const file = url.replace(/^file:\/\//, '');
  return file.startsWith(root) ? path.relative(root, file) : file;
}

export function summarise(
  profile: CpuProfile,
  within?: string,
): { total: number; byPlace: Map<string, number>; byFunction: Map<string, number> } {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const inside = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
      if (nodes.get(at)!.callFrame.url.includes(within!)) return true;
    }
    return false;
  };
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    if (within && !inside(id)) return;
    const micros = profile.timeDeltas[i] ?? 0;
    const { functionName, url } = nodes.get(id)!.callFrame;
    const place = placeOf(url, functionName);
    total += micros;
    byPlace.set(place, (byPlace.get(place) ?? 0) + micros);
    const name = `${functionName || '(anonymous)'} ${place}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  });
  return { total, byPlace, byFunction };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const [file, within, top = '15'] = process.argv.slice(2);
  const { total, byPlace, byFunction } = summarise(JSON.parse(fs.readFileSync(file!, 'utf8')) as CpuProfile, within || undefined);
  const print = (title: string, table: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [name, micros] of [...table].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
      console.log(`${((100 * micros) / total).toFixed(1).padStart(5)} %  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`);
    }
  };
  console.log(`${(total / 1e6).toFixed(1)} s sampled${within ? ` inside ${within}` : ''}`);
  print('self time by package or file', byPlace);
  print('self time by function', byFunction);
}
