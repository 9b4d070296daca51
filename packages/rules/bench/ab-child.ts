// One round of the A/B comparison (see ab.ts): loads two builds of the rules package (argv[2], argv[3]), builds
// each one's stories, warms both up, then times them in turns, `runs` (argv[4]) times each, so a change in
// the machine's load hits both alike. Prints each side's medians as one JSON line. A fresh process per round,
// so no round's compiled code carries over to the next.
import { pathToFileURL } from 'node:url';
import { buildStories, timings, workload, type RulesApi, type Workload } from './workload.js';

const [first, second, runsArg] = process.argv.slice(2);
if (first === undefined || second === undefined) {
  console.error('usage: tsx bench/ab-child.ts <rules build index.js> <other build index.js> [runs]');
  process.exit(2);
}
const runs = Number(runsArg ?? 5);
const load = async (entry: string): Promise<Workload> => {
  const lib = (await import(pathToFileURL(entry).href)) as RulesApi;
  return workload(lib, buildStories(lib));
};
const sides = [await load(first), await load(second)];
const pairs: { parse: number; judge: number }[][] = [[], []];
for (const w of sides) {
  w.parseOnly();
  w.parseAndJudge();
}
for (let r = 0; r < runs; r++) {
  for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) {
    const w = sides[i]!;
    pairs[i]!.push({ parse: w.parseOnly(), judge: w.parseAndJudge() });
  }
}
console.log(JSON.stringify({ sides: pairs.map(timings), sink: (sides[0]!.sink() + sides[1]!.sink()) % 7 }));
