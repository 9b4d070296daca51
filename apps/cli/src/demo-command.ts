import { demo } from './demo.js';
import type { Io } from './io.js';

/** `readygate demo [--json]`. */
export async function demoCommand(flags: { json?: boolean }, io: Io): Promise<number> {
  if (flags.json === true) {
    const facts: unknown[] = [];
    const code = await demo(
      () => undefined,
      (f) => facts.push(f),
    );
    io.out(`${JSON.stringify({ steps: facts }, null, 2)}\n`);
    return code;
  }
  return demo((line) => {
    io.out(`${line}\n`);
  });
}
