import {
  Button,
  Checkbox,
  CodeBlock,
  DynamicTable,
  ErrorMessage,
  Heading,
  Label,
  Select,
  Spinner,
  Stack,
  Text,
  TextArea,
  Textfield,
  useProductContext,
} from '@forge/react';
import type { Policy } from '@readygate/rules';
import type { InputProblem } from '@readygate/workflows';
import type { CiTokensView, PublicKeyView, SettingsView } from '@readygate/workflows';
import { useEffect, useState } from 'react';
import { call } from './call';
import { extensionKey } from './extension';
import { Outcome } from './messages';

type Option = { label: string; value: string };
const ROLES = [
  { role: 'po', label: 'Product Owner (approves AC, accepts stories)' },
  { role: 'ba', label: 'Business Analyst (authors AC)' },
  { role: 'qa', label: 'QA (reviews testability, records evidence)' },
  { role: 'dev', label: 'Developers' },
] as const;
const GATES = ['ready', 'done', 'merge', 'sprint', 'release'] as const;
const SEVERITIES: Option[] = [
  { label: 'blocker', value: 'blocker' },
  { label: 'warning', value: 'warning' },
];
const ENFORCEMENT: Option[] = [
  { label: 'Move unready stories to the backlog', value: 'move-to-backlog' },
  { label: 'Report only', value: 'report-only' },
];
const DESCRIPTION: Option = { label: 'The "Acceptance criteria" section of the description', value: '' };

function FieldError({ issues, path }: { issues: readonly InputProblem[]; path: string }) {
  const mine = issues.filter(
    (i) => i.path === path || i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`),
  );
  if (mine.length === 0) return null;
  return (
    <ErrorMessage testId={`error-${path}`}>
      {mine.map((i) => `${i.path}: ${i.message}`).join(' ')}
    </ErrorMessage>
  );
}

/** The project settings page: the policy as a form and as JSON, the public keys with a workflow snippet, key rotation. */
export function Settings() {
  const context = useProductContext();
  const project = extensionKey(context, 'project');
  const [view, setView] = useState<SettingsView | undefined>();
  const [policy, setPolicy] = useState<Policy | undefined>();
  const [json, setJson] = useState('');
  const [issues, setIssues] = useState<readonly InputProblem[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [keys, setKeys] = useState<readonly PublicKeyView[]>([]);
  const [commentOnStale, setCommentOnStale] = useState(true);

  useEffect(() => {
    if (project === undefined) return;
    void call('loadSettings', { project }).then((r) => {
      if (!r.ok) {
        setError(r.error.message);
        return;
      }
      setView(r.value);
      setPolicy(r.value.policy);
      setJson(r.value.policyJson);
      setKeys(r.value.publicKeys);
      setCommentOnStale(r.value.notifications.staleApprovalComment);
    });
  }, [project]);

  if (error !== undefined && view === undefined) return <Outcome error={error} />;
  if (project === undefined || view === undefined || policy === undefined)
    return <Spinner label="Loading settings" />;

  const save = async (next: unknown) => {
    const r = await call('saveSettings', {
      project,
      policy: next,
      notifications: { staleApprovalComment: commentOnStale },
    });
    if (r.ok) {
      setPolicy(r.value.policy);
      setJson(JSON.stringify(r.value.policy, null, 2));
      setIssues([]);
      setError(undefined);
      setNotice(r.value.notice);
    } else {
      setIssues(r.error.issues);
      setError(r.error.message);
      setNotice(undefined);
    }
  };
  const saveJson = () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      setIssues([{ code: 'input.not-json', path: '', message: 'not JSON' }]);
      setError('The policy JSON does not parse: fix the syntax (a missing comma or quote) and save again.');
      return;
    }
    void save(parsed);
  };
  const update = (change: (p: Policy) => Policy) => {
    const next = change(structuredClone(policy));
    setPolicy(next);
    setJson(JSON.stringify(next, null, 2));
  };
  const roleOptions: Option[] = view.projectRoles.map((r) => ({ label: r, value: r }));
  const fieldOptions: Option[] = view.fields.map((f) => ({ label: `${f.name} (${f.id})`, value: f.id }));
  const acField = policy.fields.acceptanceCriteria;

  return (
    <Stack space="space.200">
      <Heading size="medium">{`ReadyGate policy for ${view.project.key}`}</Heading>
      <Text>{`Current policy: ${view.policySource}`}</Text>
      <Outcome notice={notice} error={error} />

      <Heading size="small">Roles</Heading>
      {ROLES.map(({ role, label }) => (
        <Stack key={role} space="space.050">
          <Label labelFor={`role-${role}`}>{label}</Label>
          <Select
            id={`role-${role}`}
            testId={`role-${role}`}
            isMulti
            options={roleOptions}
            value={policy.roles[role].projectRoles.map((r) => ({ label: r, value: r }))}
            onChange={(chosen: Option[] | null) => {
              update((p) => {
                p.roles[role].projectRoles = (chosen ?? []).map((o) => o.value);
                return p;
              });
            }}
          />
          <FieldError issues={issues} path={`roles.${role}`} />
        </Stack>
      ))}

      <Heading size="small">Fields</Heading>
      <Label labelFor="field-ac">Acceptance criteria</Label>
      <Select
        id="field-ac"
        testId="field-ac"
        options={[DESCRIPTION, ...fieldOptions]}
        value={
          acField === null ? DESCRIPTION : (fieldOptions.find((o) => o.value === acField) ?? DESCRIPTION)
        }
        onChange={(o: Option) => {
          update((p) => {
            p.fields.acceptanceCriteria = o.value === '' ? null : o.value;
            return p;
          });
        }}
      />
      <FieldError issues={issues} path="fields.acceptanceCriteria" />
      <Label labelFor="field-estimate">Estimate</Label>
      <Select
        id="field-estimate"
        testId="field-estimate"
        options={fieldOptions}
        value={fieldOptions.find((o) => o.value === policy.fields.estimate)}
        onChange={(o: Option) => {
          update((p) => {
            p.fields.estimate = o.value;
            return p;
          });
        }}
      />
      <FieldError issues={issues} path="fields.estimate" />

      <Heading size="small">Sprint</Heading>
      <Select
        testId="sprint-enforcement"
        options={ENFORCEMENT}
        value={ENFORCEMENT.find((o) => o.value === policy.sprint.enforcement)}
        onChange={(o: Option) => {
          update((p) => {
            p.sprint.enforcement = o.value === 'report-only' ? 'report-only' : 'move-to-backlog';
            return p;
          });
        }}
      />

      <Heading size="small">Notifications</Heading>
      <Checkbox
        testId="notify-stale"
        label="Comment to the PO (once) when the AC of an approved story change"
        isChecked={commentOnStale}
        onChange={(e) => {
          setCommentOnStale(e.target.checked === true);
        }}
      />

      <Heading size="small">Rules</Heading>
      <DynamicTable
        testId="rules"
        head={{
          cells: [
            { key: 'gate', content: 'Gate' },
            { key: 'rule', content: 'Rule' },
            { key: 'types', content: 'Issue types' },
            { key: 'severity', content: 'Severity' },
          ],
        }}
        rows={GATES.flatMap((gate) =>
          policy.gates[gate].rules.map((rule, i) => ({
            key: `${gate}-${rule.id}-${i}`,
            cells: [
              { key: 'gate', content: gate },
              { key: 'rule', content: rule.id },
              { key: 'types', content: (rule.issueTypes ?? policy.gates[gate].issueTypes).join(', ') },
              {
                key: 'severity',
                content: (
                  <Select
                    testId={`severity-${gate}-${rule.id}`}
                    options={SEVERITIES}
                    value={SEVERITIES.find((o) => o.value === rule.severity)}
                    onChange={(o: Option) => {
                      update((p) => {
                        const target = p.gates[gate].rules[i];
                        if (target) target.severity = o.value === 'warning' ? 'warning' : 'blocker';
                        return p;
                      });
                    }}
                  />
                ),
              },
            ],
          })),
        )}
      />
      <Button testId="save-form" appearance="primary" onClick={() => void save(policy)}>
        Save policy
      </Button>

      <Heading size="small">Policy as JSON</Heading>
      <TextArea
        testId="policy-json"
        value={json}
        isMonospaced
        onChange={(e) => {
          setJson(String(e.target.value ?? ''));
        }}
      />
      <FieldError issues={issues} path="" />
      {issues
        .filter((i) => i.path !== '' && !i.path.startsWith('roles.') && !i.path.startsWith('fields.'))
        .map((i) => (
          <ErrorMessage key={`${i.path}-${i.code}`}>{`${i.path}: ${i.message}`}</ErrorMessage>
        ))}
      <Button testId="save-json" onClick={saveJson}>
        Save JSON
      </Button>

      <Heading size="small">Public keys</Heading>
      <Text>
        Readers (the GitHub Action, the CLI) verify ReadyGate's records with these keys. Old keys keep
        verifying.
      </Text>
      <Stack space="space.050" testId="public-keys">
        {keys.map((k) => (
          <Text
            key={k.kid}
          >{`${k.current ? 'current' : 'previous'} · ${k.createdAt.slice(0, 10)} · ${k.text}`}</Text>
        ))}
      </Stack>
      <CodeBlock language="yaml" text={view.workflowSnippet} />
      <Button
        testId="rotate-key"
        appearance="warning"
        onClick={() =>
          void call('rotateKey', { project }).then((r) => {
            if (r.ok) {
              setKeys(r.value.publicKeys);
              setNotice('A new key signs from now on; the previous keys stay listed and keep verifying.');
              setError(undefined);
            } else setError(r.error.message);
          })
        }
      >
        Rotate signing key
      </Button>

      <CiTokens project={project} />
    </Stack>
  );
}

/**
 * CI tokens: the GitHub Action's `readygate-token`, so CI asks this app for the current records (a replayed older
 * property on an issue cannot pass). A new token is shown once; only its hash is kept.
 */
function CiTokens({ project }: { project: string }) {
  const [view, setView] = useState<CiTokensView | undefined>();
  const [name, setName] = useState('');
  const [shown, setShown] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    void call('listCiTokens', { project }).then((r) => {
      if (r.ok) setView(r.value);
      else setError(r.error.message);
    });
  }, [project]);

  const issue = async () => {
    const r = await call('issueCiToken', { project, name });
    if (!r.ok) {
      setError(r.error.message);
      setNotice(undefined);
      return;
    }
    setView(r.value);
    setShown(r.value.token);
    setNotice(r.value.notice);
    setError(undefined);
    setName('');
  };
  const revoke = async (id: string) => {
    const r = await call('revokeCiToken', { project, id });
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    setView(r.value);
    setShown(undefined);
    setNotice(r.value.notice);
    setError(undefined);
  };

  return (
    <Stack space="space.100" testId="ci-tokens">
      <Heading size="small">CI tokens (fresh answers for the GitHub Action)</Heading>
      <Text>
        A signature proves who wrote a record, not that it is the latest one. With a CI token, the GitHub
        Action asks ReadyGate for the current records, so an older copy put back on an issue cannot pass.
        Recommended for required checks; issue one token per repository.
      </Text>
      <Outcome notice={notice} error={error} />
      {shown === undefined ? null : (
        <Stack space="space.050">
          <Text>
            Copy this token into the repository secret READYGATE_CI_TOKEN now: it is not shown again.
          </Text>
          <CodeBlock testId="ci-token-once" language="text" text={shown} />
        </Stack>
      )}
      <Label labelFor="ci-token-name">Name (e.g. the repository)</Label>
      <Textfield
        id="ci-token-name"
        testId="ci-token-name"
        value={name}
        onChange={(e) => {
          setName(String(e.target.value ?? ''));
        }}
      />
      <Button testId="ci-token-issue" onClick={() => void issue()}>
        Issue CI token
      </Button>
      <DynamicTable
        testId="ci-token-list"
        head={{
          cells: [
            { key: 'name', content: 'Name' },
            { key: 'created', content: 'Issued' },
            { key: 'state', content: 'State' },
            { key: 'action', content: '' },
          ],
        }}
        rows={(view?.tokens ?? []).map((t) => ({
          key: t.id,
          cells: [
            { key: 'name', content: t.name },
            { key: 'created', content: `${t.createdAt.slice(0, 10)} by ${t.createdBy}` },
            {
              key: 'state',
              content: t.revokedAt === undefined ? 'live' : `revoked ${t.revokedAt.slice(0, 10)}`,
            },
            {
              key: 'action',
              content:
                t.revokedAt === undefined ? (
                  <Button
                    testId={`ci-token-revoke-${t.name}`}
                    appearance="warning"
                    onClick={() => void revoke(t.id)}
                  >
                    Revoke
                  </Button>
                ) : (
                  ''
                ),
            },
          ],
        }))}
      />
      {view === undefined ? null : <CodeBlock testId="ci-snippet" language="yaml" text={view.snippet} />}
    </Stack>
  );
}
