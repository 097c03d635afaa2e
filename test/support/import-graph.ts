import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's import graph, read from the source text, for architecture tests (lib/architecture.test.ts,
 * lib/settings/content-script-access.test.ts). Paths are relative to the repository root, `/`-separated.
 */

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** One `import`/`export … from`/`import()` in a module. */
export interface Edge {
  from: string;
  /** The specifier as written. */
  specifier: string;
  /** The project file it names (any extension), or null for a package. */
  to: string | null;
  /** What is imported (`{ a, b }`, `* as x`, `x`), as written. */
  names: string;
  /** `import type`/`export type`: erased at build time, so it brings no code. */
  typeOnly: boolean;
}

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s+(type\s+)?(?:([\w*{}\s,$]*?)\s*from\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The code of a module: a `.svelte` file's `<script>` blocks, else the whole text. */
export function code(file: string): string {
  const text = readFileSync(join(ROOT, file), 'utf8');
  if (!file.endsWith('.svelte')) return text;
  return [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
}

/** The project file a specifier names (`@/`, `~/` and relative; `.ts`, `/index.ts` added), null for a package. */
export function resolveSpecifier(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith('@/') || specifier.startsWith('~/')) base = join(ROOT, specifier.slice(2));
  else if (specifier.startsWith('.')) base = resolve(ROOT, dirname(from), specifier);
  else return null;
  base = base.replace(/\?.*$/, '');
  for (const candidate of [`${base}.ts`, base, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return relative(ROOT, candidate).split('\\').join('/');
  }
  // Named but missing (a typo, or a file being moved): keep the path so a rule can still judge it.
  return relative(ROOT, base).split('\\').join('/');
}

/** Every import of one module. */
export function importsOf(file: string): Edge[] {
  const edges: Edge[] = [];
  for (const match of code(file).matchAll(IMPORT)) {
    const [, typeOnly, names = '', staticSpecifier, dynamicSpecifier] = match;
    const specifier = staticSpecifier ?? dynamicSpecifier;
    if (!specifier) continue;
    edges.push({ from: file, specifier, to: resolveSpecifier(file, specifier), names, typeOnly: Boolean(typeOnly) });
  }
  return edges;
}

/** A module the walker can read and follow (not CSS, JSON, HTML, assets). */
export function isModule(file: string): boolean {
  return /\.(ts|svelte)$/.test(file) && existsSync(join(ROOT, file));
}

export interface Graph {
  /** Every module reached, with the chain of imports that reached it first (entry first). */
  files: Map<string, string[]>;
  /** Every import of a package by a module reached. */
  packages: Edge[];
}

/**
 * Every module the entries reach. By default only what runs (type-only imports bring no code);
 * `types: true` follows those too.
 */
export function walk(entries: readonly string[], options: { types?: boolean } = {}): Graph {
  const files = new Map<string, string[]>();
  const packages: Edge[] = [];
  const queue = entries.map((entry) => ({ file: entry, path: [entry] }));
  for (let next = queue.shift(); next; next = queue.shift()) {
    const { file, path } = next;
    if (files.has(file)) continue;
    files.set(file, path);
    for (const edge of importsOf(file)) {
      if (edge.typeOnly && !options.types) continue;
      if (edge.to === null) packages.push(edge);
      else if (isModule(edge.to)) queue.push({ file: edge.to, path: [...path, edge.to] });
    }
  }
  return { files, packages };
}

/** `a → b → c`: how an entry reached a file, for a failure message. */
export function chain(graph: Graph, file: string): string {
  return (graph.files.get(file) ?? [file]).join(' → ');
}

/** Every `.ts` and `.svelte` file under a folder (recursively), skipping generated folders. */
export function modulesUnder(folder: string): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') visit(path);
      } else if (/\.(ts|svelte)$/.test(entry.name)) out.push(path);
    }
  };
  if (existsSync(join(ROOT, folder))) visit(folder);
  return out.sort();
}

/** A unit test (or its type test), allowed to reach test support. */
export function isTest(file: string): boolean {
  return /\.test(-d)?\.ts$/.test(file);
}
