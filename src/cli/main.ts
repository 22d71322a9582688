import { runCli } from './run-cli.ts';

// The process edge: real argv, env and streams in, an exit code out.
process.exitCode = runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
