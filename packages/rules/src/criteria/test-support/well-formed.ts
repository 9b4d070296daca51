import type { Criterion } from '../types.js';

const ID = /^ac-[0-9a-f]{8}(-[2-9]|-[1-9]\d+)?$/;
const KINDS = new Set(['scenario', 'task', 'item', 'paragraph']);
const KEYWORDS = new Set(['Given', 'When', 'Then', 'And', 'But']);

function isCollapsed(text: string): boolean {
  return text === text.trim() && !/\s\s|[^\S ]/.test(text);
}

/** Problems with the shape of parsed criteria (empty when they are well-formed), for property tests. */
export function shapeProblems(criteria: readonly Criterion[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  criteria.forEach((c, i) => {
    if (!ID.test(c.id)) problems.push(`${i}: bad id ${c.id}`);
    if (ids.has(c.id)) problems.push(`${i}: repeated id ${c.id}`);
    ids.add(c.id);
    if (!isCollapsed(c.text)) problems.push(`${i}: text not collapsed ${JSON.stringify(c.text)}`);
    if (!KINDS.has(c.kind)) problems.push(`${i}: bad kind`);
    if (c.kind !== 'scenario' && c.steps.length > 0) problems.push(`${i}: steps on a ${c.kind}`);
    for (const s of c.steps) {
      if (!KEYWORDS.has(s.keyword) || s.text === '' || !isCollapsed(s.text)) problems.push(`${i}: bad step`);
    }
    if ((c.kind === 'task') !== (typeof c.checked === 'boolean'))
      problems.push(`${i}: checked on a ${c.kind}`);
  });
  return problems;
}
