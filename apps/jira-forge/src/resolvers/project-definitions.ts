import type { HealthView, ReleasesView, SprintOutcome, WorkflowResult } from '@readygate/workflows';

/** The `project-resolver` function's definitions, as the Releases and PO health pages call them. */
export type ProjectResolverDefinitions = {
  loadReleases: (payload: { project: string; versionId?: string }) => WorkflowResult<ReleasesView>;
  signOff: (payload: {
    project: string;
    versionId: string;
    role: 'ba' | 'qa' | 'dev';
    summary: string;
    assessment?: 'go' | 'concerns' | 'low-risk' | 'medium-risk' | 'high-risk';
    contentFingerprint: string;
  }) => WorkflowResult<ReleasesView>;
  decide: (payload: {
    project: string;
    versionId: string;
    decision: 'go' | 'no-go';
    rationale: string;
    contentFingerprint: string;
  }) => WorkflowResult<ReleasesView>;
  loadHealth: (payload: { project: string }) => WorkflowResult<HealthView>;
  /** The PO health page records a closed sprint's goal verdict and stakeholder satisfaction, as the sprint check does. */
  recordSprintOutcome: (payload: {
    sprintId: number;
    goalMet: boolean;
    satisfaction: number | null;
  }) => WorkflowResult<SprintOutcome>;
};
