import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import { Client } from 'pg';
import { createTestDatabase } from '../helpers/database';

test('each test file gets its own empty database on the real PostgreSQL', async () => {
  const url = await createTestDatabase();
  const client = new Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query('SELECT current_database() AS name');
  await client.end();
  assert.match(rows[0].name, /^ferry_[0-9a-f]{12}$/);
});
