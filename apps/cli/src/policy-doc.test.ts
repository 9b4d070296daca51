import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULE_IDS } from '@readygate/rules';
import { formattedPolicyDoc, POLICY_DOC_PATH, renderPolicyDoc } from './policy-doc.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('docs/policy.md', () => {
  it('is what the rule catalogue generates (run `pnpm --filter @readygate/cli generate-docs` after changing a rule)', async () => {
    expect(readFileSync(`${root}${POLICY_DOC_PATH}`, 'utf8')).toBe(await formattedPolicyDoc(root));
  });

  it('documents every rule with its gates, owner, parameters and fix', () => {
    const doc = renderPolicyDoc();
    for (const id of RULE_IDS) expect(doc).toMatch(new RegExp(`^\\| \`${id.replace('.', '\\.')}\` \\|`, 'm'));
    expect(doc).toMatch(
      /^\| `qa\.evidence` \| .* \| done, merge \| QA \| `fullCoverage` \(boolean, default `true`\)/m,
    );
  });
});
