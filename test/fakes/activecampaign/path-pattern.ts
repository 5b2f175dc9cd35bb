/** Route patterns such as `/contacts/:id` or `/accounts*`, matched against a path relative to /api/3. */

export type PathMatcher = (path: string) => boolean;

const API_PREFIX = '/api/3';

/** Strips `/api/3` so patterns and paths may be written either way. */
export function relativeApiPath(path: string): string {
  if (path === API_PREFIX) return '/';
  return path.startsWith(`${API_PREFIX}/`) ? path.slice(API_PREFIX.length) : path;
}

export function patternToRegExp(pattern: string): RegExp {
  const source = relativeApiPath(pattern)
    .split(/(:[A-Za-z]+|\*)/)
    .map((part) => {
      if (part === '*') return '.*';
      if (part.startsWith(':')) return `(?<${part.slice(1)}>[^/]+)`;
      return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}/?$`);
}

export function compilePathPattern(pattern: string | RegExp): PathMatcher {
  const regexp = typeof pattern === 'string' ? patternToRegExp(pattern) : pattern;
  return (path) => {
    regexp.lastIndex = 0; // a /g or /y RegExp would otherwise carry state between calls
    return regexp.test(relativeApiPath(path));
  };
}
