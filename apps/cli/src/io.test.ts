import { afterEach, describe, expect, it } from 'vitest';
import { colourReport, processIo, type Io } from './io.js';

const io = (colour: boolean): Io => ({
  out: () => undefined,
  err: () => undefined,
  colour,
  progress: false,
  env: {},
});
const tty = process.stdout.isTTY;
const noColor = process.env['NO_COLOR'];

afterEach(() => {
  process.stdout.isTTY = tty;
  if (noColor === undefined) delete process.env['NO_COLOR'];
  else process.env['NO_COLOR'] = noColor;
});

describe('colour', () => {
  it('colours PASS and FAIL only when colour is on', () => {
    const text = 'FAIL  Merge gate failed\n  ✗  ac.approved\nPASS  ok';
    expect(colourReport(io(false), text)).toBe(text);
    const coloured = colourReport(io(true), text);
    expect(coloured).toContain('\u001b[31mFAIL\u001b[0m');
    expect(coloured).toContain('\u001b[32mPASS\u001b[0m');
  });

  it('is on for a terminal, and off when NO_COLOR is set or stdout is not a terminal', () => {
    process.stdout.isTTY = true;
    delete process.env['NO_COLOR'];
    expect(processIo().colour).toBe(true);
    process.env['NO_COLOR'] = '1';
    expect(processIo().colour).toBe(false);
    delete process.env['NO_COLOR'];
    process.stdout.isTTY = false;
    expect(processIo().colour).toBe(false);
  });
});
