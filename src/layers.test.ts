// The layers of docs/architecture.md, checked on the source: which top-level folder of src/
// may import which, that the client and the crypto core stay free of React and Node-only
// modules, that the console's components reach the crypto core only through services,
// hooks and workers, and that nothing in the console or the CLI calls fetch on a node
// except the client. A move that breaks a layer fails here, naming the file and the import.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname);

/** What each layer may import (besides itself and npm packages). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  crypto: [],
  protocol: ['crypto'],
  client: ['protocol', 'crypto'],
  node: ['protocol', 'crypto'],
  console: ['client', 'protocol', 'crypto'],
  cli: ['client', 'protocol', 'crypto', 'node'],
};

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.gen.ts')) out.push(path);
  }
  return out;
}

const isTest = (file: string) => /\.test\.tsx?$/.test(file) || /[/\\]test-support[/\\]/.test(file);
const layerOf = (file: string) => relative(SRC, file).split(/[/\\]/)[0]!;

/** Every module specifier the file imports (static, dynamic, `export … from`, worker URLs). */
function imports(text: string): string[] {
  const found: string[] = [];
  const re = /(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+|new URL\(\s*)(['"])([^'"]+)\1/gm;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) found.push(m[2]!);
  return found;
}

const files = sources(SRC).filter((f) => layerOf(f) in MAY_IMPORT);

describe('layers (docs/architecture.md)', () => {
  it('every import stays within what its layer may import', () => {
    const broken: string[] = [];
    for (const file of files) {
      if (isTest(file)) continue;
      const layer = layerOf(file);
      for (const spec of imports(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec);
        if (!target.startsWith(SRC)) continue;
        const to = layerOf(target);
        if (to !== layer && !MAY_IMPORT[layer]!.includes(to)) broken.push(`${relative(SRC, file)} imports ${spec} (${layer} → ${to})`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('the crypto core, the protocol and the client use no React and no Node-only module', () => {
    const broken: string[] = [];
    for (const file of files) {
      if (isTest(file) || !['crypto', 'protocol', 'client'].includes(layerOf(file))) continue;
      for (const spec of imports(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('node:') || spec === 'react' || spec.startsWith('react-') || spec.startsWith('react/')) broken.push(`${relative(SRC, file)} imports ${spec}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("the console's components reach the crypto core only through services, hooks and workers", () => {
    const broken = files
      .filter((f) => layerOf(f) === 'console' && f.endsWith('.tsx'))
      .flatMap((f) => imports(readFileSync(f, 'utf8')).filter((s) => s.startsWith('.') && layerOf(resolve(dirname(f), s)) === 'crypto').map((s) => `${relative(SRC, f)} imports ${s}`));
    expect(broken).toEqual([]);
  });

  it('only the client calls fetch on a node', () => {
    // The console server's own endpoint (/local/site-profiles) is not a node.
    const allowed = new Set(['console/features/sites/local-profiles.ts']);
    const callers = files
      .filter((f) => (layerOf(f) === 'console' || layerOf(f) === 'cli') && !isTest(f))
      .filter((f) => /\bfetch\s*\(/.test(readFileSync(f, 'utf8').replace(/\/\/.*$/gm, '')))
      .map((f) => relative(SRC, f).split('\\').join('/'))
      .filter((f) => !allowed.has(f));
    expect(callers).toEqual([]);
  });
});
