import type {
  AcceptStoryInput,
  ActionResult,
  AddEvidenceInput,
  ApproveAcInput,
  BadgeView,
  CiTokensView,
  IssueInput,
  MarkAcReadyInput,
  PanelView,
  ProjectInput,
  PublicKeyView,
  RejectStoryInput,
  ReviewTestabilityInput,
  SettingsView,
  WorkflowResult,
} from '@readygate/workflows';
import type { Policy } from '@readygate/rules';

/**
 * The resolver's functions as the screens call them (`makeInvoke<ResolverDefinitions>()`) and the backend
 * defines them (`makeResolver<ResolverDefinitions>`). The argument types say what a screen sends; the backend
 * still parses every payload with the use case's schema, since the browser can send anything.
 */
export type ResolverDefinitions = {
  loadPanel: (payload: IssueInput) => WorkflowResult<PanelView>;
  loadBadge: (payload: IssueInput) => WorkflowResult<BadgeView>;
  markAcReady: (payload: MarkAcReadyInput) => WorkflowResult<ActionResult>;
  approveAc: (payload: ApproveAcInput) => WorkflowResult<ActionResult>;
  acceptStory: (payload: AcceptStoryInput) => WorkflowResult<ActionResult>;
  rejectStory: (payload: RejectStoryInput) => WorkflowResult<ActionResult>;
  reviewTestability: (payload: ReviewTestabilityInput) => WorkflowResult<ActionResult>;
  addEvidence: (
    payload: Omit<AddEvidenceInput, 'evidenceKind'> & { evidenceKind: string },
  ) => WorkflowResult<ActionResult>;
  loadSettings: (payload: ProjectInput) => WorkflowResult<SettingsView>;
  saveSettings: (payload: {
    project: string;
    policy: unknown;
    notifications?: { staleApprovalComment: boolean };
  }) => WorkflowResult<{ policy: Policy; notice: string }>;
  rotateKey: (payload: ProjectInput) => WorkflowResult<{ publicKeys: PublicKeyView[] }>;
  listCiTokens: (payload: { project: string }) => WorkflowResult<CiTokensView>;
  issueCiToken: (payload: {
    project: string;
    name: string;
  }) => WorkflowResult<CiTokensView & { token: string; notice: string }>;
  revokeCiToken: (payload: {
    project: string;
    id: string;
  }) => WorkflowResult<CiTokensView & { notice: string }>;
};
