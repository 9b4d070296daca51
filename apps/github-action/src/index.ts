import { run } from './main.js';

// run() never rejects: every failure is reported and sets process.exitCode.
void run();
