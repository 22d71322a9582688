#!/usr/bin/env node
// `npm run build` (and `prepare`, so `npm install` / `npm ci` run it): src/ -> dist/ with tsc, from a clean output
// so a deleted source never lingers as a stale .js file. The new build is made beside dist/ and swapped in, so a
// process starting meanwhile (npx runs `prepare` when it first caches this package) never finds dist/ half gone.
import { spawnSync } from 'node:child_process';
import { renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const next = join(root, `.dist-next-${process.pid}`);
const old = join(root, `.dist-old-${process.pid}`);
rmSync(next, { recursive: true, force: true });
const require = createRequire(import.meta.url);
const tsPackage = require.resolve('typescript/package.json');
const tsc = join(dirname(tsPackage), require(tsPackage).bin.tsc);
const res = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', next], { cwd: root, stdio: 'inherit' });
if (res.status !== 0) {
  rmSync(next, { recursive: true, force: true });
  process.exit(res.status ?? 1);
}
try {
  renameSync(dist, old);
} catch {
  // no dist/ yet
}
renameSync(next, dist);
rmSync(old, { recursive: true, force: true });
