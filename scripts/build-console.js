// The console build for `npm start`: `vite build` in a child process, and only when dist/
// is older than what goes into it. In a child, because a build leaves the process that
// ran it holding some 400 MB; the process that then serves the console stays small.
//
// What goes in: index.html, public/, vite.config.ts, package.json and package-lock.json
// (plugin and library versions), tsconfig.json, and src/ except the Node-only parts
// (src/node, src/cli: a browser bundle cannot include them) and the unit tests.
// The build counts from its oldest output file, so a source saved during a build is
// newer than the build and triggers the next one.

import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

const INPUT_FILES = ['index.html', 'vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json'];
const INPUT_DIRS = ['public', 'src'];
const NODE_ONLY = new Set(['src/node', 'src/cli']);
const isUnitTest = (/** @type {string} */ name) => /\.test\.tsx?$/.test(name);

/**
 * mtimes of every file under `dir` (recursively), skipping what `skip` names.
 * @param {string} dir
 * @param {(path: string, isDir: boolean) => boolean} skip repo-relative path
 * @returns {number[]}
 */
function mtimes(dir, skip) {
  /** @type {number[]} */
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    const rel = relative(repoRoot, full).split('\\').join('/');
    if (skip(rel, entry.isDirectory())) continue;
    if (entry.isDirectory()) out.push(...mtimes(full, skip));
    else if (entry.isFile()) out.push(statSync(full).mtimeMs);
  }
  return out;
}

/**
 * Whether `outDir` lacks a build, or any input is newer than its oldest file.
 * @param {string} outDir
 * @returns {boolean}
 */
export function consoleBuildIsStale(outDir) {
  if (!statSync(join(outDir, 'index.html'), { throwIfNoEntry: false })?.isFile()) return true;
  const outputs = mtimes(outDir, () => false);
  const built = Math.min(...outputs);
  const inputs = [
    ...INPUT_FILES.flatMap((f) => {
      const s = statSync(join(repoRoot, f), { throwIfNoEntry: false });
      return s ? [s.mtimeMs] : [];
    }),
    ...INPUT_DIRS.flatMap((d) => {
      const s = statSync(join(repoRoot, d), { throwIfNoEntry: false });
      return s?.isDirectory() ? mtimes(join(repoRoot, d), (rel, isDir) => (isDir ? NODE_ONLY.has(rel) : isUnitTest(rel))) : [];
    }),
  ];
  return inputs.some((t) => t > built);
}

/**
 * `vite build --outDir <outDir>` in a child process; rejects with its output on failure.
 * @param {string} outDir
 * @returns {Promise<void>}
 */
export function buildConsole(outDir) {
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  return new Promise((resolveBuild, rejectBuild) => {
    const child = spawn(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', rejectBuild);
    child.once('close', (code, signal) => {
      if (code === 0) {
        if (output.trim() !== '') process.stderr.write(output); // vite's own warnings, if any
        resolveBuild();
      } else rejectBuild(new Error(`the console build (vite build) failed (${signal ?? `exit code ${code}`}):\n${output}`));
    });
  });
}
