import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from '@jest/globals';
import { printFerrySchema } from '../../src/schema/build-schema';
import { breakingChanges, readBaseline } from '../../src/schema/schema-baseline';

const root = join(__dirname, '..', '..', '..');
const committedSchema = () => readFileSync(join(root, 'schema.graphql'), 'utf8');

test('schema.graphql is generated from the code and up to date (npm run schema)', async () => {
  assert.equal(committedSchema(), await printFerrySchema(), 'schema.graphql is stale: run `npm run schema` and commit it');
});

test('schema.graphql breaks nothing in the last published API (api/schema-baseline.graphql)', () => {
  const breaks = breakingChanges(readBaseline(), committedSchema());
  assert.deepEqual(
    breaks,
    [],
    `schema.graphql breaks the published API in ${breaks.length} way(s):\n  ${breaks.join('\n  ')}\n` +
      'Keep the old fields and arguments (deprecate them instead), or, if the break is intended, run `npm run schema:accept` and commit api/schema-baseline.graphql.',
  );
});

test('the check names each break: a removed field, a removed enum value, an argument made required', () => {
  const baseline = `${committedSchema()}
extend type Query { retired: String, page(first: Int): String }
enum Colour { RED GREEN }
extend type Query { colour: Colour }`;
  const current = `${committedSchema()}
extend type Query { page(first: Int!): String }
enum Colour { RED }
extend type Query { colour: Colour }`;
  assert.deepEqual(breakingChanges(baseline, current).sort(), [
    'ARG_CHANGED_KIND: Query.page arg first has changed type from Int to Int!.',
    'FIELD_REMOVED: Query.retired was removed.',
    'VALUE_REMOVED_FROM_ENUM: GREEN was removed from enum type Colour.',
  ]);
});
