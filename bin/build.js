#!/usr/bin/env node
// `npm run build` (and `prepare`, so `npm install` / `npm ci` run it): src/ -> dist/ with tsc, from a clean dist/
// so a deleted source never lingers as a stale .js file.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const require = createRequire(import.meta.url);
const tsPackage = require.resolve('typescript/package.json');
const tsc = join(dirname(tsPackage), require(tsPackage).bin.tsc);
const res = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
process.exit(res.status ?? 1);
