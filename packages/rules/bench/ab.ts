// pnpm bench:ab: is the rules package faster than a base version on this machine? Builds the base (default
// 80b5b3f, the rules before this session's hardening) and the other sides (default: this worktree's sources;
// `--against <commit>` any number of times for others) and runs the benchmark's workload (workload.ts) on all
// in turns: each round is a fresh process that times the sides alternately (ab-child.ts), so a noisy machine's
// drift hits all alike. Prints each round, then per side the medians over rounds and the change from the base.
//
//   pnpm --filter @readygate/rules bench:ab [--base <commit>] [--against <commit>|worktree]… [--rounds 10] [--runs 5]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { median, type Timings } from './workload.js';

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: '80b5b3f' },
    against: { type: 'string', multiple: true, default: ['worktree'] },
    rounds: { type: 'string', default: '10' },
    runs: { type: 'string', default: '5' },
  },
});
const rounds = Number(values.rounds);
const runs = Number(values.runs);
if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(runs) || runs < 1) {
  console.error('--rounds and --runs take a whole number of at least 1.');
  process.exit(2);
}

const pkg = resolve(import.meta.dirname, '..');
const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: pkg, encoding: 'utf8' }).trim();
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

/** Builds the rules package of a commit in a temporary directory (once); returns its entry point. */
function buildCommit(commit: string): string {
  const sha = execFileSync('git', ['rev-parse', '--verify', `${commit}^{commit}`], {
    cwd: root,
    encoding: 'utf8',
  }).trim();
  const dir = join(tmpdir(), `readygate-ab-${sha.slice(0, 12)}`);
  const entry = join(dir, 'packages/rules/dist/index.js');
  if (existsSync(entry)) return entry;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tar = execFileSync('git', ['archive', sha, 'packages/rules', 'tsconfig.base.json'], {
    cwd: root,
    maxBuffer: 1 << 28,
  });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  // Its dependencies (zod) and the compiler's (@types/node) from this checkout: the same versions as at the base.
  symlinkSync(join(pkg, 'node_modules'), join(dir, 'packages/rules/node_modules'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  execFileSync(bin('tsc'), ['-p', join(dir, 'packages/rules/tsconfig.build.json')], { stdio: 'inherit' });
  return entry;
}

/** Builds this worktree's rules package (dist/, as `pnpm bench` does); returns its entry point. */
function buildWorktree(): string {
  execFileSync(bin('tsc'), ['-p', join(pkg, 'tsconfig.build.json')], { stdio: 'inherit' });
  return join(pkg, 'dist/index.js');
}

const sides = [
  { name: `base ${values.base}`, entry: buildCommit(values.base) },
  ...values.against.map((a) =>
    a === 'worktree' ? { name: 'worktree', entry: buildWorktree() } : { name: a, entry: buildCommit(a) },
  ),
];

/** One round: a fresh process times every side in turns; `first` is the side it loads and warms first. */
function round(first: number): Timings[] {
  const order = sides.map((_, k) => (first + k) % sides.length);
  const out = execFileSync(
    bin('tsx'),
    [join(pkg, 'bench/ab-child.ts'), String(runs), ...order.map((i) => sides[i]!.entry)],
    { cwd: pkg, encoding: 'utf8' },
  );
  const { sides: t } = JSON.parse(out.trim().split('\n').pop() ?? '') as { sides: Timings[] };
  const bySide: Timings[] = [];
  order.forEach((i, k) => (bySide[i] = t[k]!));
  return bySide;
}

const results: Timings[][] = sides.map(() => []);
console.log(
  `A/B: ${sides.map((s) => s.name).join(' vs ')}, ${rounds} rounds (a fresh process each) of ${runs} runs per side in turns`,
);
for (let r = 0; r < rounds; r++) {
  const t = round(r % sides.length);
  t.forEach((x, i) => results[i]!.push(x));
  console.log(
    `round ${String(r + 1).padStart(2)}: ratio ${t.map((x) => x.ratio.toFixed(2)).join(' vs ')}  judge ${t.map((x) => x.judge.toFixed(0)).join(' vs ')} ms`,
  );
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const base = results[0]!;
const baseRatio = median(base.map((x) => x.ratio));
const baseBest = Math.min(...base.map((x) => x.bestJudge)) / Math.min(...base.map((x) => x.bestParse));
sides.forEach((side, i) => {
  const t = results[i]!;
  const ratio = median(t.map((x) => x.ratio));
  const best = Math.min(...t.map((x) => x.bestJudge)) / Math.min(...t.map((x) => x.bestParse));
  const change =
    i === 0
      ? ''
      : `  change from the base: median ratio ${pct(ratio / baseRatio - 1)}, median of the per-round changes ${pct(
          median(t.map((x, r) => x.ratio / base[r]!.ratio)) - 1,
        )}, best-run ratio ${pct(best / baseBest - 1)}`;
  console.log(
    `${side.name.padEnd(16)} median ratio ${ratio.toFixed(2)} (judge ${median(t.map((x) => x.judge)).toFixed(0)} ms, parse ${median(t.map((x) => x.parse)).toFixed(0)} ms); best runs ${best.toFixed(2)}${change}`,
  );
});
// (a) is the same work for every side (the JSON differs only in fingerprints), so within a round each side's
// (b) over the median (a) of all sides gives a ratio that no single side's unlucky (a) run can swing.
const pooled = (i: number) =>
  median(results[i]!.map((x, r) => x.judge / median(results.map((side) => side[r]!.parse))));
sides.forEach((side, i) => {
  const ratio = pooled(i);
  console.log(
    `${side.name.padEnd(16)} ratio over the round's shared (a): ${ratio.toFixed(2)}${i === 0 ? '' : ` (${pct(ratio / pooled(0) - 1)} from the base)`}`,
  );
});
console.log('(negative change: faster than the base; the ratio is (b) parse + judge / (a) parse, goal ≤ 3)');
