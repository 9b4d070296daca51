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
  TextArea,
  useProductContext,
} from '@forge/react';
import type { ReleaseChecklist, ReleaseRecordView, ReleasesView } from '@readygate/workflows';
import { useEffect, useState } from 'react';
import { callProject as call } from './call';
import { extensionKey } from './extension';
import { Outcome } from './messages';

const ROLES = [
  { label: 'BA advice', value: 'ba' },
  { label: 'QA test results', value: 'qa' },
  { label: 'Dev technical risk', value: 'dev' },
] as const;
const ASSESSMENTS = [
  { label: 'Go', value: 'go' },
  { label: 'Concerns', value: 'concerns' },
  { label: 'Low risk', value: 'low-risk' },
  { label: 'Medium risk', value: 'medium-risk' },
  { label: 'High risk', value: 'high-risk' },
] as const;
type Role = (typeof ROLES)[number]['value'];
type Assessment = (typeof ASSESSMENTS)[number]['value'];

function who(r: ReleaseRecordView): string {
  return r.record.by.displayName ?? r.record.by.accountId;
}

function RecordLine({
  label,
  view,
  testId,
}: {
  label: string;
  view: ReleaseRecordView | null;
  testId: string;
}) {
  if (view === null) return <Text testId={testId}>{`${label}: none yet.`}</Text>;
  const r = view.record;
  const text =
    r.kind === 'release.decision'
      ? `${label}: ${r.decision === 'go' ? 'GO' : 'NO-GO'} by ${who(view)} on ${r.at.slice(0, 10)} — ${r.rationale}`
      : `${label}: ${who(view)} on ${r.at.slice(0, 10)}${r.assessment ? ` (${r.assessment})` : ''} — ${r.summary}`;
  return (
    <Inline space="space.100" alignBlock="center">
      <Text testId={testId}>{text}</Text>
      {view.stale ? (
        <Lozenge appearance="removed" testId={`${testId}-stale`}>
          stale: the version changed since
        </Lozenge>
      ) : null}
    </Inline>
  );
}

function Checklist({ c }: { c: ReleaseChecklist }) {
  return (
    <Stack space="space.100" testId="checklist">
      <Inline space="space.100" alignBlock="center">
        <Heading size="small">{c.version.name}</Heading>
        <Lozenge appearance={c.verdict.pass ? 'success' : 'removed'} testId="release-verdict">
          {c.verdict.pass ? 'release gate passes' : 'release gate fails'}
        </Lozenge>
      </Inline>
      <Text testId="release-headline">{c.verdict.headline}</Text>
      <Text testId="release-done">{`Done: ${c.done.pass} of ${c.done.total} issues meet the Definition of Done.`}</Text>
      <Text testId="release-evidence">{`QA evidence: ${c.evidence.covered} of ${c.evidence.total} issues covered.`}</Text>
      <Text testId="release-accepted">{`PO acceptance: ${c.accepted.accepted} of ${c.accepted.total} issues accepted.`}</Text>
      {c.openDefects.length === 0 ? (
        <Text testId="release-defects">No open defects.</Text>
      ) : (
        <Stack space="space.050" testId="release-defects">
          {c.openDefects.map((d) => (
            <Text key={d.severity}>
              {`Open defects, ${d.severity}${d.blocking ? ' (blocks the release)' : ''}: ${d.keys.join(', ')}`}
            </Text>
          ))}
        </Stack>
      )}
      <DynamicTable
        testId="release-issues"
        head={{
          cells: [
            { key: 'key', content: 'Issue' },
            { key: 'done', content: 'Done' },
            { key: 'gaps', content: 'What is missing (owner)' },
          ],
        }}
        rows={c.verdict.stories.map((s) => ({
          key: s.key,
          cells: [
            { key: 'key', content: `${s.key} ${s.summary}` },
            { key: 'done', content: s.pass ? 'yes' : 'no' },
            {
              key: 'gaps',
              content: s.outcomes
                .filter((o) => o.outcome === 'fail')
                .map((o) => `${o.message} (${o.owner.toUpperCase()})`)
                .join(' '),
            },
          ],
        }))}
      />
    </Stack>
  );
}

/** The "Releases" project page: unreleased versions, the checklist, sign-offs and the PO's go / no-go. */
export function Releases() {
  const context = useProductContext();
  const project = extensionKey(context, 'project');
  const [view, setView] = useState<ReleasesView | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [role, setRole] = useState<Role>('ba');
  const [assessment, setAssessment] = useState<Assessment | undefined>();
  const [note, setNote] = useState('');
  const [rationale, setRationale] = useState('');
  const load = (versionId?: string) => {
    if (project === undefined) return;
    void call('loadReleases', versionId === undefined ? { project } : { project, versionId }).then((r) => {
      if (r.ok) setView(r.value);
      else setError(r.error.message);
    });
  };
  useEffect(() => {
    load();
  }, [project]);
  if (error !== undefined && view === undefined) return <Outcome error={error} />;
  if (view === undefined || project === undefined) return <Spinner label="Loading releases" />;
  const c = view.checklist;
  const after = (r: Awaited<ReturnType<typeof call<'signOff'>>>, done: string) => {
    if (r.ok) {
      setView(r.value);
      setError(undefined);
      setNotice(done);
    } else {
      setNotice(undefined);
      setError(r.error.message);
    }
  };
  return (
    <Stack space="space.200">
      {view.versions.length === 0 ? (
        <SectionMessage appearance="information" testId="no-versions">
          <Text>{`Project ${view.project} has no unreleased version.`}</Text>
        </SectionMessage>
      ) : (
        <Select
          testId="version"
          placeholder="Version"
          options={view.versions.map((v) => ({ label: v.name, value: v.id }))}
          onChange={(o: { value: string } | null) => {
            if (o !== null) load(o.value);
          }}
        />
      )}
      {c === null ? null : (
        <Stack space="space.200">
          <Checklist c={c} />
          <Heading size="xsmall">Sign-offs</Heading>
          <RecordLine label="BA advice" view={c.signoffs.ba} testId="signoff-ba" />
          <RecordLine label="QA test results" view={c.signoffs.qa} testId="signoff-qa" />
          <RecordLine label="Dev technical risk" view={c.signoffs.dev} testId="signoff-dev" />
          <Select
            testId="signoff-role"
            options={[...ROLES]}
            onChange={(o: { value: Role } | null) => {
              if (o !== null) setRole(o.value);
            }}
          />
          <Select
            testId="signoff-assessment"
            placeholder="Assessment (optional)"
            options={[...ASSESSMENTS]}
            onChange={(o: { value: Assessment } | null) => {
              setAssessment(o === null ? undefined : o.value);
            }}
          />
          <TextArea
            testId="signoff-note"
            placeholder="Your note"
            value={note}
            onChange={(e) => {
              setNote(String(e.target.value ?? ''));
            }}
          />
          <Button
            testId="action-signoff"
            onClick={() => {
              void call('signOff', {
                project,
                versionId: c.version.id,
                role,
                summary: note,
                ...(assessment === undefined ? {} : { assessment }),
                contentFingerprint: c.contentFingerprint,
              }).then((r) => {
                after(r, 'Sign-off recorded and signed for CI.');
              });
            }}
          >
            Sign off
          </Button>
          <Heading size="xsmall">PO decision</Heading>
          <RecordLine label="Decision" view={c.decision} testId="decision" />
          <TextArea
            testId="decision-rationale"
            placeholder="Rationale"
            value={rationale}
            onChange={(e) => {
              setRationale(String(e.target.value ?? ''));
            }}
          />
          <Inline space="space.100">
            {(['go', 'no-go'] as const).map((decision) => (
              <Button
                key={decision}
                testId={`action-${decision}`}
                onClick={() => {
                  void call('decide', {
                    project,
                    versionId: c.version.id,
                    decision,
                    rationale,
                    contentFingerprint: c.contentFingerprint,
                  }).then((r) => {
                    after(r, `Decision recorded: ${decision === 'go' ? 'GO' : 'NO-GO'}.`);
                  });
                }}
              >
                {decision === 'go' ? 'Go' : 'No-go'}
              </Button>
            ))}
          </Inline>
        </Stack>
      )}
      <Outcome notice={notice} error={error} />
    </Stack>
  );
}
