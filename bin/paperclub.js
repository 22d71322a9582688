#!/usr/bin/env node
// `npx paperclub …`: the CLI compiled by `npm install` (the `prepare` script), run with plain node.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('paperclub: not built yet; run `npm run build` (npm install does it)\n');
  process.exit(2);
}
await import(entry.href);
