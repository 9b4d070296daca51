// pnpm bench:ab: is the rules package faster than a base version on this machine? Builds the base (default
// 80b5b3f, the rules before this session's hardening) and the other side (default: this worktree's sources)
// and runs the benchmark's workload (workload.ts) on both in turns: each round is a fresh process that times the
// two sides alternately (ab-child.ts), so a noisy machine's drift hits both alike. Prints each round, then the
// medians and the change.
//
//   pnpm --filter @readygate/rules bench:ab [--base <commit>] [--against <commit>|worktree] [--rounds 12] [--runs 5]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { median, type Timings } from './workload.js';

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: '80b5b3f' },
    against: { type: 'string', default: 'worktree' },
    rounds: { type: 'string', default: '12' },
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

/** Builds the rules package of a commit in a temporary directory; returns its entry point. */
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
  {
    name: values.against === 'worktree' ? 'worktree' : `against ${values.against}`,
    entry: values.against === 'worktree' ? buildWorktree() : buildCommit(values.against),
  },
] as const;

/** One round: a fresh process times both sides in turns; `swap` loads and warms the second side first. */
function round(swap: boolean): [Timings, Timings] {
  const entries = swap ? [sides[1].entry, sides[0].entry] : [sides[0].entry, sides[1].entry];
  const out = execFileSync(bin('tsx'), [join(pkg, 'bench/ab-child.ts'), ...entries, String(runs)], {
    cwd: pkg,
    encoding: 'utf8',
  });
  const { sides: t } = JSON.parse(out.trim().split('\n').pop() ?? '') as { sides: [Timings, Timings] };
  return swap ? [t[1], t[0]] : t;
}

const results: [Timings[], Timings[]] = [[], []];
console.log(
  `A/B: ${sides[0].name} vs ${sides[1].name}, ${rounds} rounds (a fresh process each) of ${runs} runs per side in turns`,
);
for (let r = 0; r < rounds; r++) {
  // Alternate which side is loaded and warmed first.
  const [a, b] = round(r % 2 === 1);
  results[0].push(a);
  results[1].push(b);
  console.log(
    `round ${String(r + 1).padStart(2)}: ratio ${a.ratio.toFixed(2)} vs ${b.ratio.toFixed(2)}  judge ${a.judge.toFixed(0)} vs ${b.judge.toFixed(0)} ms  (b/a ${(b.ratio / a.ratio).toFixed(3)})`,
  );
}

const summary = (t: readonly Timings[]) => ({
  ratio: median(t.map((x) => x.ratio)),
  judge: median(t.map((x) => x.judge)),
  parse: median(t.map((x) => x.parse)),
});
const [sa, sb] = [summary(results[0]), summary(results[1])];
const paired = median(results[0].map((a, r) => results[1][r]!.ratio / a.ratio));
for (const [side, s] of [
  [sides[0], sa],
  [sides[1], sb],
] as const)
  console.log(
    `${side.name.padEnd(24)} median ratio ${s.ratio.toFixed(2)}  judge ${s.judge.toFixed(0)} ms  parse ${s.parse.toFixed(0)} ms`,
  );
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
console.log(
  `change of the median ratio: ${pct(sb.ratio / sa.ratio - 1)}; median of the per-round changes: ${pct(paired - 1)} (negative: ${sides[1].name} is faster)`,
);
