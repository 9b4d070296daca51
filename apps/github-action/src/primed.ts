import { prefetch } from './prefetch.js';

/** The first requests, sent as this module is evaluated: index.ts imports it before main.js (and zod) loads. */
export const primed = prefetch();
