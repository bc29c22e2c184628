// The server build: the node server and the `keyferry` CLI (everything under src/ that
// the console does not own) compiled by esbuild into build/ as plain JavaScript, so node
// processes start without transpiling TypeScript at run time (docs/cluster.md, "Start-up").
// TypeScript stays the source of truth; build/ is git-ignored and rebuilt when stale.
//
//   build/keyferry.js         the CLI (`keyferry node`, `keyferry cluster`, …)
//   build/cluster-process.js  start / wait-until-ready / stop of `keyferry cluster`, for scripts/start.js
//   build/split-wrap-worker.js a worker thread of `keyferry import-many`'s split-and-wrap pool
//   build/session-crypto-worker.js a worker thread of a node's session-crypto pool (batch sessions' curve work)
//   build/inputs.json         the source files that went in (esbuild's metafile): the staleness check
//
// Each entry is one file with npm packages left as imports (node_modules is there at run
// time). `import.meta.dirname` is rewritten per source file to that file's own folder, so
// a module that finds files beside its source (package.json, say) finds the same ones
// when bundled. Runs on `npm install` / `npm ci` (the `prepare` script), and with
// --if-stale from `npm start`, `npm run keyferry` and every test that launches the CLI.
//
// CLI: node scripts/build-server.js [--if-stale]

import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Where the compiled server lives. */
export const SERVER_BUILD_DIR = join(repoRoot, 'build');

/** Entry points: output name (without .js) → TypeScript source. */
const ENTRIES = {
  keyferry: 'src/cli/main.ts',
  'cluster-process': 'src/node/cluster/cluster-process.ts',
  'split-wrap-worker': 'src/cli/split-wrap-worker.ts',
  'session-crypto-worker': 'src/node/sessions/session-crypto-worker.ts',
};

const INPUTS_FILE = join(SERVER_BUILD_DIR, 'inputs.json');
const outputFile = (/** @type {string} */ name) => join(SERVER_BUILD_DIR, `${name}.js`);

/**
 * Whether build/ must be (re)built: an output is missing, or a file that went into it
 * (or this script) changed since. A file newly imported is seen through its importer.
 * @returns {boolean}
 */
export function serverBuildIsStale() {
  /** @type {number} */
  let built = Infinity;
  for (const file of [INPUTS_FILE, ...Object.keys(ENTRIES).map(outputFile)]) {
    const s = statSync(file, { throwIfNoEntry: false });
    if (!s) return true;
    built = Math.min(built, s.mtimeMs);
  }
  /** @type {string[]} */
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(INPUTS_FILE, 'utf8'));
  } catch {
    return true;
  }
  for (const input of [...inputs, 'scripts/build-server.js']) {
    const s = statSync(join(repoRoot, input), { throwIfNoEntry: false });
    if (!s || s.mtimeMs > built) return true;
  }
  return false;
}

/**
 * esbuild plugin: `import.meta.dirname` in a source file becomes that file's folder,
 * found from the bundle's own location (so the repository can move).
 * @returns {import('esbuild').Plugin}
 */
function sourceDirname() {
  return {
    name: 'keyferry-source-dirname',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.dirname')) return undefined;
        const fromBuild = relative(SERVER_BUILD_DIR, dirname(args.path)).split('\\').join('/');
        const expr = `decodeURIComponent(new URL(${JSON.stringify(fromBuild)}, import.meta.url).pathname)`;
        return { contents: text.replaceAll('import.meta.dirname', expr), loader: 'ts' };
      });
    },
  };
}

/**
 * Compile the server and CLI into build/. Each file is written beside its final name and
 * renamed over it, so two builds at once (parallel test workers) never leave a torn file.
 * @returns {Promise<void>}
 */
export async function buildServer() {
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: Object.entries(ENTRIES).map(([out, src]) => ({ in: src, out })),
    outdir: SERVER_BUILD_DIR,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'warning',
    plugins: [sourceDirname()],
  });
  mkdirSync(SERVER_BUILD_DIR, { recursive: true });
  const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.startsWith('node_modules/'));
  const files = [...result.outputFiles.map((f) => ({ path: f.path, contents: f.contents })), { path: INPUTS_FILE, contents: `${JSON.stringify(inputs, null, 1)}\n` }];
  // inputs.json last: until it is renamed in, the build counts as stale.
  for (const { path, contents } of files) {
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, contents);
    renameSync(temp, path);
  }
}

/**
 * Build unless build/ is up to date.
 * @returns {Promise<boolean>} whether it built
 */
export async function ensureServerBuild() {
  if (!serverBuildIsStale()) return false;
  await buildServer();
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const ifStale = process.argv.includes('--if-stale');
  const started = performance.now();
  (ifStale ? ensureServerBuild() : buildServer().then(() => true)).then(
    (built) => {
      if (built) process.stderr.write(`keyferry: server build in ${relative(process.cwd(), SERVER_BUILD_DIR) || '.'}/ (${Math.round(performance.now() - started)} ms)\n`);
    },
    (/** @type {unknown} */ error) => {
      process.stderr.write(`build-server: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
