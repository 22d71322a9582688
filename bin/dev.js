// `npm run dev`: the bot from its TypeScript sources under `tsx watch` (restarts on every change); .env as `npm start`.
import { existsSync } from 'node:fs';

if (existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');
await import('../src/main.ts');
