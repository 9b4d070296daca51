import Resolver from '@forge/resolver';
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
} from '@readygate/workflows';
import { workflows } from '../adapters/workflows';
import { callerOf } from './caller';
import type { ResolverContext } from './caller';
import { answer } from './respond';

interface Request {
  readonly payload: unknown;
  readonly context: ResolverContext;
}

const resolver = new Resolver();

// Each definition: payload parsed with the use case's schema, caller from context.accountId, one use case.
resolver.define('loadPanel', ({ payload, context }: Request) =>
  answer(IssueInputSchema, payload, (input) => workflows().loadPanel(callerOf(context), input)),
);
resolver.define('loadBadge', ({ payload, context }: Request) =>
  answer(IssueInputSchema, payload, (input) => workflows().loadBadge(callerOf(context), input)),
);
resolver.define('markAcReady', ({ payload, context }: Request) =>
  answer(MarkAcReadyInputSchema, payload, (input) => workflows().markAcReady(callerOf(context), input)),
);
resolver.define('approveAc', ({ payload, context }: Request) =>
  answer(ApproveAcInputSchema, payload, (input) => workflows().approveAc(callerOf(context), input)),
);
resolver.define('acceptStory', ({ payload, context }: Request) =>
  answer(AcceptStoryInputSchema, payload, (input) => workflows().acceptStory(callerOf(context), input)),
);
resolver.define('rejectStory', ({ payload, context }: Request) =>
  answer(RejectStoryInputSchema, payload, (input) => workflows().rejectStory(callerOf(context), input)),
);
resolver.define('reviewTestability', ({ payload, context }: Request) =>
  answer(ReviewTestabilityInputSchema, payload, (input) =>
    workflows().reviewTestability(callerOf(context), input),
  ),
);
resolver.define('addEvidence', ({ payload, context }: Request) =>
  answer(AddEvidenceInputSchema, payload, (input) => workflows().addEvidence(callerOf(context), input)),
);
resolver.define('loadSettings', ({ payload, context }: Request) =>
  answer(ProjectInputSchema, payload, (input) => workflows().loadSettings(callerOf(context), input)),
);
resolver.define('saveSettings', ({ payload, context }: Request) =>
  answer(SaveSettingsInputSchema, payload, (input) => workflows().saveSettings(callerOf(context), input)),
);
resolver.define('rotateKey', ({ payload, context }: Request) =>
  answer(ProjectInputSchema, payload, (input) => workflows().rotateKey(callerOf(context), input)),
);

/** The function module `resolver`: every UI Kit screen's `invoke` lands here. */
export const handler = resolver.getDefinitions();
