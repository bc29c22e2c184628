// npm run bench: runs every bench/*.bench.ts, prints a table and writes the
// machine-readable report to bench/report.json (or the path in BENCH_REPORT).
// npm run bench -- <word>: only the files whose name contains it (start, console, …);
// the report keeps the other benches' last results.
import { existsSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './measure.ts';

const dir = import.meta.dirname;
const only = process.argv[2];
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only))).sort();
const results: BenchResult[] = [];
for (const file of files) {
  const mod = (await import(join(dir, file))) as { run: () => Promise<BenchResult[]> };
  process.stderr.write(`bench: ${file}…\n`);
  results.push(...(await mod.run()));
}
const report = {
  generatedAt: new Date().toISOString(),
  machine: { node: process.version, platform: process.platform, arch: process.arch, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length },
  results,
};
const out = process.env.BENCH_REPORT ?? join(dir, 'report.json');
if (only && existsSync(out)) {
  const previous = (JSON.parse(readFileSync(out, 'utf8')) as { results?: BenchResult[] }).results ?? [];
  const fresh = new Set(results.map((r) => r.name));
  report.results = [...previous.filter((r) => !fresh.has(r.name)), ...results];
}
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
for (const r of results) process.stdout.write(`${r.name.padEnd(44)} ${r.value.toFixed(r.unit === 'ratio' ? 3 : 1).padStart(10)} ${r.unit}\n`);
process.stdout.write(`report: ${out}\n`);
