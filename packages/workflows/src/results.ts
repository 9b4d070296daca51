import type {
  CriteriaLintCode,
  CriterionKind,
  GateRecord,
  GateRecordKind,
  Policy,
  Role,
  Severity,
} from '@readygate/rules';
import type { InputProblem, WorkflowErrorCode } from './errors.js';
import type { NotificationSettings } from './inputs.js';

/** A use case's outcome: the value, or one failure with a one-line message (and, for forms, problems by path). */
export type WorkflowResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: WorkflowFailure };

/** Why a use case refused or failed. Nothing was written when `code` is a refusal. */
export interface WorkflowFailure {
  readonly code: WorkflowErrorCode;
  /** One line: what is wrong, who fixes it and how. Never holds a secret or a stack trace. */
  readonly message: string;
  /** Problems by path (input and policy errors), for messages next to form fields. */
  readonly issues: readonly InputProblem[];
}

/** One failing (or warning) rule as the panel lists it. */
export interface GateGap {
  readonly rule: string;
  readonly title: string;
  readonly severity: Severity;
  readonly owner: Role;
  /** `PO`, `BA`, `QA`, `Dev`. */
  readonly ownerLabel: string;
  readonly message: string;
  readonly fix: string;
}

/** A gate's verdict for the story. */
export interface GateView {
  readonly gate: 'ready' | 'done';
  readonly pass: boolean;
  /** False when the policy's gate does not cover this issue type (then `pass` is true and nothing is listed). */
  readonly judged: boolean;
  readonly headline: string;
  /** Failed blockers. */
  readonly failing: readonly GateGap[];
  /** Failed warning-severity rules. */
  readonly warnings: readonly GateGap[];
}

/** A criterion as ReadyGate reads it, with its lint marks. */
export interface CriterionView {
  readonly id: string;
  readonly text: string;
  readonly kind: CriterionKind;
  readonly lints: readonly { readonly code: CriteriaLintCode; readonly message: string }[];
}

/** What changed between two AC versions. */
export interface AcChanges {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly reworded: readonly { readonly from: string; readonly to: string }[];
  /** False when the older version's text was not stored (then only "changed" can be said). */
  readonly known: boolean;
}

/** One entry of the history (oldest first). */
export interface HistoryEntry {
  readonly kind: GateRecordKind;
  /** e.g. `approved the AC`, `added evidence (passed)`, `rejected the story: <reason>`. */
  readonly label: string;
  readonly by: { readonly accountId: string; readonly displayName?: string; readonly role: Role };
  readonly at: string;
  readonly acFingerprint: string;
  /** 1 for the first AC version seen in the history, 2 for the next, … */
  readonly acVersion: number;
  /** True when given for an AC version other than the current one. */
  readonly stale: boolean;
}

/** A record given for an older AC version, and what changed since. */
export interface StaleNotice {
  readonly kind: 'ac.approval' | 'testability.review' | 'qa.evidence' | 'story.acceptance';
  /** One line, e.g. `AC changed after PO approval on 2026-11-20 (1 reworded) — re-approval needed.` */
  readonly message: string;
  readonly at: string;
  readonly changes: AcChanges;
}

/** Which actions the caller may take (each also checked again on the server). */
export interface PanelActions {
  readonly markAcReady: boolean;
  readonly approveAc: boolean;
  readonly acceptStory: boolean;
  readonly rejectStory: boolean;
  readonly reviewTestability: boolean;
  readonly addEvidence: boolean;
}

/**
 * The state of the `readygate` issue property against storage. `in-sync`: it verifies and matches storage.
 * `restored`: it was missing, edited, copied from another issue, signed by an unknown key or older than storage,
 * and the app wrote the current envelope back. `pending`: it is wrong and could not be written now (storage
 * stays the truth; the next load tries again).
 */
export interface MirrorStatus {
  readonly state: 'in-sync' | 'restored' | 'pending';
  readonly problem?: 'missing' | 'edited' | 'copied' | 'unknown-key' | 'older' | 'malformed';
  /** One line for the panel when `state` is not `in-sync`. */
  readonly message?: string;
}

/** What the issue panel shows. */
export interface PanelView {
  readonly issue: {
    readonly id: string;
    readonly key: string;
    readonly type: string;
    readonly summary: string;
    readonly projectKey: string;
  };
  readonly ready: GateView;
  readonly done: GateView;
  readonly criteria: {
    readonly source: 'field' | 'description' | 'none';
    /** Pass this back as `acFingerprint` with an action; `null` when there are no criteria. */
    readonly fingerprint: string | null;
    readonly items: readonly CriterionView[];
  };
  readonly history: readonly HistoryEntry[];
  readonly stale: readonly StaleNotice[];
  /** The caller's ReadyGate roles in this project. */
  readonly roles: readonly Role[];
  readonly actions: PanelActions;
  readonly mirror: MirrorStatus;
  /** e.g. `signed policy of project ENR` or `built-in default policy`. */
  readonly policySource: string;
}

/** The result of a panel action. */
export interface ActionResult {
  /** The record written to storage. */
  readonly record: GateRecord;
  /** One line for the user, e.g. `AC approved.`; says so when the mirror will be repaired on the next load. */
  readonly notice: string;
  /** The panel after the action (no extra Jira request). */
  readonly panel: PanelView;
}

/** The issue context badge. */
export interface BadgeView {
  readonly ready: boolean;
  /** `Ready` or `Not ready — 3 gaps`. */
  readonly label: string;
  readonly gaps: number;
}

/** What a Forge workflow validator returns. */
export interface ValidatorResult {
  readonly result: boolean;
  /** The failing rules and owners in one message, when `result` is false. */
  readonly errorMessage?: string;
}

/** A public key as the settings page and the web trigger list it. */
export interface PublicKeyView {
  readonly kid: string;
  /** `readygate-ed25519:<base64url>`: what the GitHub Action's `public-key` input takes. */
  readonly text: string;
  readonly current: boolean;
  readonly createdAt: string;
}

/** What the settings page shows. */
export interface SettingsView {
  readonly project: { readonly id: string; readonly key: string };
  readonly policy: Policy;
  /** The policy as pretty JSON, for the JSON editor. */
  readonly policyJson: string;
  readonly policySource: string;
  readonly notifications: NotificationSettings;
  /** The project's role names, for the role mapping form. */
  readonly projectRoles: readonly string[];
  /** The site's fields (id and name), for the AC / estimate field choices. */
  readonly fields: readonly { readonly id: string; readonly name: string }[];
  readonly publicKeys: readonly PublicKeyView[];
  /** A GitHub workflow step that uses the keys. */
  readonly workflowSnippet: string;
}

/** What the issue-updated trigger did. */
export interface IssueUpdatedResult {
  /** True when the story has a PO approval for an AC version other than the current one. */
  readonly approvalStale: boolean;
  /** True when this call commented to tell the PO (at most once per AC fingerprint). */
  readonly commented: boolean;
}
