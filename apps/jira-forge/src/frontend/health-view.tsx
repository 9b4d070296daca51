import {
  Button,
  DynamicTable,
  Heading,
  Inline,
  LineChart,
  Lozenge,
  SectionMessage,
  Select,
  Spinner,
  Stack,
  Text,
  useProductContext,
} from '@forge/react';
import type { HealthView, SprintHealth } from '@readygate/workflows';
import { useEffect, useState } from 'react';
import { callProject as call } from './call';
import { extensionKey } from './extension';
import { Outcome } from './messages';

const BAND: Readonly<Record<string, 'success' | 'moved' | 'removed' | 'default'>> = {
  healthy: 'success',
  watch: 'moved',
  warning: 'removed',
  'no-data': 'default',
};

const SCORES = [1, 2, 3, 4, 5].map((n) => ({ label: `${n} / 5`, value: String(n) }));

/** A closed sprint's goal verdict and stakeholder satisfaction, recorded by the PO as in the sprint check. */
function SprintOutcomeForm({ sprint, onSaved }: { sprint: SprintHealth; onSaved: () => void }) {
  const [score, setScore] = useState<number | null>(sprint.outcome?.satisfaction ?? null);
  const [error, setError] = useState<string | undefined>();
  const id = Number(sprint.sprintId);
  const record = (goalMet: boolean) => {
    void call('recordSprintOutcome', { sprintId: id, goalMet, satisfaction: score }).then((r) => {
      if (r.ok) onSaved();
      else setError(r.error.message);
    });
  };
  const o = sprint.outcome;
  return (
    <Stack space="space.050" testId={`outcome-${sprint.sprintId}`}>
      <Text>
        {o === null
          ? `${sprint.name}: the PO has not recorded the goal verdict or stakeholder satisfaction yet.`
          : `${sprint.name}: goal ${o.goalMet ? 'met' : 'not met'}${o.satisfaction === null ? ', no stakeholder satisfaction recorded' : `, stakeholder satisfaction ${o.satisfaction}/5`}.`}
      </Text>
      <Inline space="space.100">
        <Select
          testId={`satisfaction-${sprint.sprintId}`}
          placeholder="Stakeholder satisfaction (1–5, optional)"
          options={SCORES}
          onChange={(opt: { value: string } | null) => {
            setScore(opt === null ? null : Number(opt.value));
          }}
        />
        <Button
          testId={`goal-met-${sprint.sprintId}`}
          onClick={() => {
            record(true);
          }}
        >
          Goal met
        </Button>
        <Button
          testId={`goal-not-met-${sprint.sprintId}`}
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

/** The "PO health" project page: the six metrics with their bands, per sprint as trends, and the failure patterns. */
export function Health() {
  const context = useProductContext();
  const project = extensionKey(context, 'project');
  const [view, setView] = useState<HealthView | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [loads, setLoads] = useState(0);
  useEffect(() => {
    if (project === undefined) return;
    void call('loadHealth', { project }).then((r) => {
      if (r.ok) setView(r.value);
      else setError(r.error.message);
    });
  }, [project, loads]);
  if (error !== undefined) return <Outcome error={error} />;
  if (view === undefined) return <Spinner label="Loading PO health" />;
  const trend = view.sprints.flatMap((s) =>
    s.metrics
      .filter((m) => m.value !== null)
      .map((m) => ({ sprint: s.name, metric: m.title, value: m.value })),
  );
  return (
    <Stack space="space.200">
      <Heading size="small">{`PO health of ${view.project}`}</Heading>
      <DynamicTable
        testId="metrics"
        head={{
          cells: [
            { key: 'metric', content: 'Metric' },
            { key: 'band', content: 'Band' },
            { key: 'what', content: 'What it shows' },
            { key: 'bands', content: 'Healthy / warning at' },
          ],
        }}
        rows={view.metrics.map((m) => ({
          key: m.id,
          cells: [
            { key: 'metric', content: m.title },
            { key: 'band', content: <Lozenge appearance={BAND[m.band] ?? 'default'}>{m.band}</Lozenge> },
            { key: 'what', content: m.explanation },
            {
              key: 'bands',
              content: `${m.thresholds.direction === 'higher-is-better' ? '≥' : '≤'} ${m.thresholds.healthy} / ${m.thresholds.direction === 'higher-is-better' ? '<' : '>'} ${m.thresholds.warning}`,
            },
          ],
        }))}
      />
      {trend.length === 0 ? (
        <Text testId="no-trend">
          No sprint recorded yet: the trend starts with the first sprint ReadyGate sees start.
        </Text>
      ) : (
        <Stack testId="trend">
          <LineChart
            title="Per sprint"
            data={trend}
            xAccessor="sprint"
            yAccessor="value"
            colorAccessor="metric"
          />
        </Stack>
      )}
      {view.sprints.some((s) => s.closed) ? (
        <Stack space="space.100" testId="sprint-outcomes">
          <Heading size="xsmall">Closed sprints: goal and stakeholder satisfaction</Heading>
          {view.sprints
            .filter((s) => s.closed)
            .map((s) => (
              <SprintOutcomeForm
                key={s.sprintId}
                sprint={s}
                onSaved={() => {
                  setLoads((n) => n + 1);
                }}
              />
            ))}
        </Stack>
      ) : null}
      <Heading size="xsmall">Failure patterns</Heading>
      {view.patterns.length === 0 ? (
        <Text testId="no-patterns">No recurring problem in the recorded sprints.</Text>
      ) : (
        <Stack space="space.050" testId="patterns">
          {view.patterns.map((p) => (
            <Text key={p.id}>
              {p.evidence.length > 0 ? `${p.message} Evidence: ${p.evidence.join(', ')}.` : p.message}
            </Text>
          ))}
        </Stack>
      )}
      <SectionMessage appearance="information" testId="cannot-show">
        <Stack space="space.050">
          <Text>What Jira's data cannot show:</Text>
          {view.cannotShow.map((line) => (
            <Text key={line}>{line}</Text>
          ))}
        </Stack>
      </SectionMessage>
    </Stack>
  );
}
