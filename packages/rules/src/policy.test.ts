import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GATE_IDS, RULE_IDS } from './catalogue.js';
import { DEFAULT_POLICY, parsePolicy, policyJsonSchema } from './policy.js';

describe('parsePolicy', () => {
  it('fills every missing section with the defaults', () => {
    const r = parsePolicy({ version: 1 });
    expect(r).toEqual({ ok: true, value: DEFAULT_POLICY });
    expect(DEFAULT_POLICY.gates.merge.rules.map((x) => x.id)).toEqual([
      'ac.approved',
      'qa.evidence',
      'record.trusted',
    ]);
    expect(DEFAULT_POLICY.release.blockingSeverities).toContain('Highest');
  });

  it('keeps what the team wrote', () => {
    const r = parsePolicy({
      version: 1,
      gates: { merge: { issueTypes: ['Story'], rules: [{ id: 'ac.approved' }] } },
      sprint: { enforcement: 'report-only' },
    });
    expect(r.ok && r.value.gates.merge).toEqual({
      issueTypes: ['Story'],
      rules: [{ id: 'ac.approved', severity: 'blocker' }],
    });
    expect(r.ok && r.value.sprint.enforcement).toBe('report-only');
    expect(r.ok && r.value.gates.ready).toEqual(DEFAULT_POLICY.gates.ready);
  });

  it.each([
    [
      'a misspelt rule id',
      {
        version: 1,
        gates: {
          ready: {
            issueTypes: ['Story'],
            rules: [{ id: 'ac.present' }, { id: 'ac.testable' }, { id: 'ac.presnt' }],
          },
        },
      },
      "gates.ready.rules[2].id: unknown rule 'ac.presnt' — did you mean 'ac.present'?",
    ],
    [
      'a rule on a gate it does not belong to',
      { version: 1, gates: { merge: { issueTypes: ['Story'], rules: [{ id: 'sprint.goal-set' }] } } },
      "gates.merge.rules[0].id: rule 'sprint.goal-set' does not belong to the merge gate — it belongs to sprint; move it there or remove it",
    ],
    [
      'a bad rule parameter',
      {
        version: 1,
        gates: { ready: { issueTypes: ['Story'], rules: [{ id: 'story.estimated', params: { max: -1 } }] } },
      },
      'gates.ready.rules[0].params.max: Too small: expected number to be >0',
    ],
    [
      'an unknown rule parameter',
      {
        version: 1,
        gates: {
          ready: { issueTypes: ['Story'], rules: [{ id: 'story.estimated', params: { maximum: 8 } }] },
        },
      },
      "gates.ready.rules[0].params: unknown parameter 'maximum' of story.estimated — it takes 'max'",
    ],
    [
      'a rule listed twice',
      {
        version: 1,
        gates: { merge: { issueTypes: ['Story'], rules: [{ id: 'ac.approved' }, { id: 'ac.approved' }] } },
      },
      "gates.merge.rules[1].id: rule 'ac.approved' is listed twice in the merge gate — keep one",
    ],
    [
      'a wrong version',
      { version: 2 },
      'version: must be 1, the policy format this ReadyGate reads — put "version": 1 at the top of the policy',
    ],
    [
      'no version',
      {},
      'version: must be 1, the policy format this ReadyGate reads — put "version": 1 at the top of the policy',
    ],
    [
      'an unknown section',
      { version: 1, gate: {} },
      "policy: unknown setting 'gate' — remove it or check its spelling against the policy schema",
    ],
    [
      'a bad severity',
      {
        version: 1,
        gates: { merge: { issueTypes: ['Story'], rules: [{ id: 'ac.approved', severity: 'fatal' }] } },
      },
      'gates.merge.rules[0].severity: Invalid option: expected one of "blocker"|"warning"',
    ],
    ['not an object', 'ac.approved', 'policy: Invalid input: expected object, received string'],
  ])('explains %s with its path', (_name, input, message) => {
    const r = parsePolicy(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.message)).toContain(message);
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])(
    'answers the prototype key %s as a rule id with "unknown rule", not a TypeError',
    (id) => {
      const r = parsePolicy({ version: 1, gates: { ready: { issueTypes: ['Story'], rules: [{ id }] } } });
      expect(r.ok).toBe(false);
      if (!r.ok)
        expect(r.issues).toEqual([
          expect.objectContaining({
            code: 'policy.unknown-rule',
            path: 'gates.ready.rules[0].id',
            message: expect.stringMatching(
              new RegExp(
                `^gates\\.ready\\.rules\\[0\\]\\.id: unknown rule '${id}' — (did you mean|known rules)`,
              ),
            ) as unknown,
          }),
        ]);
    },
  );

  it('takes a gate’s default issue types or rules when the gate leaves them out', () => {
    const r = parsePolicy({
      version: 1,
      gates: { ready: { rules: [{ id: 'ac.present' }] }, merge: { issueTypes: ['Story', 'Bug'] } },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.gates.ready.issueTypes).toEqual(DEFAULT_POLICY.gates.ready.issueTypes);
    expect(r.value.gates.ready.rules.map((x) => x.id)).toEqual(['ac.present']);
    expect(r.value.gates.merge.issueTypes).toEqual(['Story', 'Bug']);
    expect(r.value.gates.merge.rules).toEqual(DEFAULT_POLICY.gates.merge.rules);
  });

  it('lists every problem in one pass: a misspelt rule id beside a bad severity', () => {
    const r = parsePolicy({
      version: 1,
      gates: { merge: { rules: [{ id: 'ac.aproved', severity: 'fatal' }] } },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path).sort()).toEqual([
      'gates.merge.rules[0].id',
      'gates.merge.rules[0].severity',
    ]);
    expect(r.issues.find((i) => i.code === 'policy.unknown-rule')?.message).toMatch(
      /did you mean 'ac\.approved'\?/,
    );
  });

  it('never throws and always returns a typed result, whatever it is given', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), fc.record({ version: fc.constant(1), gates: fc.jsonValue() })),
        (input) => {
          const r = parsePolicy(input);
          if (r.ok) expect(r.value.version).toBe(1);
          else for (const issue of r.issues) expect(issue.message.length).toBeGreaterThan(0);
        },
      ),
    );
  });

  it('accepts any combination of catalogue rules on the gates they belong to', () => {
    fc.assert(
      fc.property(
        fc.subarray(RULE_IDS.filter((id) => id.startsWith('ac.') || id.startsWith('qa.'))),
        (ids) => {
          const r = parsePolicy({
            version: 1,
            gates: { done: { issueTypes: ['Story'], rules: ids.map((id) => ({ id })) } },
          });
          expect(r.ok).toBe(true);
        },
      ),
    );
  });
});

describe('policyJsonSchema', () => {
  it('describes the policy for editors, with rule severities and the enforcement choice', () => {
    const schema = JSON.stringify(policyJsonSchema());
    expect(schema).toContain('"blocker"');
    expect(schema).toContain('"move-to-backlog"');
    expect(policyJsonSchema()['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
  });
});

describe('schema/policy.schema.json', () => {
  it('is the schema of the current policy (run `pnpm build` in packages/rules to refresh it)', async () => {
    const { readFile } = await import('node:fs/promises');
    const committed: unknown = JSON.parse(
      await readFile(new URL('../schema/policy.schema.json', import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(policyJsonSchema());
  });

  it('lists the catalogue’s rule ids for every gate, so an editor flags a misspelt id', () => {
    const gates = (
      policyJsonSchema() as {
        properties: {
          gates: {
            properties: Record<
              string,
              { properties: { rules: { items: { properties: { id: { enum?: string[] } } } } } }
            >;
          };
        };
      }
    ).properties.gates.properties;
    expect(Object.keys(gates).sort()).toEqual([...GATE_IDS].sort());
    for (const gate of Object.values(gates))
      expect(gate.properties.rules.items.properties.id.enum).toEqual([...RULE_IDS]);
  });
});
