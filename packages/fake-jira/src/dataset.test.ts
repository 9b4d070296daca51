import { describe, expect, it } from 'vitest';
import { DatasetError, parseDataset } from './dataset.js';
import { tinyDataset } from './datasets/tiny.js';

describe('parseDataset', () => {
  it('accepts the tiny data set and applies defaults', () => {
    const ds = parseDataset(tinyDataset());
    expect(ds.users[0]?.permissions.editIssueProperties).toBe(true);
    expect(ds.issues.find((i) => i.key === 'TST-3')?.labels).toEqual([]);
  });

  const broken: [string, (d: ReturnType<typeof tinyDataset>) => void, string][] = [
    [
      'a schema error, naming the path',
      (d) => {
        (d.issues[0] as { key: string }).key = 'tst 1';
      },
      'invalid at "issues.0.key"',
    ],
    [
      'an unknown sprint',
      (d) => {
        d.issues[0]!.sprints = [99];
      },
      'TST-1 refers to unknown sprint 99',
    ],
    [
      'an unknown link target',
      (d) => {
        d.issues[1]!.links = [{ id: '1', type: 'Blocks', direction: 'outward', key: 'TST-77' }];
      },
      'TST-2 refers to a link to unknown issue TST-77',
    ],
    [
      'a key outside its project',
      (d) => {
        d.issues[0]!.projectKey = 'OTHER';
      },
      'TST-1 refers to project OTHER',
    ],
    [
      'duplicate keys',
      (d) => {
        d.issues[1]!.key = 'TST-1';
      },
      'two issues with key TST-1',
    ],
  ];
  it.each(broken)('refuses %s', (_name, breakIt, message) => {
    const d = tinyDataset();
    breakIt(d);
    expect(() => parseDataset(d)).toThrow(DatasetError);
    expect(() => parseDataset(d)).toThrow(message);
  });
});
