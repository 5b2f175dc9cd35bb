import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, findBreakingChanges } from 'graphql';

/**
 * The last published API, committed as api/schema-baseline.graphql: the generated schema may add to it, never
 * break it, unless the break is accepted on purpose (`npm run schema:accept` rewrites it from the code).
 */
export const baselineFile = join(__dirname, '..', '..', '..', 'api', 'schema-baseline.graphql');

const header = `# The last published Ferry API. schema.graphql (generated from the code) may add to it but never break it:
# test/api/schema-contract.test.ts compares them with graphql's findBreakingChanges. To accept an intended break,
# run \`npm run schema:accept\`, which rewrites this file from the code, and commit it.

`;

export function readBaseline(): string {
  return readFileSync(baselineFile, 'utf8');
}

export function writeBaseline(sdl: string): void {
  writeFileSync(baselineFile, header + sdl);
}

/** Each change from `baseline` to `current` that breaks a client of the baseline, as `TYPE: description`. */
export function breakingChanges(baseline: string, current: string): string[] {
  return findBreakingChanges(buildSchema(baseline), buildSchema(current)).map((change) => `${change.type}: ${change.description}`);
}
