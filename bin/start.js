#!/usr/bin/env node
// `npm start`: loads .env when present (secrets stay in the environment), then runs the bot.
import { existsSync } from 'node:fs';
import { register } from 'tsx/esm/api';

if (existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');
register();
await import('../src/main.ts');
