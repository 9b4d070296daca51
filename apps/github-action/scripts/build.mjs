/* global URL, process */
// Bundles the action into one minified CommonJS file, dist/index.js, committed for the runner (plus
// dist/yaml.mjs, the YAML parser, loaded only for a YAML policy file).
// Workspace packages are bundled from their sources (custom condition), so no prior build is needed.
import { build } from 'esbuild';
import { mkdir, writeFile } from 'node:fs/promises';
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
      /[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir) ? { path: 'zod-locales-en', namespace: 'readygate' } : undefined,
    );
    b.onLoad({ filter: /^zod-locales-en$/, namespace: 'readygate' }, () => ({
      contents: "export { default as en } from 'zod/v4/locales/en.js';",
      resolveDir: root,
      loader: 'js',
    }));
  },
};

/**
 * The YAML parser (115 KB) is needed only for a `.yml` policy file, yet a bundled module is read and compiled by
 * every run. So it is bundled on its own into dist/yaml.mjs, which `import('yaml')` loads: only the runs that read
 * YAML pay for it. (Embedded in index.js as a `data:` URL it still cost every run ~2.5 ms to read and scan.)
 */
const lazyYaml = {
  name: 'lazy-yaml',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, async (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      await build({
        absWorkingDir: root,
        stdin: { contents: "export { parse } from 'yaml';", resolveDir: root, loader: 'js' },
        bundle: true,
        minify: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        outfile: 'dist/yaml.mjs',
        legalComments: 'eof',
        logLevel: 'warning',
        // yaml's CommonJS build requires node:process; an ES module has no require of its own.
        banner: { js: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);" },
      });
      // Resolved against dist/index.js at run time.
      return { path: './yaml.mjs', external: true };
    });
  },
};

/** Shared with the benchmark, which builds the same bundle with a metafile. */
export const options = {
  absWorkingDir: root,
  entryPoints: ['src/index.ts'],
  bundle: true,
  minify: true,
  platform: 'node',
  // CommonJS, not ESM: an ESM entry point makes Node 20 set up its ESM loader first, ~5 ms of every run.
  // (Sources stay ESM; the lazy YAML module is still an ESM data: URL, loaded by import() when needed.)
  format: 'cjs',
  // The runner uses node24; Node 20 is the floor for local runs and the benchmark.
  target: 'node20',
  conditions: ['@readygate/source'],
  // zod's JIT compiles each object schema with `new Function` on first parse: a win for long-lived servers,
  // a loss for a process that parses each schema about once. zod reads this global before any schema exists.
  // The banner precedes esbuild's own "use strict", so it repeats it to keep the whole bundle strict.
  banner: {
    js: '"use strict";globalThis.__zod_globalConfig={jitless:true};',
  },
  legalComments: 'eof',
  plugins: [englishOnlyZod, lazyYaml],
  outfile: 'dist/index.js',
  logLevel: 'warning',
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await build(options);
  await mkdir(new URL('../dist/', import.meta.url), { recursive: true });
  // dist/index.js is CommonJS although this package is "type": "module".
  await writeFile(new URL('../dist/package.json', import.meta.url), '{ "type": "commonjs" }\n');
}
