// `pnpm bench`: bundle size, requests per PR check, and the wall time of a complete 3-story PR check
// against the fake servers relative to a bare `node` making one node:http request to the same fake Jira.
// The two are measured alternately in one run so machine load affects both alike. Prints figures only.
import { execFile } from 'node:child_process';
import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeGitHub } from '../test/fake-github.js';
import { JIRA_EMAIL, JIRA_TOKEN, STORIES, startJira } from '../test/jira-fixture.js';
import { nextSha, pull, pullRequestEvent, REPO } from '../test/payloads.js';
import { buildBundle } from '../test/run-action.js';
import { startCiTrigger } from './ci-trigger.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 21);
const GH_TOKEN = 'ghs_benchToken0123456789';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function timed(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ ms: number; stdout: string; stderr: string; code: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env }, (err, stdout, stderr) => {
      resolve({
        ms: performance.now() - t0,
        stdout,
        stderr,
        code: err ? (typeof err.code === 'number' ? err.code : 1) : 0,
      });
    });
  });
}

// A bundle of the current sources (the same build as dist/index.js), so the figures describe this tree.
const BUNDLE = join(await mkdtemp(join(tmpdir(), 'readygate-bench-bundle-')), 'index.js');
await buildBundle(BUNDLE);
// What every run reads: the entry and the chunks it imports statically (not the YAML parser's chunk).
const size = (await stat(BUNDLE)).size;

const [jira, gh] = await Promise.all([startJira(), startFakeGitHub({ token: GH_TOKEN, repository: REPO })]);
const dir = await mkdtemp(join(tmpdir(), 'readygate-bench-'));
const baseline = join(dir, 'baseline.mjs');
await writeFile(
  baseline,
  `import { request } from 'node:http';
const auth = 'Basic ' + Buffer.from(process.env.JIRA_EMAIL + ':' + process.env.JIRA_TOKEN).toString('base64');
request(process.env.JIRA_URL + '/rest/api/3/project/ENR/properties/readygate.policy', { headers: { authorization: auth, accept: 'application/json' } }, (res) => { res.resume(); res.on('end', () => {}); }).end();
`,
);
const baseEnv = { PATH: process.env['PATH'] ?? '', JIRA_URL: jira.fake.url, JIRA_EMAIL, JIRA_TOKEN };

let prNumber = 1;
async function prCheck(
  extraEnv: Record<string, string> = {},
  nodeArgs: string[] = [],
  bundle = BUNDLE,
): Promise<{ ms: number; stdout: string; stderr: string; code: number }> {
  // A fresh PR each time, so every run lists commits and comments, posts the comment and sets the status.
  const number = ++prNumber;
  const pr = pull({
    number,
    branch: `feature/${STORIES.ready.toLowerCase()}-newborns`,
    title: `${STORIES.ready2}: enrol newborns`,
    body: `Also ${STORIES.noEvidence}.`,
  });
  gh.state.pulls.set(number, pr);
  gh.state.commits.set(number, [{ sha: nextSha(), message: 'Wire the form' }]);
  const event = join(dir, `event-${number}.json`);
  await writeFile(event, JSON.stringify(pullRequestEvent(pr)));
  return timed([...nodeArgs, bundle], {
    ...baseEnv,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: event,
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
    GITHUB_REPOSITORY: REPO,
    GITHUB_API_URL: gh.url,
    GITHUB_RUN_ID: '1',
    'INPUT_JIRA-URL': jira.fake.url,
    'INPUT_JIRA-EMAIL': JIRA_EMAIL,
    'INPUT_JIRA-TOKEN': JIRA_TOKEN,
    'INPUT_PUBLIC-KEY': jira.keys.publicKey.text,
    'INPUT_PROJECT-KEYS': 'ENR',
    'INPUT_GITHUB-TOKEN': GH_TOKEN,
    ...extraEnv,
  });
}

try {
  // Requests of one check.
  gh.reset();
  const jiraBefore = jira.fake.requests.length;
  const probe = await prCheck();
  if (probe.code !== 1)
    throw new Error(
      `the 3-story check should fail on ${STORIES.noEvidence}; exit ${probe.code}: ${probe.stderr}`,
    );
  const jiraSent = jira.fake.requests.slice(jiraBefore).map((r) => `${r.method} ${r.path}`);
  const ghSent = gh.requests.map((r) => `${r.method} ${r.path.replace(/\?.*/, '')}`);

  // BENCH_PROFILE=<dir>: one CPU profile of a check, for finding where start-up time goes.
  const profileDir = process.env['BENCH_PROFILE'];
  if (profileDir)
    await prCheck({}, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-interval=100']);

  // Warm-up, then alternate.
  for (let i = 0; i < 3; i++) {
    await timed([baseline], baseEnv);
    await prCheck();
  }
  const base: number[] = [];
  const action: number[] = [];
  // BENCH_AGAINST=<bundle>: another build of the action (e.g. an older dist/index.js) timed in the same turns.
  const against = process.env['BENCH_AGAINST'];
  const other: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    base.push((await timed([baseline], baseEnv)).ms);
    action.push((await prCheck()).ms);
    if (against) other.push((await prCheck({}, [], against)).ms);
  }
  // Start-up alone: bare node, and the bundle loaded and stopped at its first input (no network).
  const bare: number[] = [];
  const load: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    bare.push((await timed(['-e', ''], baseEnv)).ms);
    load.push((await timed([BUNDLE], { PATH: baseEnv.PATH })).ms);
  }

  // Concurrency: with 150 ms of latency on both Jira calls, a concurrent check slows by ~150 ms, a serial one by ~300 ms.
  jira.fake.faults.add({ route: '/rest/api/3/search/jql', latencyMs: 150 });
  jira.fake.faults.add({ route: /\/properties\/readygate\.policy$/, latencyMs: 150 });
  const slow: number[] = [];
  for (let i = 0; i < 5; i++) slow.push((await prCheck()).ms);
  jira.fake.faults.clear();

  // Freshness: the same PR check with and without readygate-url/-token, 100 ms on every Jira request and on the
  // CI web trigger (the app's CI use case over HTTP, storage holding the records the fixture mirrors).
  const ci = await startCiTrigger(jira, { latencyMs: 100 });
  const freshEnv = { 'INPUT_READYGATE-URL': ci.url, 'INPUT_READYGATE-TOKEN': ci.token };
  jira.fake.faults.add({ latencyMs: 100 });
  const freshRounds = Number(process.env['BENCH_FRESH_ROUNDS'] ?? Math.max(5, Math.round(ROUNDS / 2)));
  // The first ask resolves the keys' issue ids through Jira once (the app keeps them); count a later check.
  const freshProbe = await prCheck(freshEnv);
  const jiraBeforeFresh = jira.fake.requests.length;
  const triggerBefore = ci.requests();
  await prCheck(freshEnv);
  const jiraFresh = jira.fake.requests.length - jiraBeforeFresh;
  const triggerFresh = ci.requests() - triggerBefore;
  const freshErrors = freshProbe.stdout.split('\n').filter((l) => l.startsWith('::error::'));
  if (freshProbe.code !== 1 || !freshErrors.every((l) => l.includes('not ready to merge')))
    throw new Error(
      `the fresh check should fail on ${STORIES.noEvidence} only; exit ${freshProbe.code}: ${freshErrors.join(' / ')}`,
    );
  const without: number[] = [];
  const withFresh: number[] = [];
  for (let i = 0; i < freshRounds; i++) {
    without.push((await prCheck()).ms);
    withFresh.push((await prCheck(freshEnv)).ms);
  }
  jira.fake.faults.clear();
  await ci.stop();

  const mBase = median(base);
  const mAction = median(action);
  const fmt = (n: number) => `${n.toFixed(1)} ms`;
  const lines = [
    `bundle entry (dist/index.js)   ${(size / 1024).toFixed(1)} KB (goal ≤ 800 KB; the YAML parser is a chunk of its own)`,
    `Jira requests per PR check      ${jiraSent.length} (${jiraSent.join(', ')}) — goal: 1 search + 1 policy read`,
    `GitHub requests per PR check    ${ghSent.length} (${ghSent.join(', ')}) — goal ≤ 4`,
    `rounds                          ${ROUNDS}, alternating`,
    `bare node + 1 node:http request ${fmt(mBase)} (median)`,
    `3-story PR check                ${fmt(mAction)} (median)`,
    `ratio                           ${(mAction / mBase).toFixed(2)} (goal ≤ 2.5)`,
    ...(against
      ? [`ratio of ${against}: ${(median(other) / mBase).toFixed(2)} (${median(other).toFixed(1)} ms)`]
      : []),
    '',
    'where the check spends its time (medians of whole runs):',
    `  bare node start and exit      ${fmt(median(bare))} (node -e '')`,
    `  bundle loaded, no inputs      ${fmt(median(load))} (stops at the first input check)`,
    `  the check itself              ${fmt(mAction - median(load))} (round trips, gate, reports)`,
    `with +150 ms on both Jira calls ${fmt(median(slow))} (+${fmt(median(slow) - mAction)}: ${median(slow) - mAction < 225 ? 'concurrent' : 'serial'})`,
    '',
    `freshness (100 ms on every Jira request and on the CI web trigger, ${freshRounds} rounds alternating):`,
    `  requests with freshness       Jira ${jiraFresh}, CI web trigger ${triggerFresh} (sent alongside the search: same round trips; the app asks Jira once per new key)`,
    `  PR check without              ${fmt(median(without))} (median)`,
    `  PR check with freshness       ${fmt(median(withFresh))} (median)`,
    `  difference                    ${(((median(withFresh) - median(without)) / median(without)) * 100).toFixed(1)} % (goal ≤ 10 %)`,
  ];
  console.log(lines.join('\n'));
} finally {
  await Promise.all([jira.stop(), gh.stop()]);
}
