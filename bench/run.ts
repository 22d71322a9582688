import { existsSync } from 'node:fs';
import type { BenchResult } from './stats.ts';

/** `npm run bench`: runs every bench that exists and prints one table. `npm run bench -- core` runs only matching ones. */
const suites: Array<{ file: string; fn: string }> = [
  { file: './catalog.bench.ts', fn: 'benchCatalog' },
  { file: './core.bench.ts', fn: 'benchCore' },
  { file: './scheduler.bench.ts', fn: 'benchScheduler' },
  { file: './discord.bench.ts', fn: 'benchDiscord' },
  { file: './slack.bench.ts', fn: 'benchSlack' },
];

const only = process.argv.slice(2);
const rows: BenchResult[] = [];
for (const s of suites) {
  if (only.length && !only.some((o) => s.file.includes(o))) continue;
  if (!existsSync(new URL(s.file, import.meta.url))) continue;
  const mod = (await import(s.file)) as Record<string, () => Promise<BenchResult[]>>;
  const fn = mod[s.fn];
  if (!fn) continue;
  process.stderr.write(`running ${s.file} …\n`);
  const res = await fn();
  for (const r of res) {
    rows.push(r);
    process.stderr.write(`  ${JSON.stringify(r)}\n`);
  }
}
const fmt = (n: number | undefined) => (n === undefined ? '' : String(n));
console.log('| bench | median ms | p99 ms | value | unit |');
console.log('|---|---:|---:|---:|---|');
for (const r of rows) console.log(`| ${r.name} | ${fmt(r.median_ms)} | ${fmt(r.p99_ms)} | ${fmt(r.value)} | ${r.unit ?? ''} |`);
process.exit(0);
