import type { Caller } from './ports.js';
import type {
  ActionResult,
  BadgeView,
  IssueUpdatedResult,
  PanelView,
  PublicKeyView,
  SettingsView,
  ValidatorResult,
  WorkflowResult,
} from './results.js';
import type { Policy } from '@readygate/rules';

/**
 * The Jira app's use cases. Every method takes the payload as `unknown` and parses it with its schema
 * (`ApproveAcInputSchema`, …); expected refusals come back as `{ ok: false, error }` with nothing written.
 * Methods with a `caller` check the caller's role (or visibility, or admin right) on the server.
 */
export interface Workflows {
  /** BA: mark the current AC ready for review. Needs role `ba`. Input: `MarkAcReadyInputSchema`. */
  markAcReady(caller: Caller, input: unknown): Promise<WorkflowResult<ActionResult>>;
  /** PO: approve the current AC. Needs role `po`. Input: `ApproveAcInputSchema`. */
  approveAc(caller: Caller, input: unknown): Promise<WorkflowResult<ActionResult>>;
  /** PO: accept the story. Needs role `po`. Input: `AcceptStoryInputSchema`. */
  acceptStory(caller: Caller, input: unknown): Promise<WorkflowResult<ActionResult>>;
  /** PO: reject the story with a reason. Needs role `po`. Input: `RejectStoryInputSchema`. */
  rejectStory(caller: Caller, input: unknown): Promise<WorkflowResult<ActionResult>>;
  /** QA: record a testability review. Needs role `qa`. Input: `ReviewTestabilityInputSchema`. */
  reviewTestability(caller: Caller, input: unknown): Promise<WorkflowResult<ActionResult>>;
  /** QA: add evidence covering criteria of the current AC. Needs role `qa`. Input: `AddEvidenceInputSchema`. */
  addEvidence(caller: Caller, input: unknown): Promise<WorkflowResult<ActionResult>>;

  /** The issue panel, for any caller who can see the issue; repairs the mirror. Input: `IssueInputSchema`. */
  loadPanel(caller: Caller, input: unknown): Promise<WorkflowResult<PanelView>>;
  /** The issue context badge. Input: `IssueInputSchema`. */
  loadBadge(caller: Caller, input: unknown): Promise<WorkflowResult<BadgeView>>;

  /**
   * Workflow validator "Story is ready" / "Story is done": judged on storage records (never the mirror), ≤ 1 Jira
   * request. Fails closed: any error refuses the transition with one line. Input: `ValidateInputSchema`.
   */
  validateTransition(input: unknown): Promise<ValidatorResult>;

  /** Settings page. Needs project admin. Input: `ProjectInputSchema`. */
  loadSettings(caller: Caller, input: unknown): Promise<WorkflowResult<SettingsView>>;
  /**
   * Saves the policy (parsed with `parsePolicy`; errors by path in `error.issues`), stores it and mirrors it as
   * the signed project property `readygate.policy`. Needs project admin. Input: `SaveSettingsInputSchema`.
   */
  saveSettings(caller: Caller, input: unknown): Promise<WorkflowResult<{ policy: Policy; notice: string }>>;
  /** A new signing key signs from now on; older public keys stay listed. Needs project admin. */
  rotateKey(caller: Caller, input: unknown): Promise<WorkflowResult<{ publicKeys: PublicKeyView[] }>>;
  /** Every public key, current first (for the web trigger; never a secret). Makes the first key on first use. */
  publicKeys(): Promise<PublicKeyView[]>;

  /** `avi:jira:updated:issue`: an approval gone stale comments to the PO once per AC fingerprint if the policy asks. */
  onIssueUpdated(event: unknown): Promise<WorkflowResult<IssueUpdatedResult>>;
}
