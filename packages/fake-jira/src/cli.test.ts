import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetSummary, parseCliArgs, readDatasetFile } from './cli.js';
import { parseDataset } from './dataset.js';
import { buildEnrollmentDataset } from './datasets/enrollment.js';
import { generateKeyPair } from '@readygate/rules';
import { tinyDataset } from './datasets/tiny.js';

const dir = mkdtempSync(join(tmpdir(), 'fake-jira-cli-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('fake-jira --dataset', () => {
  it('loads a data set file', () => {
    const r = readDatasetFile(file('tiny.json', JSON.stringify(tinyDataset())));
    expect(r.ok && r.dataset.issues.map((i) => i.key)).toEqual(tinyDataset().issues.map((i) => i.key));
  });

  it('says when the file is missing', () => {
    const path = join(dir, 'absent.json');
    expect(readDatasetFile(path)).toEqual({
      ok: false,
      message: `cannot read the data set ${path} (ENOENT): check the path.`,
    });
  });

  it('says when the file is not JSON', () => {
    const path = file('broken.json', '{ "name": ');
    const r = readDatasetFile(path);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.message).toMatch(
        new RegExp(
          `^the data set ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not JSON \\(.+\\): fix the file\\.$`,
        ),
      );
  });

  it('names the offending path of an invalid data set', () => {
    const d = tinyDataset() as { issues: { projectKey: string }[] };
    d.issues[0]!.projectKey = 'NOPE';
    const path = file('bad.json', JSON.stringify(d));
    const r = readDatasetFile(path);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/NOPE.* Fix .*bad\.json\.$/);
  });
});

describe('fake-jira command line', () => {
  it('reads --port with or without the -- that pnpm passes through', () => {
    expect(parseCliArgs(['--port', '4011'])).toEqual({ port: '4011' });
    expect(parseCliArgs(['--', '--port', '4011'])).toEqual({ port: '4011' });
  });

  it('still refuses an unknown option', () => {
    expect(() => parseCliArgs(['--prot', '4011'])).toThrow(/--prot/);
  });

  it('prints the boards, sprints with their state and versions of the data set on start', () => {
    const ds = parseDataset(
      buildEnrollmentDataset({
        privateKey: generateKeyPair().privateKey,
        now: new Date('2026-11-20T12:00:00Z'),
      }),
    );
    const text = datasetSummary(ds).join('\n');
    expect(text).toMatch(/^ {2}7 {4}ENR Scrum board \(project ENR\)$/m);
    expect(text).toMatch(/^ {2}43 {3}Enrollment 15 {4}future {2}board 7$/m);
    expect(text).toMatch(/^ {2}44 {3}Fast Track 3 {5}future {2}board 8$/m);
    expect(text).toMatch(/^ {2}10011 {2}2\.0 {4}unreleased$/m);
  });
});
