import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from '@jest/globals';
import { parse, validate } from 'graphql';
import { configVariables } from '../../src/config';
import { ferrySchema } from '../../src/schema/build-schema';

const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

test("every GraphQL operation in the README is valid against Ferry's schema", async () => {
  const schema = await ferrySchema();
  const operations = [...readme.matchAll(/<<'EOF'\n([\s\S]*?)\nEOF/g)].map((m) => m[1]);
  const inline = [...readme.matchAll(/"query": "([^"]+)"/g)].map((m) => m[1]);
  assert.ok(operations.length >= 9, `found ${operations.length} operations`);
  for (const operation of [...operations, ...inline]) {
    const errors = validate(schema, parse(operation));
    assert.deepEqual(
      errors.map((e) => e.message),
      [],
      operation,
    );
  }
});

test('the README gives the two commands and every configuration variable', () => {
  assert.match(readme, /npm ci && npm start/);
  assert.match(readme, /npm test/);
  const testOnly = new Set(['FERRY_MIN_INTERVAL_SECONDS']);
  const documented = configVariables.filter((variable) => !testOnly.has(variable));
  assert.ok(documented.length >= 15, `read ${documented.length} variables from the config schema`);
  for (const variable of documented) assert.match(readme, new RegExp(`\`${variable}\``), `${variable} is in the README`);
});
