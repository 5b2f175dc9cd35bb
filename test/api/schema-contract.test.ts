import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from '@jest/globals';
import { printFerrySchema } from '../../src/schema/build-schema';

const root = join(__dirname, '..', '..', '..');

test('schema.graphql is generated from the code and up to date (npm run schema)', async () => {
  const committed = readFileSync(join(root, 'schema.graphql'), 'utf8');
  assert.equal(committed, await printFerrySchema(), 'schema.graphql is stale: run `npm run schema` and commit it');
});

test('schema.graphql holds the public contract without a breaking change', () => {
  const checker = join(root, '..', 'shared', 'tools', 'check-contract.mjs');
  assert.ok(existsSync(checker), `contract checker not found at ${checker}`);
  const output = execFileSync(process.execPath, [checker, 'schema.graphql'], { cwd: root, encoding: 'utf8' });
  assert.match(output, /contract holds/);
});
