// pnpm bench: how much does judging stories cost compared with merely reading them? It measures the built
// package (dist/, as apps load it), which turbo builds first. The workload is in workload.ts: 10,000 stories
// with 5–15 criteria each; (a) JSON.parse of their JSON text, (b) JSON.parse + criteria extraction + the
// ready, done and merge gates. Prints stories per second and the ratio b/a (goal: at most 3).
// To compare with an older version on this machine, run `pnpm bench:ab` (ab.ts).
import * as rules from '@readygate/rules';
import { buildStories, median, STORIES, workload } from './workload.js';

const RUNS = 7;

const json = buildStories(rules);
const w = workload(rules, json);
w.parseOnly();
w.parseAndJudge();
const a: number[] = [];
const b: number[] = [];
for (let r = 0; r < RUNS; r++) {
  a.push(w.parseOnly());
  b.push(w.parseAndJudge());
}
const ma = median(a);
const mb = median(b);
const perSec = (ms: number) => Math.round((STORIES / ms) * 1000).toLocaleString('en-US');
console.log(
  `rules bench: ${STORIES.toLocaleString('en-US')} stories, ${(json.length / 1e6).toFixed(1)} MB of JSON, median of ${RUNS} runs (sink ${w.sink() % 7})`,
);
console.log(
  `(a) JSON.parse                                 ${ma.toFixed(1).padStart(8)} ms  ${perSec(ma).padStart(10)} stories/s`,
);
console.log(
  `(b) parse + extract + ready, done, merge gates ${mb.toFixed(1).padStart(8)} ms  ${perSec(mb).padStart(10)} stories/s`,
);
console.log(`ratio b/a: ${(mb / ma).toFixed(2)} (goal ≤ 3)`);
