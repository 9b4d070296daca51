import {
  DynamicTable,
  Heading,
  LineChart,
  Lozenge,
  SectionMessage,
  Spinner,
  Stack,
  Text,
  useProductContext,
} from '@forge/react';
import type { HealthView } from '@readygate/workflows';
import { useEffect, useState } from 'react';
import { call } from './project-call';
import { Outcome } from './messages';

const BAND: Readonly<Record<string, 'success' | 'moved' | 'removed' | 'default'>> = {
  healthy: 'success',
  watch: 'moved',
  warning: 'removed',
  'no-data': 'default',
};

/** The "PO health" project page: the six metrics with their bands, per sprint as trends, and the failure patterns. */
export function Health() {
  const context = useProductContext();
  const project = (context?.extension as { project?: { key?: string } } | undefined)?.project?.key;
  const [view, setView] = useState<HealthView | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    if (project === undefined) return;
    void call('loadHealth', { project }).then((r) => {
      if (r.ok) setView(r.value);
      else setError(r.error.message);
    });
  }, [project]);
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
      <Heading size="xsmall">Failure patterns</Heading>
      {view.patterns.length === 0 ? (
        <Text testId="no-patterns">No recurring problem in the recorded sprints.</Text>
      ) : (
        <Stack space="space.050" testId="patterns">
          {view.patterns.map((p) => (
            <Text key={p.id}>{p.message}</Text>
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
