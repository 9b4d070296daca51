// The app's CI web trigger for the bench: the same use case the Forge handler calls (`createCiWorkflows`), on
// in-memory storage that holds exactly the records the fixture mirrors on its issues, signing with the fixture's
// key, served over HTTP with a fixed latency per request.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readIssueRecords } from '@readygate/rules';
import { createCiWorkflows, issueCiToken } from '@readygate/workflows';
import { httpJiraPort, MemoryKeyValueStore, MemorySecretStore } from '@readygate/workflows/testing';
import { JIRA_EMAIL, JIRA_TOKEN, STORIES, type JiraFixture } from '../test/jira-fixture.js';

export async function startCiTrigger(
  jira: JiraFixture,
  options: { latencyMs: number },
): Promise<{ url: string; token: string; requests: () => number; stop: () => Promise<void> }> {
  const store = new MemoryKeyValueStore();
  const secrets = new MemorySecretStore();
  await secrets.set('signing-key', jira.keys.privateKeyText);
  const project = { id: '10000', key: 'ENR' };
  for (const key of Object.values(STORIES)) {
    if (!key.startsWith('ENR-')) continue;
    const story = await jira.story(key).catch(() => undefined);
    if (story === undefined) continue;
    const value = await jira.admin.getIssueProperty(key, 'readygate');
    const { records } = readIssueRecords(value, [jira.keys.publicKey], story);
    for (const [i, record] of records.entries())
      await store.set(`rec:${story.id}:${String(Date.parse(record.at)).padStart(13, '0')}:${i}`, {
        v: 1,
        record,
        criteria: [],
      });
  }
  const made = await issueCiToken(store, { project, name: 'bench', by: 'acc-bench', now: new Date() });
  if ('error' in made) throw new Error(made.error);
  const ci = createCiWorkflows({
    store,
    secrets,
    clock: { now: () => new Date() },
    jira: httpJiraPort({
      baseUrl: jira.fake.url,
      app: { kind: 'basic', email: JIRA_EMAIL, token: JIRA_TOKEN },
      users: {},
    }),
  });
  let count = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      count++;
      setTimeout(() => {
        void ci
          .answer({ authorization: req.headers.authorization, body: Buffer.concat(chunks).toString('utf8') })
          .then((out) => {
            if (out.status === 200) {
              res.writeHead(200, { 'content-type': 'application/json' });
              res.end(JSON.stringify(out.envelope));
            } else {
              res.writeHead(out.status);
              res.end(out.status === 401 ? '' : out.message);
            }
          });
      }, options.latencyMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/x1/readygate-ci`,
    token: made.token,
    requests: () => count,
    stop: () =>
      new Promise((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}
