// Writes docs/policy.md from the rule catalogue: `pnpm --filter @readygate/cli generate-docs`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formattedPolicyDoc, POLICY_DOC_PATH } from './policy-doc.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
writeFileSync(`${root}${POLICY_DOC_PATH}`, await formattedPolicyDoc(root));
process.stdout.write(`wrote ${POLICY_DOC_PATH}\n`);
