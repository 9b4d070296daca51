import { describe, expect, it } from 'vitest';
import { evaluate } from '../gates/evaluate.js';
import { DEFAULT_POLICY } from '../policy.js';
import { DEFAULT_AC, description, readyStory } from '../test-support/stories.js';
import { escapeMarkdown, renderMarkdown, renderText } from './render.js';

const ready = readyStory('ENR-1', { summary: 'Add a dependent' });
const stale = {
  ...readyStory('ENR-2', { summary: 'Elect COBRA | continuation <b>now</b>' }),
  description: {
    format: 'markdown' as const,
    text: description([...DEFAULT_AC, 'One more criterion the PO has not seen']),
  },
};
const verdict = evaluate('merge', { stories: [ready, stale] }, DEFAULT_POLICY);

describe('renderMarkdown', () => {
  const md = renderMarkdown(verdict, { issueUrl: (k) => `https://acme.atlassian.net/browse/${k}` });

  it('starts with a one-line verdict', () => {
    expect(md.split('\n')[0]).toBe(
      '### ❌ ReadyGate: Merge gate failed for ENR-1, ENR-2: 1 of 2 stories failing.',
    );
  });

  it('shows who approved a passing story and links its evidence', () => {
    expect(md).toContain(
      '✅ **[ENR-1](https://acme.atlassian.net/browse/ENR-1)** Add a dependent — AC approved by Priya Okafor on 2026-11-20 · [QA evidence](https://ci.example.com/runs/ENR-1)',
    );
  });

  it('tabulates each failing rule with its owner and fix, escaping text from Jira', () => {
    expect(md).toContain(
      '❌ **[ENR-2](https://acme.atlassian.net/browse/ENR-2)** Elect COBRA \\| continuation &lt;b&gt;now&lt;/b&gt;',
    );
    expect(md).toContain(
      '| `ac.approved` | ❌ AC changed after PO approval on 2026-11-20 — re-approval needed. | PO | Review the changed criteria and approve them again in the ReadyGate panel. |',
    );
    expect(md).toContain(
      '| `qa.evidence` | ❌ AC changed after QA recorded evidence — QA must re-test against the current criteria. | QA |',
    );
    expect(md).toContain('&lt;b&gt;now&lt;/b&gt;');
    expect(md).not.toContain('<b>');
  });

  it('summarises stories beyond fifty so a comment stays short', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ ...readyStory(`ENR-${i + 1}`), records: [] }));
    const out = renderMarkdown(evaluate('merge', { stories: many }, DEFAULT_POLICY));
    expect(out).toContain('…and 10 more (10 failing): ENR-51, ENR-52');
    expect(out.length).toBeLessThan(65_536);
  });

  it('does not link evidence whose URL is not http(s)', () => {
    const js = {
      ...ready,
      records: ready.records.map((r) =>
        r.kind === 'qa.evidence' ? { ...r, url: 'javascript:alert(1)' } : r,
      ),
    };
    const out = renderMarkdown(evaluate('merge', { stories: [js] }, DEFAULT_POLICY));
    // The story's line is there, with who approved, but with no evidence link at all.
    expect(out).toContain('✅ **ENR-1** Add a dependent — AC approved by Priya Okafor on 2026-11-20\n');
    expect(out).not.toContain('javascript:');
    expect(out).not.toContain('[QA evidence]');
  });
});

describe('renderText', () => {
  it('gives a PASS/FAIL line, then each story with its failing rules, owner and fix', () => {
    const text = renderText(verdict);
    expect(text.split('\n')[0]).toBe('FAIL  Merge gate failed for ENR-1, ENR-2: 1 of 2 stories failing.');
    expect(text).toContain('ENR-1  Add a dependent  [pass] (AC approved by Priya Okafor on 2026-11-20)');
    expect(text).toContain(
      '  ✗  ac.approved: AC changed after PO approval on 2026-11-20 — re-approval needed. → PO: Review the changed criteria',
    );
  });
});

describe('escapeMarkdown', () => {
  it.each([
    ['a | b', 'a \\| b'],
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['line\nbreak', 'line break'],
    ['**bold** [link](x)', '\\*\\*bold\\*\\* \\[link\\](x)'],
  ])('%j → %j', (input, output) => {
    expect(escapeMarkdown(input)).toBe(output);
  });
});
