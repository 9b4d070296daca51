// Writes the policy's JSON Schema to schema/policy.schema.json so users can point their editor at it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { policyJsonSchema } from '@readygate/rules';

const dir = new URL('../schema/', import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(new URL('policy.schema.json', dir), `${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
