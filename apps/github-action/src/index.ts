import { prefetch } from './prefetch.js';

// The first requests go out while the rest of the action (zod and every schema) loads.
const primed = prefetch();
const { run } = await import('./main.js');
await run(undefined, primed);
