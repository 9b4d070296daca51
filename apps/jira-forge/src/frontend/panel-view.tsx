import {
  Button,
  Checkbox,
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
  Textfield,
  useProductContext,
} from '@forge/react';
import type { ActionResult, GateView, PanelView, StaleNotice, WorkflowResult } from '@readygate/workflows';
import { useEffect, useState } from 'react';
import { call } from './call';
import { extensionKey } from './extension';
import { Outcome } from './messages';

const EVIDENCE_KINDS = [
  { label: 'Automated tests', value: 'automated-tests' },
  { label: 'Manual test run', value: 'manual-test-run' },
  { label: 'Exploratory session', value: 'exploratory-session' },
  { label: 'User acceptance test', value: 'uat' },
  { label: 'Other', value: 'other' },
];
const RESULTS = [
  { label: 'Passed', value: 'passed' },
  { label: 'Failed', value: 'failed' },
];

type Option = { label: string; value: string };

function Verdict({ gate }: { gate: GateView }) {
  const label = gate.gate === 'ready' ? 'Ready' : 'Done';
  return (
    <Inline space="space.100" alignBlock="center">
      <Text>{label}</Text>
      <Lozenge appearance={gate.pass ? 'success' : 'removed'} testId={`verdict-${gate.gate}`}>
        {gate.judged ? (gate.pass ? `${label}: yes` : `${label}: no`) : `${label}: not judged`}
      </Lozenge>
    </Inline>
  );
}

function Gaps({ gate }: { gate: GateView }) {
  if (gate.failing.length === 0 && gate.warnings.length === 0) return null;
  const rows = [...gate.failing, ...gate.warnings].map((g, i) => ({
    key: `${gate.gate}-${g.rule}-${i}`,
    cells: [
      { key: 'rule', content: g.message },
      { key: 'owner', content: <Lozenge appearance="moved">{g.ownerLabel}</Lozenge> },
      { key: 'fix', content: g.fix },
      { key: 'severity', content: g.severity },
    ],
  }));
  return (
    <DynamicTable
      testId={`gaps-${gate.gate}`}
      caption={gate.headline}
      head={{
        cells: [
          { key: 'rule', content: 'What is missing' },
          { key: 'owner', content: 'Owner' },
          { key: 'fix', content: 'How to fix' },
          { key: 'severity', content: 'Severity' },
        ],
      }}
      rows={rows}
    />
  );
}

function Stale({ notice }: { notice: StaleNotice }) {
  const c = notice.changes;
  const lines = [
    ...c.added.map((t) => `Added: ${t}`),
    ...c.removed.map((t) => `Removed: ${t}`),
    ...c.reworded.map((r) => `Reworded: "${r.from}" → "${r.to}"`),
  ];
  return (
    <SectionMessage appearance="warning" title={notice.message} testId="stale">
      <Stack space="space.050">
        {lines.map((l) => (
          <Text key={l}>{l}</Text>
        ))}
      </Stack>
    </SectionMessage>
  );
}

/** The "Readiness" issue panel: verdicts, gaps with owners, AC with lint marks, history, and the caller's actions. */
export function Panel() {
  const context = useProductContext();
  const issue = extensionKey(context, 'issue');
  const [view, setView] = useState<PanelView | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  const [testable, setTestable] = useState(true);
  const [gaps, setGaps] = useState('');
  const [url, setUrl] = useState('');
  const [kind, setKind] = useState<Option>(EVIDENCE_KINDS[0] ?? { label: 'Other', value: 'other' });
  const [result, setResult] = useState<Option>(RESULTS[0] ?? { label: 'Passed', value: 'passed' });
  const [covers, setCovers] = useState<string[]>([]);

  useEffect(() => {
    if (issue === undefined) return;
    void call('loadPanel', { issue }).then((r) => {
      if (r.ok) setView(r.value);
      else setError(r.error.message);
    });
  }, [issue]);

  if (issue === undefined || (view === undefined && error === undefined))
    return <Spinner label="Loading readiness" />;
  if (view === undefined) return <Outcome error={error} />;

  type ActionKey =
    'markAcReady' | 'approveAc' | 'acceptStory' | 'rejectStory' | 'reviewTestability' | 'addEvidence';
  const act = async (functionKey: ActionKey, extra: Record<string, unknown> = {}) => {
    setBusy(true);
    // Each action's own fields come from its form; the backend parses the whole payload with the action's schema.
    const payload = { issue: view.issue.key, acFingerprint: view.criteria.fingerprint ?? '', ...extra };
    const r: WorkflowResult<ActionResult> = await call(functionKey, payload as never);
    setBusy(false);
    if (r.ok) {
      setView(r.value.panel);
      setNotice(r.value.notice);
      setError(undefined);
    } else {
      setError(r.error.message);
      setNotice(undefined);
    }
  };
  const a = view.actions;
  const hasCriteria = view.criteria.fingerprint !== null;

  return (
    <Stack space="space.200">
      <Inline space="space.300">
        <Verdict gate={view.ready} />
        <Verdict gate={view.done} />
      </Inline>
      <Outcome notice={notice} error={error} />
      {view.mirror.state !== 'in-sync' && view.mirror.message !== undefined ? (
        <SectionMessage appearance="warning" testId="mirror">
          <Text>{view.mirror.message}</Text>
        </SectionMessage>
      ) : null}
      {view.stale.map((s) => (
        <Stale key={`${s.kind}-${s.at}`} notice={s} />
      ))}
      <Gaps gate={view.ready} />
      <Gaps gate={view.done} />

      <Heading size="small">Acceptance criteria</Heading>
      {view.criteria.items.length === 0 ? (
        <Text testId="no-criteria">No acceptance criteria found: the BA adds them to the story.</Text>
      ) : (
        <Stack space="space.050" testId="criteria">
          {view.criteria.items.map((c) => (
            <Inline key={c.id} space="space.100">
              <Text>{`${c.id}. ${c.text}`}</Text>
              {c.lints.map((l) => (
                <Lozenge key={l.code} appearance="moved">
                  {l.message}
                </Lozenge>
              ))}
            </Inline>
          ))}
        </Stack>
      )}

      {a.markAcReady && hasCriteria ? (
        <Button testId="action-mark-ready" isDisabled={busy} onClick={() => void act('markAcReady')}>
          Mark AC ready for review
        </Button>
      ) : null}
      {a.reviewTestability && hasCriteria ? (
        <Stack space="space.100" testId="review-form">
          <Heading size="xsmall">Testability review</Heading>
          <Checkbox
            testId="review-testable"
            label="The criteria are testable"
            isChecked={testable}
            onChange={(e) => {
              setTestable(e.target.checked === true);
            }}
          />
          {testable ? null : (
            <TextArea
              testId="review-gaps"
              placeholder="One gap per line"
              value={gaps}
              onChange={(e) => {
                setGaps(String(e.target.value ?? ''));
              }}
            />
          )}
          <Button
            testId="action-review"
            isDisabled={busy}
            onClick={() =>
              void act('reviewTestability', {
                testable,
                gaps: testable
                  ? []
                  : gaps
                      .split('\n')
                      .map((g) => g.trim())
                      .filter((g) => g !== ''),
              })
            }
          >
            Record testability review
          </Button>
        </Stack>
      ) : null}
      {a.approveAc && hasCriteria ? (
        <Button
          testId="action-approve"
          appearance="primary"
          isDisabled={busy}
          onClick={() => void act('approveAc')}
        >
          Approve these AC
        </Button>
      ) : null}
      {a.addEvidence && hasCriteria ? (
        <Stack space="space.100" testId="evidence-form">
          <Heading size="xsmall">QA evidence</Heading>
          <Textfield
            testId="evidence-url"
            placeholder="https://… link to the test run or report"
            value={url}
            onChange={(e) => {
              setUrl(String(e.target.value ?? ''));
            }}
          />
          <Select
            testId="evidence-kind"
            options={EVIDENCE_KINDS}
            value={kind}
            onChange={(o: Option) => {
              setKind(o);
            }}
          />
          <Select
            testId="evidence-result"
            options={RESULTS}
            value={result}
            onChange={(o: Option) => {
              setResult(o);
            }}
          />
          {view.criteria.items.map((c) => (
            <Checkbox
              key={c.id}
              testId={`covers-${c.id}`}
              label={`Covers ${c.id}`}
              isChecked={covers.includes(c.id)}
              onChange={(e) => {
                setCovers((prev) =>
                  e.target.checked === true ? [...prev, c.id] : prev.filter((x) => x !== c.id),
                );
              }}
            />
          ))}
          <Button
            testId="action-evidence"
            isDisabled={busy}
            onClick={() =>
              void act('addEvidence', { url, evidenceKind: kind.value, result: result.value, covers })
            }
          >
            Add evidence
          </Button>
        </Stack>
      ) : null}
      {a.acceptStory && hasCriteria ? (
        <Button testId="action-accept" isDisabled={busy} onClick={() => void act('acceptStory')}>
          Accept story
        </Button>
      ) : null}
      {a.rejectStory && hasCriteria ? (
        <Stack space="space.100">
          <TextArea
            testId="reject-reason"
            placeholder="Why the story is rejected, and what it must do differently"
            value={reason}
            onChange={(e) => {
              setReason(String(e.target.value ?? ''));
            }}
          />
          <Button
            testId="action-reject"
            appearance="warning"
            isDisabled={busy}
            onClick={() => void act('rejectStory', { reason })}
          >
            Reject story
          </Button>
        </Stack>
      ) : null}

      <Heading size="small">History</Heading>
      <DynamicTable
        testId="history"
        head={{
          cells: [
            { key: 'at', content: 'When' },
            { key: 'who', content: 'Who' },
            { key: 'what', content: 'What' },
            { key: 'ac', content: 'AC version' },
          ],
        }}
        rows={view.history.map((h, i) => ({
          key: `h-${i}`,
          cells: [
            { key: 'at', content: h.at.slice(0, 16).replace('T', ' ') },
            { key: 'who', content: `${h.by.displayName ?? h.by.accountId} (${h.by.role.toUpperCase()})` },
            { key: 'what', content: h.label },
            { key: 'ac', content: h.stale ? `v${h.acVersion} (stale)` : `v${h.acVersion}` },
          ],
        }))}
        emptyView={<Text>Nothing recorded yet.</Text>}
      />
      <Text>{`Policy: ${view.policySource}`}</Text>
    </Stack>
  );
}
