import * as z from 'zod';
import { RULES, RULE_IDS, type GateId, GATE_IDS, isRuleId } from './catalogue.js';
import { formatPath, fail, ok, type Problem, type Result } from './result.js';

/** `blocker` fails the gate; `warning` is reported but lets the gate pass. */
export const SeveritySchema = z.enum(['blocker', 'warning']);
/** The weight of a rule in a gate. */
export type Severity = z.infer<typeof SeveritySchema>;

// A plain string here, so parsePolicy can answer a misspelt id with "did you mean"; the published JSON Schema
// lists the catalogue's ids (see policyJsonSchema), so an editor flags a misspelling as it is typed.
const RuleIdField = z.string().describe('A rule id from the catalogue, e.g. "ac.approved".');

/** One rule switched on for a gate. */
export const RuleConfigSchema = z
  .object({
    id: RuleIdField,
    severity: SeveritySchema.default('blocker'),
    issueTypes: z
      .array(z.string().min(1))
      .optional()
      .describe('Issue type names this rule applies to; omitted means every type the gate covers.'),
    params: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("The rule's parameters, see the rule catalogue."),
  })
  .strict();
/** One rule switched on for a gate (parameters still unchecked; {@link parsePolicy} checks them). */
export type RuleConfig = z.infer<typeof RuleConfigSchema>;

/** Which issue types a gate judges, and with which rules. */
export const GateConfigSchema = z
  .object({
    issueTypes: z
      .array(z.string().min(1))
      .min(1)
      .describe('Issue types the gate judges; others are skipped.'),
    rules: z.array(RuleConfigSchema),
  })
  .strict();
/** A gate's configuration. */
export type GateConfig = z.infer<typeof GateConfigSchema>;

/** How a team role is recognised: Jira project role names and/or Atlassian account ids. */
export const RoleMappingSchema = z
  .object({
    projectRoles: z.array(z.string().min(1)).default([]),
    accountIds: z.array(z.string().min(1)).default([]),
  })
  .strict();

/** Where the Jira adapter finds the data the rules read. Field ids are opaque to the rules. */
export const FieldMapSchema = z
  .object({
    acceptanceCriteria: z
      .string()
      .min(1)
      .nullable()
      .default(null)
      .describe('Field id of a dedicated AC field; null: the description section.'),
    estimate: z
      .string()
      .min(1)
      .nullable()
      .default('customfield_10016')
      .describe('Field id of the estimate (story points).'),
    businessSeverity: z
      .string()
      .min(1)
      .nullable()
      .default('priority')
      .describe('"priority" or the field id of a business severity field.'),
    technicalSeverity: z
      .string()
      .min(1)
      .nullable()
      .default(null)
      .describe('Field id of a technical severity field.'),
    sprint: z
      .string()
      .min(1)
      .nullable()
      .default('customfield_10020')
      .describe('Field id of the Sprint field.'),
  })
  .strict();
/** Where the Jira adapter reads each datum. */
export type FieldMap = z.infer<typeof FieldMapSchema>;

/** A gate's schema whose omitted parts (the gate, its issue types, its rules) take that gate's defaults. */
const gate = (d: GateConfig) =>
  z
    .object({
      issueTypes: GateConfigSchema.shape.issueTypes.default(d.issueTypes),
      rules: GateConfigSchema.shape.rules.default(d.rules),
    })
    .strict()
    .default(d);

const STORY_TYPES = ['Story', 'Bug', 'Task'];

/** The built-in Definition of Ready and Done for a Scrum team. */
export const DEFAULT_GATES: Readonly<Record<GateId, GateConfig>> = {
  ready: {
    issueTypes: STORY_TYPES,
    rules: [
      { id: 'ac.present', severity: 'blocker', issueTypes: ['Story', 'Bug'] },
      { id: 'ac.testable', severity: 'blocker', issueTypes: ['Story', 'Bug'] },
      { id: 'ac.approved', severity: 'blocker', issueTypes: ['Story'] },
      { id: 'qa.testability-reviewed', severity: 'blocker', issueTypes: ['Story'] },
      { id: 'story.estimated', severity: 'blocker' },
      { id: 'story.value-stated', severity: 'warning', issueTypes: ['Story'] },
      { id: 'story.unblocked', severity: 'blocker' },
      { id: 'record.trusted', severity: 'blocker' },
    ],
  },
  done: {
    issueTypes: STORY_TYPES,
    rules: [
      { id: 'ac.approved', severity: 'blocker', issueTypes: ['Story'] },
      { id: 'qa.evidence', severity: 'blocker', issueTypes: ['Story'] },
      { id: 'defects.resolved', severity: 'blocker', issueTypes: ['Story'] },
      { id: 'story.accepted', severity: 'blocker', issueTypes: ['Story'] },
      { id: 'record.trusted', severity: 'blocker' },
    ],
  },
  merge: {
    // Stories only: a type with weaker merge rules would be a way around the gate for whoever may change an
    // issue's type. A team that gates bug fixes too adds Bug here, with the rules it wants.
    issueTypes: ['Story'],
    rules: [
      { id: 'ac.approved', severity: 'blocker', issueTypes: ['Story'] },
      { id: 'qa.evidence', severity: 'blocker', issueTypes: ['Story'] },
      { id: 'record.trusted', severity: 'blocker' },
    ],
  },
  sprint: {
    issueTypes: STORY_TYPES,
    rules: [
      { id: 'sprint.goal-set', severity: 'blocker' },
      { id: 'sprint.stories-ready', severity: 'blocker' },
      { id: 'sprint.capacity', severity: 'warning' },
    ],
  },
  release: {
    issueTypes: STORY_TYPES,
    rules: [
      { id: 'release.stories-done', severity: 'blocker' },
      { id: 'release.defects', severity: 'blocker' },
      { id: 'release.signoffs', severity: 'blocker' },
      { id: 'release.decision', severity: 'blocker' },
    ],
  },
};

/** The versioned ReadyGate policy: gates, roles, sprint and release settings, field mapping. */
export const PolicySchema = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(1).describe('Policy format version; always 1.'),
    gates: z
      .object({
        ready: gate(DEFAULT_GATES.ready),
        done: gate(DEFAULT_GATES.done),
        merge: gate(DEFAULT_GATES.merge),
        sprint: gate(DEFAULT_GATES.sprint),
        release: gate(DEFAULT_GATES.release),
      })
      .strict()
      .prefault({}),
    roles: z
      .object({
        po: RoleMappingSchema.prefault({ projectRoles: ['Product Owner'] }),
        ba: RoleMappingSchema.prefault({ projectRoles: ['Business Analyst'] }),
        qa: RoleMappingSchema.prefault({ projectRoles: ['QA'] }),
        dev: RoleMappingSchema.prefault({ projectRoles: ['Developers'] }),
      })
      .strict()
      .prefault({}),
    sprint: z
      .object({
        goalRequired: z.boolean().default(true),
        capacityPoints: z
          .number()
          .positive()
          .nullable()
          .default(null)
          .describe('Fixed capacity in points; null: use velocity.'),
        velocitySprints: z
          .number()
          .int()
          .min(1)
          .max(10)
          .default(3)
          .describe('How many past sprints make the velocity.'),
        overcommitFactor: z
          .number()
          .min(1)
          .max(3)
          .default(1)
          .describe('Allowed commitment as a multiple of velocity (1: within the mean velocity).'),
        enforcement: z.enum(['move-to-backlog', 'report-only']).default('move-to-backlog'),
      })
      .strict()
      .prefault({}),
    release: z
      .object({
        blockingSeverities: z
          .array(z.string().min(1))
          .default(['Highest', 'High', 'Critical', 'Blocker'])
          .describe(
            "Business severities that block Done and a release; on Jira's usual scales anything above a listed one blocks too.",
          ),
        requiredSignoffs: z.array(z.enum(['ba', 'qa', 'dev'])).default(['ba', 'qa', 'dev']),
      })
      .strict()
      .prefault({}),
    fields: FieldMapSchema.prefault({}),
  })
  .strict();
/** A parsed, complete policy. */
export type Policy = z.infer<typeof PolicySchema>;

/** The built-in policy: a sensible Definition of Ready and Done for a Scrum team. */
export const DEFAULT_POLICY: Policy = PolicySchema.parse({ version: 1 });

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(
        Math.min(
          (prev[j] ?? 0) + 1,
          (row[j - 1] ?? 0) + 1,
          (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
        ),
      );
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** The closest known word within a small distance, for "did you mean" hints. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

function zodProblems(error: z.ZodError): Problem[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path);
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      message = `unknown setting ${issue.keys.map((k) => `'${k}'`).join(', ')} — remove it or check its spelling against the policy schema`;
    } else if (path === 'version') {
      message =
        'must be 1, the policy format this ReadyGate reads — put "version": 1 at the top of the policy';
    }
    return { code: `policy.${issue.code}`, path, message: `${path || 'policy'}: ${message}` };
  });
}

function unknownRule(path: string, id: string): Problem {
  const guess = closest(id, RULE_IDS);
  return {
    code: 'policy.unknown-rule',
    path: `${path}.id`,
    message: `${path}.id: unknown rule '${id}'${guess ? ` — did you mean '${guess}'?` : ` — known rules: ${RULE_IDS.join(', ')}`}`,
  };
}

/** Unknown rule ids in raw input the schema refused, so they are reported in the same pass. */
function unknownRuleIds(input: unknown): Problem[] {
  const gates = (input as { gates?: unknown } | null)?.gates;
  if (typeof gates !== 'object' || gates === null) return [];
  const problems: Problem[] = [];
  for (const gateId of GATE_IDS) {
    const rules = (Object.hasOwn(gates, gateId) ? (gates as Record<string, unknown>)[gateId] : undefined) as
      { rules?: unknown } | undefined;
    if (!Array.isArray(rules?.rules)) continue;
    rules.rules.forEach((rule: unknown, i) => {
      const id = (rule as { id?: unknown } | null)?.id;
      if (typeof id === 'string' && !isRuleId(id))
        problems.push(unknownRule(`gates.${gateId}.rules[${i}]`, id));
    });
  }
  return problems;
}

/**
 * Parses a policy from untrusted input (a file, a project property, a settings form).
 * Missing sections take the defaults; unknown settings, unknown rule ids, rules placed on a gate they do not
 * belong to and invalid rule parameters are reported with their path and how to fix them.
 */
export function parsePolicy(input: unknown): Result<Policy> {
  const parsed = PolicySchema.safeParse(input);
  // Every problem in one pass: a misspelt rule id is reported beside the schema's own problems.
  if (!parsed.success) return fail([...zodProblems(parsed.error), ...unknownRuleIds(input)]);
  const policy = parsed.data;
  const problems: Problem[] = [];
  for (const gateId of GATE_IDS) {
    policy.gates[gateId].rules.forEach((rule, i) => {
      const path = `gates.${gateId}.rules[${i}]`;
      const def = isRuleId(rule.id) ? RULES[rule.id] : undefined;
      if (def === undefined) {
        problems.push(unknownRule(path, rule.id));
        return;
      }
      if (!def.gates.includes(gateId)) {
        problems.push({
          code: 'policy.rule-not-in-gate',
          path: `${path}.id`,
          message: `${path}.id: rule '${rule.id}' does not belong to the ${gateId} gate — it belongs to ${def.gates.join(', ')}; move it there or remove it`,
        });
      }
      if (rule.params !== undefined) {
        const p = def.params.safeParse(rule.params);
        if (!p.success) {
          const known = def.params instanceof z.ZodObject ? Object.keys(def.params.shape) : [];
          for (const issue of p.error.issues) {
            const at = `${path}.params${issue.path.length ? `.${formatPath(issue.path)}` : ''}`;
            const message =
              issue.code === 'unrecognized_keys'
                ? issue.keys
                    .map((k) => {
                      const guess = closest(k, known);
                      return `unknown parameter '${k}' of ${rule.id}${guess ? ` — did you mean '${guess}'?` : known.length ? ` — it takes ${known.map((n) => `'${n}'`).join(', ')}` : ' — it takes none'}`;
                    })
                    .join('; ')
                : issue.message;
            problems.push({ code: 'policy.bad-params', path: at, message: `${at}: ${message}` });
          }
        }
      }
    });
    const seen = new Set<string>();
    policy.gates[gateId].rules.forEach((rule, i) => {
      if (seen.has(rule.id)) {
        const path = `gates.${gateId}.rules[${i}].id`;
        problems.push({
          code: 'policy.duplicate-rule',
          path,
          message: `${path}: rule '${rule.id}' is listed twice in the ${gateId} gate — keep one`,
        });
      }
      seen.add(rule.id);
    });
  }
  return problems.length ? fail(problems) : ok(policy);
}

/** The JSON Schema of the policy file, for editors (`"$schema": "…/policy.schema.json"`). */
export function policyJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(PolicySchema, {
    io: 'input',
    target: 'draft-2020-12',
    override: (ctx) => {
      if (ctx.zodSchema === RuleIdField) ctx.jsonSchema.enum = [...RULE_IDS];
    },
  });
}
