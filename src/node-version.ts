/**
 * The Node.js floor, read from package.json's `engines.node` (the one place it is written). This file and
 * check-node-version.ts run before any dependency loads, on whatever Node starts Ferry: keep them to syntax and
 * modules old Node versions have (no `??` or `?.`, no `node:` prefix).
 */
import { readFileSync } from 'fs';
import { join } from 'path';

/** `engines.node` of package.json, two folders up from dist/src. */
export function enginesNode(): string {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).engines.node;
}

function isOlder(have: number[], need: number[]): boolean {
  for (let i = 0; i < need.length; i++) {
    const part = have[i] || 0;
    if (part !== need[i]) return part < need[i];
  }
  return false;
}

/** Why Node `running` (as in process.versions.node) is too old for `engines` (`>=MAJOR.MINOR[.PATCH]`), or null. */
export function nodeVersionProblem(running: string, engines: string): string | null {
  const floor = /^>=\s*(\d+\.\d+(?:\.\d+)?)$/.exec(engines.trim());
  if (!floor) throw new Error(`package.json engines.node must read ">=MAJOR.MINOR", not "${engines}"`);
  const numbers = (version: string) => version.split('.').map((part) => parseInt(part, 10));
  if (!isOlder(numbers(running), numbers(floor[1]))) return null;
  return `Ferry needs Node.js ${floor[1]} or newer; this is Node.js ${running}. Install a current Node.js LTS release and start Ferry with it.`;
}
