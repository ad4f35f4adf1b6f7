import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
const sourceRoot = join(repositoryRoot, 'src');

/** One import in a source file, reduced to what the layer table speaks of. */
interface ImportEdge {
  /** Repository-relative path of the importing file. */
  file: string;
  /** The specifier as written. */
  specifier: string;
  /** `training/`, `training/modules/` (src-relative folder path of a local file), `node:` or a package name. */
  target: string;
}

/** Rules read from CONTRIBUTING.md: what each layer may import, and what some sub-folders must not. */
interface Rules {
  allowed: Map<string, Set<string>>;
  forbidden: Map<string, Set<string>>;
}

const nodeBuiltins = new Set(builtinModules);

// Static `import`/`export ... from`, side-effect `import '...'`, `import('...')`, `import.meta.resolve('...')`
// and `new URL('./x.ts', import.meta.url)` (worker and child-process entry points).
const importPattern =
  /(?:\bfrom\s*|^\s*import\s*|\bimport\(\s*|\bimport\.meta\.resolve\(\s*|\bnew URL\(\s*(?=['"]\.))['"]([^'"]+)['"]/gm;

/** Every import of one file. Relative imports become the src-relative folder of the imported file. */
export function importsOf(file: string, text: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  // Comments may quote code ("... from 'x'") that is not an import.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const match of code.matchAll(importPattern)) {
    const specifier = match[1]!;
    const target = classify(file, specifier);
    if (target !== undefined) edges.push({ file: relative(repositoryRoot, file), specifier, target });
  }
  return edges;
}

function classify(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) {
    const absolute = resolve(dirname(file), specifier);
    const inSource = relative(sourceRoot, absolute);
    // Data paths (fixtures, bin/ftd.mjs, the package root) are not code of another layer.
    if (inSource.startsWith('..') || !/\.(ts|mjs|js)$/.test(inSource)) return undefined;
    return `${dirname(inSource)}/`;
  }
  if (specifier.startsWith('node:') || nodeBuiltins.has(specifier.split('/')[0]!)) return 'node:';
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Reads the two tables of CONTRIBUTING.md's Layout section; only backticked names count. */
export function readRules(markdown: string): Rules {
  const allowed = new Map<string, Set<string>>();
  const forbidden = new Map<string, Set<string>>();
  let table: Map<string, Set<string>> | undefined;
  for (const line of markdown.split('\n')) {
    if (/^\| folder \| owns \| may import \|/.test(line)) table = allowed;
    else if (/^\| folder \| must not import \|/.test(line)) table = forbidden;
    else if (!line.startsWith('|')) table = undefined;
    if (table === undefined) continue;
    const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
    const folder = cells[0]?.match(/^`src\/([^`]+\/)`$/)?.[1];
    if (folder === undefined) continue;
    // Only the names before "never" / "nothing": those clauses are explanations, not permissions.
    const listed = cells.at(-1)!.split(/;\s*(?:never|nothing)\b/)[0]!;
    table.set(folder, new Set([...listed.matchAll(/`([^`]+)`/g)].map((name) => name[1]!)));
  }
  return { allowed, forbidden };
}

/** The imports that cross the tables, one line each, empty when every import is allowed. */
export function violations(edges: readonly ImportEdge[], rules: Rules): string[] {
  const found: string[] = [];
  for (const edge of edges) {
    const folder = relative('src', dirname(edge.file)) + '/';
    const layer = `${folder.split('/')[0]}/`;
    const permitted = rules.allowed.get(layer);
    if (permitted === undefined) {
      found.push(`${edge.file}: its layer ${layer} has no row in CONTRIBUTING.md's layout table`);
      continue;
    }
    const targetLayer = edge.target.endsWith('/') ? `${edge.target.split('/')[0]}/` : edge.target;
    if (targetLayer !== layer && !permitted.has(targetLayer)) {
      found.push(`${edge.file}: imports "${edge.specifier}" (${targetLayer}), which ${layer} may not import`);
    }
    for (const [restricted, banned] of rules.forbidden) {
      if (!folder.startsWith(restricted)) continue;
      for (const ban of banned) {
        if (edge.target.startsWith(ban)) found.push(`${edge.file}: imports "${edge.specifier}" (${ban}), which ${restricted} must not import`);
      }
    }
  }
  return found;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs)$/.test(entry.name) ? [path] : [];
  });
}

const rules = readRules(readFileSync(join(repositoryRoot, 'CONTRIBUTING.md'), 'utf8'));

describe('import boundaries', () => {
  it('reads a row for every layer in src/ from CONTRIBUTING.md', () => {
    const layers = readdirSync(sourceRoot, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => `${entry.name}/`);
    expect([...rules.allowed.keys()].sort()).toEqual(layers.sort());
    expect(rules.allowed.get('runtime-web/')).toEqual(new Set(['runtime-common/', 'onnxruntime-web']));
    expect(rules.forbidden.get('training/modules/')).toEqual(new Set(['training/backbones/', 'training/model/']));
  });

  it('finds every kind of import', () => {
    const file = join(sourceRoot, 'serve', 'example.ts');
    const text = [
      "import { a } from '../runtime-node/a.ts';",
      "export { b } from './b.ts';",
      "import 'fastify';",
      "const c = await import('../training/loop/train.ts');",
      "new URL('./worker/thread.ts', import.meta.url);",
      "import.meta.resolve('onnxruntime-web/ort.wasm');",
      "import { readFile } from 'node:fs/promises';",
      "import type { X } from '@tensorflow/tfjs-core/dist/x.js';",
      "const bin = new URL('../../bin/ftd.mjs', import.meta.url);",
      "const page = new URL('model/', location.href);",
      "/** Not installed is told apart from \"installed but broken\" */",
    ].join('\n');
    expect(importsOf(file, text).map((edge) => edge.target)).toEqual([
      'runtime-node/', 'serve/', 'fastify', 'training/loop/', 'serve/worker/', 'onnxruntime-web', 'node:', '@tensorflow/tfjs-core',
    ]);
  });

  it('reports a forbidden import, naming the file, the specifier and the rule', () => {
    const forbiddenLayer = importsOf(join(sourceRoot, 'runtime-web', 'page.ts'), "import { readFile } from 'node:fs';");
    expect(violations(forbiddenLayer, rules)).toEqual(['src/runtime-web/page.ts: imports "node:fs" (node:), which runtime-web/ may not import']);
    const upward = importsOf(join(sourceRoot, 'training', 'modules', 'x.ts'), "import { Xception } from '../backbones/xception.ts';");
    expect(violations(upward, rules)).toEqual([
      'src/training/modules/x.ts: imports "../backbones/xception.ts" (training/backbones/), which training/modules/ must not import',
    ]);
    const utilToCommon = importsOf(join(sourceRoot, 'util', 'x.ts'), "import type { T } from '../runtime-common/preprocess.ts';");
    expect(violations(utilToCommon, rules)).toHaveLength(1);
  });

  it('no import in src/ crosses the tables', () => {
    const edges = sourceFiles(sourceRoot).flatMap((file) => importsOf(file, readFileSync(file, 'utf8')));
    expect(edges.length).toBeGreaterThan(500);
    expect(violations(edges, rules)).toEqual([]);
  });
});
