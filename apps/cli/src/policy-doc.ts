import { format, resolveConfig } from 'prettier';
import * as z from 'zod';
import { DEFAULT_POLICY, GATE_IDS, ROLE_LABEL, RULES, RULE_IDS, type RuleId } from '@readygate/rules';

/** Where the generated rule reference lives, relative to the repository root. */
export const POLICY_DOC_PATH = 'docs/policy.md';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function paramsOf(id: RuleId): string {
  const schema = z.toJSONSchema(RULES[id].params, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<
      string,
      { type?: string; default?: unknown; description?: string; items?: { type?: string } }
    >;
  };
  const props = Object.entries(schema.properties ?? {});
  if (props.length === 0) return 'none';
  return props
    .map(([name, p]) => {
      const type = p.type === 'array' ? `${p.items?.type ?? 'any'}[]` : (p.type ?? 'any');
      const def = p.default === undefined ? '' : `, default \`${JSON.stringify(p.default)}\``;
      return `\`${name}\` (${type}${def})${p.description ? `: ${p.description}` : ''}`;
    })
    .join('; ');
}

function defaultSeverity(id: RuleId): string {
  const uses = GATE_IDS.flatMap((g) =>
    DEFAULT_POLICY.gates[g].rules.filter((r) => r.id === id).map((r) => `${g}: ${r.severity}`),
  );
  return uses.length ? uses.join(', ') : 'not in the default policy';
}

/**
 * The rule reference (docs/policy.md), generated from the rule catalogue of `@readygate/rules` so it cannot
 * disagree with the rules: a test compares the committed file with this text.
 */
export function renderPolicyDoc(): string {
  const lines = [
    '# Policy rules',
    '',
    '<!-- Generated from packages/rules/src/catalogue.ts by `pnpm --filter @readygate/cli generate-docs`. Do not edit by hand: a test fails when this file and the catalogue disagree. -->',
    '',
    'A policy (`readygate policy schema` prints its JSON Schema; `readygate policy check <file>` lists every problem in it)',
    'lists, per gate, the rules that apply, their severity (`blocker` fails the gate, `warning` only reports) and',
    'parameters. Rule ids are stable: policies name them and reports show them. Every failure names the role that',
    'owns the fix.',
    '',
    '| rule | meaning | gates | owner | parameters | default policy | how to fix a failure |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...RULE_IDS.map((id) => {
      const r = RULES[id];
      return `| \`${id}\` | ${cell(r.title)} | ${r.gates.join(', ')} | ${ROLE_LABEL[r.owner]} | ${cell(paramsOf(id))} | ${defaultSeverity(id)} | ${cell(r.fix)} |`;
    }),
    '',
    '## Gates',
    '',
    ...GATE_IDS.map(
      (g) =>
        `- \`${g}\`: ${RULE_IDS.filter((id) => (RULES[id].gates as readonly string[]).includes(g))
          .map((id) => `\`${id}\``)
          .join(', ')}`,
    ),
    '',
  ];
  return lines.join('\n');
}

/** {@link renderPolicyDoc} as the repository's Prettier settings lay it out (what `pnpm format` keeps). */
export async function formattedPolicyDoc(root: string): Promise<string> {
  const file = `${root}${POLICY_DOC_PATH}`;
  const options = (await resolveConfig(file)) ?? {};
  return format(renderPolicyDoc(), { ...options, filepath: file });
}
