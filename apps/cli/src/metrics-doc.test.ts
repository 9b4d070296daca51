import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { METRIC_IDS, METRIC_THRESHOLDS } from '@readygate/rules';

const doc = readFileSync(fileURLToPath(new URL('../../../docs/metrics.md', import.meta.url)), 'utf8');

describe('docs/metrics.md', () => {
  it('states each metric with the direction and bands the rules use', () => {
    for (const id of METRIC_IDS) {
      const t = METRIC_THRESHOLDS[id];
      const unit = id === 'stakeholder-satisfaction' ? '' : '%';
      const [good, bad] = t.direction === 'higher-is-better' ? ['above', 'below'] : ['below', 'above'];
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${id}\``));
      expect(row, id).toBeDefined();
      const cells = (row ?? '').split('|').map((c) => c.trim());
      expect(cells.slice(-4, -1), id).toEqual([
        t.direction.replace(/-/g, ' '),
        `${good} ${t.healthy}${unit}`,
        `${bad} ${t.warning}${unit}`,
      ]);
    }
  });
});
