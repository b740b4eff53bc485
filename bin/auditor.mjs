#!/usr/bin/env node
// The `auditor` command. The CLI is TypeScript run through tsx's loader, so the repository needs no
// build step before a newcomer's first command.
import { register } from 'tsx/esm/api';

// A reader that stops early (`auditor query ... | head`) is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

register();
const { main } = await import('../functions/cli/main.ts');
process.exitCode = await main(process.argv);
