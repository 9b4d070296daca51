/* global URL, process, console */
// Bundles the action into ONE minified ESM file, dist/index.js, committed for the runner.
// Workspace packages are bundled from their sources (custom condition), so no prior build is needed.
//   node scripts/build.mjs            writes dist/ (commit it)
//   node scripts/build.mjs --check    builds in memory and fails when dist/ differs (CI's check-dist)
//   node scripts/build.mjs --out F    writes the bundle to F instead (tests and the benchmark)
import { build } from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * zod's `z` namespace re-exports every locale (`z.locales`), 260 KB of the bundle that is never used: only
 * English messages are configured by zod itself. Compiling that source costs start-up time on every run,
 * so the locales index is replaced by one that offers English alone.
 */
const englishOnlyZod = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir)
        ? { path: 'zod-locales-en', namespace: 'readygate' }
        : undefined,
    );
    b.onLoad({ filter: /^zod-locales-en$/, namespace: 'readygate' }, () => ({
      contents: "export { default as en } from 'zod/v4/locales/en.js';",
      resolveDir: root,
      loader: 'js',
    }));
  },
};

/** Shared with the benchmark, which builds the same bundle with a metafile. */
export const options = {
  absWorkingDir: root,
  entryPoints: ['src/index.ts'],
  bundle: true,
  minify: true,
  platform: 'node',
  // One ESM bundle, as the action promises its users. (A CommonJS bundle would skip Node 20's ESM loader
  // set-up, ~5 ms a run, which is not worth a second format for the same sources.)
  format: 'esm',
  // The runner uses node24; Node 20 is the floor for local runs and the benchmark.
  target: 'node20',
  conditions: ['@readygate/source'],
  // zod's JIT compiles each object schema with `new Function` on first parse: a win for long-lived servers,
  // a loss for a process that parses each schema about once. zod reads this global before any schema exists.
  // yaml's CommonJS build calls require('process'): an ESM bundle has no require of its own.
  banner: {
    js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);globalThis.__zod_globalConfig={jitless:true};",
  },
  legalComments: 'eof',
  plugins: [englishOnlyZod],
  outfile: 'dist/index.js',
  logLevel: 'warning',
};

/** The bundle's text, built from the current sources. */
export async function bundleText() {
  const out = await build({ ...options, write: false });
  return out.outputFiles[0]?.text ?? '';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = process.argv[2];
  if (arg === '--check') {
    const committed = await readFile(new URL('../dist/index.js', import.meta.url), 'utf8').catch(() => '');
    if (committed !== (await bundleText())) {
      console.error(
        "apps/github-action/dist/index.js differs from a fresh build of the sources: run 'pnpm --filter @readygate/github-action build' and commit dist/.",
      );
      process.exit(1);
    }
    console.log('check-dist: apps/github-action/dist/index.js matches its sources.');
  } else if (arg === '--out') {
    const file = process.argv[3];
    if (!file) throw new Error('--out needs a file');
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, await bundleText());
    await writeFile(join(dirname(file), 'package.json'), '{ "type": "module" }\n');
  } else {
    await build(options);
    await mkdir(new URL('../dist/', import.meta.url), { recursive: true });
    // Lets dist/ run as ESM even where the action is copied without its package.json.
    await writeFile(new URL('../dist/package.json', import.meta.url), '{ "type": "module" }\n');
  }
}
