import {
  Button,
  DynamicTable,
  Heading,
  Inline,
  Lozenge,
  SectionMessage,
  Select,
  Spinner,
  Stack,
  Text,
  useProductContext,
} from '@forge/react';
import type { SprintCheckView } from '@readygate/workflows';
import { useEffect, useState } from 'react';
import type { SprintChoice } from '../resolvers/sprint-definitions';
import { callSprint as call } from './call';
import { Outcome } from './messages';

const OWNER: Readonly<Record<string, string>> = { po: 'PO', ba: 'BA', qa: 'QA', dev: 'Dev' };
const SCORES = [1, 2, 3, 4, 5].map((n) => ({ label: String(n), value: String(n) }));

function percent(rate: number | null): string {
  return rate === null ? 'no stories judged' : `${Math.round(rate * 100)}%`;
}

function Stories({ view }: { view: SprintCheckView }) {
  const rows = view.verdict.stories.map((s) => {
    const gaps = s.outcomes.filter((o) => o.outcome === 'fail');
    return {
      key: s.key,
      cells: [
        { key: 'key', content: `${s.key} ${s.summary}` },
        {
          key: 'ready',
          content: (
            <Lozenge appearance={!s.judged ? 'default' : s.pass ? 'success' : 'removed'}>
              {!s.judged ? 'not judged' : s.pass ? 'ready' : 'not ready'}
            </Lozenge>
          ),
        },
        {
          key: 'gaps',
          content:
            gaps.length === 0 ? '' : gaps.map((g) => `${OWNER[g.owner] ?? g.owner}: ${g.message}`).join(' '),
        },
      ],
    };
  });
  return (
    <DynamicTable
      testId="sprint-stories"
      caption={view.verdict.headline}
      head={{
        cells: [
          { key: 'key', content: 'Story' },
          { key: 'ready', content: 'Ready' },
          { key: 'gaps', content: 'Gaps and owners' },
        ],
      }}
      rows={rows}
    />
  );
}

function StartReport({ view }: { view: SprintCheckView }) {
  const r = view.report;
  if (r === null) return null;
  const did =
    r.enforcement === 'move-to-backlog'
      ? r.moved.length === 0
        ? 'moved nothing: every story was ready'
        : `moved ${r.moved.length} unready ${r.moved.length === 1 ? 'story' : 'stories'} back to the backlog (${r.moved.join(', ')}) and commented on each`
      : `only reported (policy: report-only) and commented on the ${r.stories.filter((s) => !s.ready).length} unready stories`;
  return (
    <Stack space="space.050" testId="start-report">
      <Heading size="xsmall">At the start ({r.sprint.startDate.slice(0, 10)})</Heading>
      <Text>{`${r.headline} ReadyGate ${did}. Readiness at start: ${percent(r.readyRate)}.`}</Text>
      {r.noGoal ? <Text testId="start-no-goal">The sprint started without a goal.</Text> : null}
    </Stack>
  );
}

function Scope({ view }: { view: SprintCheckView }) {
  if (view.scopeChanges.length === 0) return null;
  return (
    <Stack space="space.050" testId="scope-changes">
      <Heading size="xsmall">Scope changes after the start</Heading>
      {view.scopeChanges.map((c) => (
        <Text key={`${c.issue.id}-${c.at}-${c.change}`}>
          {`${c.at.slice(0, 16).replace('T', ' ')}: ${c.issue.key} ${c.change} by ${c.by ?? 'someone Jira did not name'}${c.action === 'moved-to-backlog' ? ' (not ready: moved back to the backlog)' : c.action === 'commented' ? ' (not ready: reported)' : ''}`}
        </Text>
      ))}
    </Stack>
  );
}

function Close({
  view,
  sprintId,
  onSaved,
}: {
  view: SprintCheckView;
  sprintId: number;
  onSaved: () => void;
}) {
  const [score, setScore] = useState<number | null>(null);
  const [error, setError] = useState<string | undefined>();
  if (view.close === null) return null;
  const c = view.close;
  const record = (goalMet: boolean) => {
    void call('recordSprintOutcome', { sprintId, goalMet, satisfaction: score }).then((r) => {
      if (r.ok) onSaved();
      else setError(r.error.message);
    });
  };
  return (
    <Stack space="space.100" testId="sprint-close">
      <Heading size="xsmall">Closed</Heading>
      <Text>{`${c.completed} of ${c.stories} stories done, ${c.completedPoints} of ${c.committedPoints} points.`}</Text>
      {view.outcome === null ? (
        <Text>The PO has not said yet whether the goal was met.</Text>
      ) : (
        <Text testId="sprint-outcome">
          {`Goal ${view.outcome.goalMet ? 'met' : 'not met'}${view.outcome.satisfaction === null ? '' : `, stakeholder satisfaction ${view.outcome.satisfaction}/5`}.`}
        </Text>
      )}
      <Select
        testId="satisfaction"
        placeholder="Stakeholder satisfaction (1–5, optional)"
        options={SCORES}
        onChange={(o: { value: string } | null) => {
          setScore(o === null ? null : Number(o.value));
        }}
      />
      <Inline space="space.100">
        <Button
          testId="goal-met"
          onClick={() => {
            record(true);
          }}
        >
          Goal met
        </Button>
        <Button
          testId="goal-not-met"
          onClick={() => {
            record(false);
          }}
        >
          Goal not met
        </Button>
      </Inline>
      <Outcome error={error} />
    </Stack>
  );
}

function Check({ sprintId }: { sprintId: number }) {
  const [view, setView] = useState<SprintCheckView | undefined>();
  const [error, setError] = useState<string | undefined>();
  const load = () => {
    void call('loadSprintCheck', { sprintId }).then((r) => {
      if (r.ok) setView(r.value);
      else setError(r.error.message);
    });
  };
  useEffect(load, [sprintId]);
  if (error !== undefined) return <Outcome error={error} />;
  if (view === undefined) return <Spinner label="Checking the sprint" />;
  const cap = view.capacity;
  return (
    <Stack space="space.200">
      <Heading size="small">{`Readiness of ${view.sprint.name}`}</Heading>
      {view.sprint.goal === null ? (
        <SectionMessage appearance="warning" testId="no-goal">
          <Text>This sprint has no goal. PO: set one before starting it.</Text>
        </SectionMessage>
      ) : (
        <Text testId="goal">{`Goal: ${view.sprint.goal}`}</Text>
      )}
      <Text testId="readiness-rate">{`Ready: ${percent(view.readyRate)} of the committed stories.`}</Text>
      <Text testId="capacity">
        {`${view.committedPoints} points committed; ${cap.points === null ? `capacity unknown (${cap.basis})` : `capacity ${cap.points} (${cap.basis})`}.`}
      </Text>
      {view.unestimated.length > 0 ? (
        <Text testId="unestimated">{`Not estimated (count as 0): ${view.unestimated.join(', ')}.`}</Text>
      ) : null}
      <Text>
        {view.enforcement === 'move-to-backlog'
          ? 'When the sprint starts, ReadyGate moves unready stories back to the backlog and comments on each.'
          : 'When the sprint starts, ReadyGate only comments on unready stories (policy: report-only).'}
      </Text>
      <Stories view={view} />
      <StartReport view={view} />
      <Scope view={view} />
      <Close view={view} sprintId={sprintId} onSaved={load} />
    </Stack>
  );
}

/** The readiness check modal of the sprint menu (a sprint in context) or the backlog menu (a board: pick one). */
export function SprintCheck() {
  const context = useProductContext();
  const ext = context?.extension as { sprint?: { id?: unknown }; board?: { id?: unknown } } | undefined;
  const fromSprint = Number(ext?.sprint?.id);
  const boardId = Number(ext?.board?.id);
  const [chosen, setChosen] = useState<number | undefined>();
  const [choices, setChoices] = useState<SprintChoice[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const hasSprint = Number.isInteger(fromSprint) && fromSprint > 0;
  useEffect(() => {
    if (context === undefined || hasSprint || !(Number.isInteger(boardId) && boardId > 0)) return;
    void call('boardSprints', { boardId }).then((r) => {
      if (r.ok) setChoices(r.value);
      else setError(r.error.message);
    });
  }, [context, hasSprint, boardId]);
  if (context === undefined) return <Spinner label="Loading" />;
  if (hasSprint) return <Check sprintId={fromSprint} />;
  if (error !== undefined) return <Outcome error={error} />;
  if (choices === undefined) return <Spinner label="Loading the board's sprints" />;
  return (
    <Stack space="space.200">
      <Select
        testId="choose-sprint"
        placeholder="Sprint to check"
        options={choices.map((s) => ({ label: `${s.name} (${s.state})`, value: String(s.id) }))}
        onChange={(o: { value: string } | null) => {
          setChosen(o === null ? undefined : Number(o.value));
        }}
      />
      {chosen === undefined ? <Text>Choose a future or active sprint.</Text> : <Check sprintId={chosen} />}
    </Stack>
  );
}
