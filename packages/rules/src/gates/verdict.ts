import type { GateId } from '../catalogue.js';
import type { Severity } from '../policy.js';
import type { Role } from '../roles.js';

/** How one rule came out: `warn` is a failed `warning`-severity rule; `skip` means it does not apply. */
export type Outcome = 'pass' | 'fail' | 'warn' | 'skip';

/** One rule's outcome for one story, sprint or release. */
export interface RuleOutcome {
  readonly rule: string;
  readonly title: string;
  readonly outcome: Outcome;
  readonly severity: Severity;
  /** Who owns the fix (for a pass: who owns the rule). */
  readonly owner: Role;
  /** What was found, in one line. */
  readonly message: string;
  /** How to fix it, in one line (empty for a pass or skip). */
  readonly fix: string;
}

/** Facts shown next to a passing story: who approved the AC and when, the evidence link. */
export interface StoryFacts {
  readonly criteria: number;
  readonly acFingerprint: string | null;
  readonly approvedBy?: string;
  readonly approvedAt?: string;
  readonly evidenceUrl?: string;
  readonly evidenceAt?: string;
}

/** A story's verdict within a gate. */
export interface StoryVerdict {
  readonly key: string;
  readonly summary: string;
  readonly type: string;
  /** False when any blocker failed; true also for a story the gate does not judge (see `judged`). */
  readonly pass: boolean;
  /** False when the gate does not cover this issue type. */
  readonly judged: boolean;
  readonly outcomes: readonly RuleOutcome[];
  readonly facts: StoryFacts;
}

/** The result of evaluating a gate. */
export interface Verdict {
  readonly gate: GateId;
  readonly pass: boolean;
  /** What was judged, e.g. `ENR-12, ENR-14` or `sprint "Enrollment 14"`. */
  readonly subject: string;
  /** One line: the verdict and the main reason. */
  readonly headline: string;
  /** Outcomes of gate-level rules (sprint and release gates). */
  readonly checks: readonly RuleOutcome[];
  readonly stories: readonly StoryVerdict[];
  readonly counts: { readonly stories: number; readonly failing: number; readonly warnings: number };
}
