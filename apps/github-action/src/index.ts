import { prefetch } from './prefetch.js';

// The first requests go out while the rest of the action (zod and every schema) loads.
const primed = prefetch();
// A promise chain, not top-level await: the bundle is CommonJS (see scripts/build.mjs). run() never rejects.
void import('./main.js').then(({ run }) => run(undefined, primed));
