#!/usr/bin/env node
// `npm start`: loads .env when present (secrets stay in the environment), then runs the bot compiled by
// `npm install` (the `prepare` script) with plain node: no TypeScript loader in the running process.
import { existsSync } from 'node:fs';

if (existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');
const entry = new URL('../dist/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('paperclub: not built yet; run `npm run build` (npm install does it)\n');
  process.exit(2);
}
await import(entry.href);
