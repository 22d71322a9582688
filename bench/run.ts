import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './stats.ts';

/**
 * `npm run bench`: runs every bench suite, each in a fresh process (so one suite's garbage never shows up in
 * another's memory figures), with --expose-gc, and prints one table. `npm run bench -- core` runs matching suites.
 */
const suites: Array<{ file: string; fn: string }> = [
  { file: './catalog.bench.ts', fn: 'benchCatalog' },
  { file: './core.bench.ts', fn: 'benchCore' },
  { file: './club-page.bench.ts', fn: 'benchClubPage' },
  { file: './scheduler.bench.ts', fn: 'benchScheduler' },
  { file: './discord.bench.ts', fn: 'benchDiscord' },
  { file: './slack.bench.ts', fn: 'benchSlack' },
  { file: './postgres.bench.ts', fn: 'benchPostgres' },
];

const [flag, file, fn] = process.argv.slice(2);
if (flag === '--suite' && file && fn) {
  // Child mode: run one suite and hand its rows to the parent as the last stdout line.
  const mod = (await import(file)) as Record<string, () => Promise<BenchResult[]>>;
  const rows = await mod[fn]!();
  process.stdout.write(`\n${JSON.stringify(rows)}\n`);
  process.exit(0);
}

const only = process.argv.slice(2);
// The memory figures run the compiled bot as `npm start` does: build dist/ from the current sources first.
const build = spawnSync(process.execPath, [fileURLToPath(new URL('../bin/build.js', import.meta.url))], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
const rows: BenchResult[] = [];
let failed = false;
for (const s of suites) {
  if (only.length && !only.some((o) => s.file.includes(o))) continue;
  if (!existsSync(new URL(s.file, import.meta.url))) continue;
  process.stderr.write(`running ${s.file} …\n`);
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--suite', s.file, s.fn], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !last.startsWith('[')) {
    process.stderr.write(`  ${s.file} failed (exit ${child.status})\n`);
    failed = true;
    continue;
  }
  for (const r of JSON.parse(last) as BenchResult[]) {
    rows.push(r);
    process.stderr.write(`  ${JSON.stringify(r)}\n`);
  }
}
const fmt = (n: number | undefined) => (n === undefined ? '' : String(n));
// Each figure next to its goal and its floor (same run, same unit as the figure's main number) and their ratio.
const main = (r: BenchResult) => r.p99_ms ?? r.median_ms ?? r.value;
const ratio = (r: BenchResult) => {
  const m = main(r);
  return r.floor && m !== undefined ? `${(m / r.floor).toFixed(1)}×` : '';
};
console.log('| bench | median ms | p99 ms | value | unit | goal | floor | × floor |');
console.log('|---|---:|---:|---:|---|---|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.name} | ${fmt(r.median_ms)} | ${fmt(r.p99_ms)} | ${fmt(r.value)} | ${r.unit ?? ''} | ${r.goal ?? ''} | ${fmt(r.floor)} | ${ratio(r)} |`);
}
process.exit(failed ? 1 : 0);
