#!/usr/bin/env node
import { processIo } from './io.js';
import { runCli } from './program.js';

// `readygate … | head` closes stdout early: that is the reader's choice, not an error to report.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`readygate: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
