import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDatasetFile } from './cli.js';
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
