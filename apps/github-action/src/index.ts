// Import order matters: primed.js sends the first requests, then main.js and all it imports (zod, every schema)
// load while they travel. Static imports rather than `await import('./main.js')`, so esbuild bundles the modules
// flat instead of in lazy-init wrappers, whose bodies V8 parses twice (pre-parse, then compile on first call).
import { primed } from './primed.js';
import { run } from './main.js';

// run() never rejects: every failure is reported and sets process.exitCode.
void run(undefined, primed);
