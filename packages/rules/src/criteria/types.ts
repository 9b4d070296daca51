/** How a criterion was written: a Gherkin scenario, a task-list item, a list item or a plain paragraph/line. */
export type CriterionKind = 'scenario' | 'task' | 'item' | 'paragraph';

/** One Gherkin step of a scenario. */
export interface GherkinStep {
  keyword: 'Given' | 'When' | 'Then' | 'And' | 'But';
  /** The step without its keyword, whitespace collapsed. */
  text: string;
}

/** One acceptance criterion as the gates, records and reports see it. */
export interface Criterion {
  /**
   * Stable id: `ac-` + 8 hex digits of a hash of the normalised text (steps included), so the same
   * criterion has the same id in ADF and markdown. A repeated criterion gets `-2`, `-3`, … in order.
   */
  id: string;
  /** Display text: whitespace collapsed, list markers and checkboxes removed, Gherkin keywords in canonical case. */
  text: string;
  kind: CriterionKind;
  /** The steps of a scenario (its title is in `text`, e.g. `Scenario: Add a dependent`); `[]` for other kinds. */
  steps: GherkinStep[];
  /** Task-list items only: whether the box is ticked. */
  checked?: boolean;
}

/**
 * Text a reader may take for acceptance criteria that the gate reads differently: criteria-like items outside
 * the AC section (`outside-section`: Gherkin steps, "should"/"must" list items), which the gate does not
 * read, and content nested deeper than ReadyGate walks (`too-deep`), which it reads as flat text. The lint
 * flags both for the BA.
 */
export interface UnreadContent {
  readonly reason: 'outside-section' | 'too-deep';
  /** How many places. */
  readonly count: number;
  /** The first one's text, for the message. */
  readonly example: string;
}

/** The acceptance criteria of one story and where they were found. */
export interface CriteriaSet {
  /** `field`: the dedicated AC field; `description`: an AC section of the description; `none`: neither has any. */
  source: 'field' | 'description' | 'none';
  /** Treat as read-only: the same set is shared by every caller for the same story (see `extractCriteria`). */
  criteria: Criterion[];
  /** See `fingerprintCriteria`; `null` when there are no criteria with text. */
  fingerprint: string | null;
  /** Present when the source holds text a reader may take for criteria that the gate reads otherwise. */
  unread?: readonly UnreadContent[];
}

/** Parser options. */
export interface CriteriaParseOptions {
  /**
   * `true`: only the section under an "Acceptance criteria" heading or lead-in line counts (a description);
   * `false`: the whole document is criteria (a dedicated AC field).
   */
  section: boolean;
}
