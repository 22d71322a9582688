import { runCli } from './run-cli.ts';

// A reader that stops early (`paperclub papers … | head -3`) closes the pipe: that is the reader's choice, not an
// error, so the CLI stops quietly with 0 instead of dying on an unhandled EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

// The process edge: real argv, env and streams in, an exit code out.
process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
