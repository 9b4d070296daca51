import { makeResolver } from '@forge/resolver';
import type { Request } from '@forge/resolver';
import {
  AcceptStoryInputSchema,
  AddEvidenceInputSchema,
  ApproveAcInputSchema,
  IssueInputSchema,
  MarkAcReadyInputSchema,
  ProjectInputSchema,
  RejectStoryInputSchema,
  ReviewTestabilityInputSchema,
  SaveSettingsInputSchema,
  CiTokensInputSchema,
  IssueCiTokenInputSchema,
  RevokeCiTokenInputSchema,
} from '@readygate/workflows';
import { ciWorkflows } from '../adapters/ci-workflows';
import { workflows } from '../adapters/workflows';
import { callerOf } from './caller';
import type { ResolverDefinitions } from './definitions';
import { answer } from './respond';

// Each definition: payload parsed with the use case's schema, caller from context.accountId, one use case.
// `Request.payload` is typed by the definitions but comes from the browser: it is parsed, never trusted.

/** The function module `resolver`: every UI Kit screen's `invoke` lands here. */
export const handler = makeResolver<ResolverDefinitions>({
  loadPanel: ({ payload, context }: Request) =>
    answer(IssueInputSchema, payload, (input) => workflows().loadPanel(callerOf(context), input)),
  loadBadge: ({ payload, context }: Request) =>
    answer(IssueInputSchema, payload, (input) => workflows().loadBadge(callerOf(context), input)),
  markAcReady: ({ payload, context }: Request) =>
    answer(MarkAcReadyInputSchema, payload, (input) => workflows().markAcReady(callerOf(context), input)),
  approveAc: ({ payload, context }: Request) =>
    answer(ApproveAcInputSchema, payload, (input) => workflows().approveAc(callerOf(context), input)),
  acceptStory: ({ payload, context }: Request) =>
    answer(AcceptStoryInputSchema, payload, (input) => workflows().acceptStory(callerOf(context), input)),
  rejectStory: ({ payload, context }: Request) =>
    answer(RejectStoryInputSchema, payload, (input) => workflows().rejectStory(callerOf(context), input)),
  reviewTestability: ({ payload, context }: Request) =>
    answer(ReviewTestabilityInputSchema, payload, (input) =>
      workflows().reviewTestability(callerOf(context), input),
    ),
  addEvidence: ({ payload, context }: Request) =>
    answer(AddEvidenceInputSchema, payload, (input) => workflows().addEvidence(callerOf(context), input)),
  loadSettings: ({ payload, context }: Request) =>
    answer(ProjectInputSchema, payload, (input) => workflows().loadSettings(callerOf(context), input)),
  saveSettings: ({ payload, context }: Request) =>
    answer(SaveSettingsInputSchema, payload, (input) => workflows().saveSettings(callerOf(context), input)),
  rotateKey: ({ payload, context }: Request) =>
    answer(ProjectInputSchema, payload, (input) => workflows().rotateKey(callerOf(context), input)),
  listCiTokens: ({ payload, context }: Request) =>
    answer(CiTokensInputSchema, payload, (input) => ciWorkflows().listCiTokens(callerOf(context), input)),
  issueCiToken: ({ payload, context }: Request) =>
    answer(IssueCiTokenInputSchema, payload, (input) => ciWorkflows().issueCiToken(callerOf(context), input)),
  revokeCiToken: ({ payload, context }: Request) =>
    answer(RevokeCiTokenInputSchema, payload, (input) =>
      ciWorkflows().revokeCiToken(callerOf(context), input),
    ),
});
