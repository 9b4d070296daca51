/* global URL, process */
// Bundles the action into ONE minified ESM file, dist/index.js, committed for the runner.
// Workspace packages are bundled from their sources (custom condition), so no prior build is needed.
import { build } from 'esbuild';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Shared with the benchmark, which builds the same bundle with a metafile. */
export const options = {
  absWorkingDir: root,
  entryPoints: ['src/index.ts'],
  bundle: true,
  minify: true,
  platform: 'node',
  format: 'esm',
  // The runner uses node24; Node 20 is the floor for local runs and the benchmark.
  target: 'node20',
  conditions: ['@readygate/source'],
  // Some bundled CommonJS code calls require() for Node built-ins; ESM has no require of its own.
  banner: { js: "import{createRequire as __rgCreateRequire}from'node:module';const require=__rgCreateRequire(import.meta.url);" },
  legalComments: 'eof',
  outfile: 'dist/index.js',
  logLevel: 'warning',
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await build(options);
  await mkdir(new URL('../dist/', import.meta.url), { recursive: true });
  // Lets dist/ run as ESM even where the action is copied without its package.json.
  await writeFile(new URL('../dist/package.json', import.meta.url), '{ "type": "module" }\n');
}
