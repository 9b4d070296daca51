/* global URL, process, console */
// Bundles the action into minified ESM in dist/ (entry dist/index.js), committed for the runner.
// Workspace packages are bundled from their sources (custom condition), so no prior build is needed.
//   node scripts/build.mjs            writes dist/ (commit it)
//   node scripts/build.mjs --check    builds in memory and fails when dist/ differs (CI's check-dist)
//   node scripts/build.mjs --out DIR  writes the same files to DIR instead (tests and the benchmark)
import { build } from 'esbuild';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Shared with the benchmark, which builds the same bundle with a metafile. */
export const options = {
  absWorkingDir: root,
  entryPoints: ['src/index.ts'],
  bundle: true,
  minify: true,
  platform: 'node',
  // ESM, with what is loaded by a dynamic import in a chunk of its own: the YAML parser, needed only for a
  // .yml policy file, would otherwise be read and compiled by every run (~10 ms of a PR check's start-up,
  // which kept the benchmark's ratio over its goal). (A CommonJS bundle would skip Node 20's ESM loader
  // set-up, ~5 ms a run, which is not worth a second format for the same sources.)
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  // The runner uses node24; Node 20 is the floor for local runs and the benchmark.
  target: 'node20',
  conditions: ['@readygate/source'],
  // yaml's CommonJS build calls require('process'): an ESM bundle has no require of its own.
  // jitless: zod's JIT compiles each object schema with `new Function` on first parse, a win for long-lived
  // servers and a loss for a process that parses each schema about once — side by side it saves ~9 ms of a
  // PR check (ratio 2.45 against 2.67 without), which the ≤ 2.5 goal needs. zod reads it before any schema exists.
  banner: {
    js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);globalThis.__zod_globalConfig={jitless:true};",
  },
  legalComments: 'eof',
  outdir: 'dist',
  entryNames: '[name]',
  logLevel: 'warning',
};

/** The built files, by their path inside dist/, from the current sources (package.json included). */
export async function bundleFiles() {
  const out = await build({ ...options, write: false });
  const files = new Map(out.outputFiles.map((f) => [relative(join(root, 'dist'), f.path), f.text]));
  // Lets dist/ run as ESM even where the action is copied without its package.json.
  files.set('package.json', '{ "type": "module" }\n');
  return files;
}

async function listFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

/** Replaces DIR's contents with the built files. */
async function writeBundle(dir) {
  const files = await bundleFiles();
  await rm(dir, { recursive: true, force: true });
  for (const [name, text] of files) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = process.argv[2];
  const dist = join(root, 'dist');
  if (arg === '--check') {
    const built = await bundleFiles();
    const committed = await listFiles(dist);
    const differs =
      committed.length !== built.size ||
      (
        await Promise.all(
          committed.map(async (name) => built.get(name) !== (await readFile(join(dist, name), 'utf8'))),
        )
      ).some(Boolean);
    if (differs) {
      console.error(
        "apps/github-action/dist differs from a fresh build of the sources: run 'pnpm --filter @readygate/github-action build' and commit dist/.",
      );
      process.exit(1);
    }
    console.log('check-dist: apps/github-action/dist matches its sources.');
  } else if (arg === '--out') {
    const dir = process.argv[3];
    if (!dir) throw new Error('--out needs a folder');
    await writeBundle(dir);
  } else {
    await writeBundle(dist);
  }
}
