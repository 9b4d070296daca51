/* global URL, process */
// Bundles the action into ONE minified ESM file, dist/index.js, committed for the runner.
// Workspace packages are bundled from their sources (custom condition), so no prior build is needed.
import { build } from 'esbuild';
import { mkdir, writeFile } from 'node:fs/promises';
import { deflateRawSync } from 'node:zlib';
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

/**
 * The YAML parser (115 KB) is needed only for a `.yml` policy file, yet V8 compiles all of a module's source at
 * load. So it is bundled on its own and embedded, deflated, in a small `data:` URL module that inflates it on
 * first use: `import('yaml')` still works and dist/ stays one file, while every other run reads and scans a
 * third of the bytes (a plain base64 copy cost each run about 2.5 ms).
 */
const lazyYaml = {
  name: 'lazy-yaml',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, async (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const out = await build({
        stdin: { contents: "export { parse } from 'yaml';", resolveDir: root, loader: 'js' },
        bundle: true,
        minify: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        write: false,
        legalComments: 'none',
        logLevel: 'warning',
        // yaml's CommonJS build requires node:process; a data: module has no require of its own.
        banner: { js: "import{createRequire}from'node:module';const require=createRequire('file:///');" },
      });
      const packed = deflateRawSync(out.outputFiles[0]?.text ?? '', { level: 9 }).toString('base64');
      const loader =
        "const{inflateRawSync}=process.getBuiltinModule('node:zlib');" +
        `export const{parse}=await import('data:text/javascript;base64,'+inflateRawSync(Buffer.from('${packed}','base64')).toString('base64'));`;
      return { path: `data:text/javascript,${encodeURIComponent(loader)}`, external: true };
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
  // One ESM bundle, as the action promises its users. (A CommonJS bundle would skip Node 20's ESM loader
  // set-up, ~5 ms a run, which is not worth a second format for the same sources.)
  format: 'esm',
  // The runner uses node24; Node 20 is the floor for local runs and the benchmark.
  target: 'node20',
  conditions: ['@readygate/source'],
  // zod's JIT compiles each object schema with `new Function` on first parse: a win for long-lived servers,
  // a loss for a process that parses each schema about once. zod reads this global before any schema exists.
  banner: {
    js: 'globalThis.__zod_globalConfig={jitless:true};',
  },
  legalComments: 'eof',
  plugins: [englishOnlyZod, lazyYaml],
  outfile: 'dist/index.js',
  logLevel: 'warning',
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await build(options);
  await mkdir(new URL('../dist/', import.meta.url), { recursive: true });
  // Lets dist/ run as ESM even where the action is copied without its package.json.
  await writeFile(new URL('../dist/package.json', import.meta.url), '{ "type": "module" }\n');
}
