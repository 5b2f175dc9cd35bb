import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { z } from 'zod';
import { postgresSource } from '../../../src/plugins/sources/postgres';

const config = postgresSource.config;

describe('postgres source: identity and config', () => {
  test('is the source plugin "postgres" named PostgreSQL', () => {
    assert.equal(postgresSource.id, 'postgres');
    assert.equal(postgresSource.kind, 'source');
    assert.equal(postgresSource.name, 'PostgreSQL');
  });

  test('fills in port, ssl and the timeouts', () => {
    const parsed = config.parse({ host: 'db.example.com', database: 'shop', user: 'ferry', password: 's3cret' });
    assert.deepEqual(parsed, {
      host: 'db.example.com',
      port: 5432,
      database: 'shop',
      user: 'ferry',
      password: 's3cret',
      ssl: false,
      statementTimeoutSeconds: 900,
      connectTimeoutSeconds: 10,
    });
  });

  test('accepts fractional timeouts', () => {
    const parsed = config.parse({ host: 'h', database: 'd', user: 'u', connectTimeoutSeconds: 0.25, statementTimeoutSeconds: 1.5 });
    assert.equal(parsed.connectTimeoutSeconds, 0.25);
    assert.equal(parsed.statementTimeoutSeconds, 1.5);
  });

  test('names each invalid field by its path, with a message saying what to give', () => {
    const result = config.safeParse({ host: '  ', port: 70000, user: 'u', ssl: 'yes', connectTimeoutSeconds: 0 });
    assert.equal(result.success, false);
    const byPath = new Map(result.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
    assert.deepEqual([...byPath.keys()].sort(), ['connectTimeoutSeconds', 'database', 'host', 'port', 'ssl']);
    assert.match(byPath.get('host')!, /must not be empty/);
    assert.match(byPath.get('database')!, /required: the name of the database/);
    assert.match(byPath.get('port')!, /between 1 and 65535/);
    assert.match(byPath.get('ssl')!, /true or false/);
    assert.match(byPath.get('connectTimeoutSeconds')!, /more than 0 seconds/);
  });

  test('JSON Schema describes every field for a form and marks the password write-only', () => {
    const schema = z.toJSONSchema(config) as { properties: Record<string, { description?: string; writeOnly?: boolean; default?: unknown }> };
    assert.equal(schema.properties.password.writeOnly, true);
    for (const [name, property] of Object.entries(schema.properties)) {
      assert.ok(property.description, `${name} has a description`);
      if (name !== 'password') assert.notEqual(property.writeOnly, true, `${name} is not write-only`);
    }
    assert.equal(schema.properties.port.default, 5432);
  });
});
