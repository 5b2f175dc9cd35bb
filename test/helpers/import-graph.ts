import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';

/** One relative import: both paths are repository-relative, POSIX-style, without the `.ts` extension. */
export interface ImportEdge {
  from: string;
  to: string;
}

const SPECIFIER = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)'(\.{1,2}\/[^']*)'/g;

/** The relative specifiers (`./x`, `../y`) a TypeScript source imports, re-exports or requires. */
export function relativeSpecifiers(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map((match) => match[1]);
}

/** Edges from one file (repository-relative path, with or without `.ts`) given its source text. */
export function edgesOf(file: string, source: string): ImportEdge[] {
  const from = file.replace(/\.ts$/, '');
  return relativeSpecifiers(source).map((specifier) => ({ from, to: posix.normalize(posix.join(posix.dirname(from), specifier)) }));
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every relative import of the `.ts` files under `dir` (a folder of the repository at `root`). */
export function importEdges(root: string, dir: string): ImportEdge[] {
  return tsFiles(join(root, dir)).flatMap((path) => edgesOf(relative(root, path).split(sep).join('/'), readFileSync(path, 'utf8')));
}

/** Whether `path` is the module or folder `area`, or inside it (`src/engine` holds `src/engine/run/run-sync`). */
export function isWithin(path: string, area: string): boolean {
  const bare = area.replace(/\.ts$/, '');
  return path === bare || path.startsWith(`${bare}/`);
}

/** A rule: no file within `from` may import anything within one of `notFrom`. */
export interface ImportRule {
  from: string;
  notFrom: string[];
}

/** The edges that break a rule, as `importer -> imported` lines. */
export function violations(edges: readonly ImportEdge[], rules: readonly ImportRule[]): string[] {
  return edges
    .filter((edge) => rules.some((rule) => isWithin(edge.from, rule.from) && rule.notFrom.some((area) => isWithin(edge.to, area))))
    .map((edge) => `${edge.from} -> ${edge.to}`);
}

/**
 * The edges by which a plugin folder (`src/plugins/sources/<id>`, `src/plugins/destinations/<id>`) reaches outside
 * itself to anything but the plugin contract.
 */
export function pluginLeaks(edges: readonly ImportEdge[], contract = 'src/plugins/contract'): string[] {
  return edges
    .filter((edge) => {
      const folder = /^(src\/plugins\/(?:sources|destinations)\/[^/]+)\//.exec(edge.from)?.[1];
      return folder !== undefined && !isWithin(edge.to, folder) && edge.to !== contract;
    })
    .map((edge) => `${edge.from} -> ${edge.to}`);
}
