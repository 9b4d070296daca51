// One round of the A/B comparison (see ab.ts): loads builds of the rules package (argv[3…]), builds each one's
// stories, warms each up, then times them in turns, argv[2] runs each, so a change in the machine's load hits
// all alike. Prints each side's figures as one JSON line. A fresh process per round, so no round's compiled
// code carries over to the next.
import { pathToFileURL } from 'node:url';
import { buildStories, timings, workload, type RulesApi, type Workload } from './workload.js';

const [runsArg, ...entries] = process.argv.slice(2);
const runs = Number(runsArg);
if (!Number.isInteger(runs) || runs < 1 || entries.length === 0) {
  console.error('usage: tsx bench/ab-child.ts <runs> <rules build index.js>…');
  process.exit(2);
}
const sides: Workload[] = [];
for (const entry of entries) {
  const lib = (await import(pathToFileURL(entry).href)) as RulesApi;
  sides.push(workload(lib, buildStories(lib)));
}
const pairs: { parse: number; judge: number }[][] = sides.map(() => []);
for (const w of sides) {
  w.parseOnly();
  w.parseAndJudge();
}
for (let r = 0; r < runs; r++) {
  // Each run starts with another side, so no side always follows the same one.
  for (let k = 0; k < sides.length; k++) {
    const i = (r + k) % sides.length;
    const w = sides[i]!;
    pairs[i]!.push({ parse: w.parseOnly(), judge: w.parseAndJudge() });
  }
}
console.log(JSON.stringify({ sides: pairs.map(timings), sink: sides.reduce((n, w) => n + w.sink(), 0) % 7 }));
