import { describe, expect, test } from '@jest/globals';
import { z } from 'zod';
import { PluginConfigError } from '../../../src/plugins/contract';
import { mysqlSource } from '../../../src/plugins/sources/mysql';
import { modelSql } from '../../../src/plugins/sources/mysql/model-sql';
import { statementTimeLimit, serverFlavour } from '../../../src/plugins/sources/mysql/server-flavour';

const config = mysqlSource.config;

describe('mysql source: identity and config', () => {
  test('is the source plugin "mysql", offering tables', () => {
    expect(mysqlSource.id).toBe('mysql');
    expect(mysqlSource.kind).toBe('source');
    expect(mysqlSource.name).toBe('MySQL / MariaDB');
    expect(typeof mysqlSource.tables).toBe('function');
  });

  test('fills in port 3306, ssl off and the timeouts', () => {
    expect(config.parse({ host: 'db.example.com', database: 'shop', user: 'ferry', password: 's3cret' })).toEqual({
      host: 'db.example.com',
      port: 3306,
      database: 'shop',
      user: 'ferry',
      password: 's3cret',
      ssl: false,
      statementTimeoutSeconds: 900,
      connectTimeoutSeconds: 10,
    });
  });

  test('names each invalid field by its path, with a message saying what to give', () => {
    const result = config.safeParse({ host: '  ', port: 70000, user: 'u', ssl: 'yes', connectTimeoutSeconds: 0 });
    expect(result.success).toBe(false);
    const byPath = new Map(result.error!.issues.map((issue) => [issue.path.join('.'), issue.message]));
    expect([...byPath.keys()].sort()).toEqual(['connectTimeoutSeconds', 'database', 'host', 'port', 'ssl']);
    expect(byPath.get('host')).toMatch(/must not be empty/);
    expect(byPath.get('database')).toMatch(/required: the name of the database/);
    expect(byPath.get('port')).toMatch(/between 1 and 65535/);
    expect(byPath.get('ssl')).toMatch(/true or false/);
  });

  test('JSON Schema describes every field and marks only the password write-only', () => {
    const schema = z.toJSONSchema(config) as { properties: Record<string, { description?: string; writeOnly?: boolean; default?: unknown }> };
    expect(schema.properties.password.writeOnly).toBe(true);
    for (const [name, property] of Object.entries(schema.properties)) {
      expect(property.description).toBeTruthy();
      if (name !== 'password') expect(property.writeOnly).not.toBe(true);
    }
    expect(schema.properties.port.default).toBe(3306);
  });
});

describe('mysql source: SQL handling', () => {
  test('table models quote names in backticks, doubling backticks inside', () => {
    expect(mysqlSource.tableSql!({ schema: null, name: 'we`ird' })).toBe('SELECT * FROM `we``ird`');
    expect(mysqlSource.tableSql!({ schema: 'shop', name: 'order`s; DROP TABLE x' })).toBe('SELECT * FROM `shop`.`order``s; DROP TABLE x`');
    expect(mysqlSource.tableSql!({ schema: null, name: 'people' })).toBe('SELECT * FROM `people`');
  });

  test('trailing semicolons go; comments before the query are allowed', () => {
    expect(modelSql({ kind: 'sql', sql: '-- people\n/* all */ SELECT 1;  \n' })).toBe('-- people\n/* all */ SELECT 1');
    expect(modelSql({ kind: 'sql', sql: '(SELECT 1) UNION (SELECT 2)' })).toBe('(SELECT 1) UNION (SELECT 2)');
  });

  test.each([
    ['INSERT INTO t VALUES (1) RETURNING id', 'INSERT'],
    ['  delete from t returning id', 'DELETE'],
    ['# note\nCALL refresh()', 'CALL'],
    ['SET @x = 1', 'SET'],
    ['/* x */ update t set a = 1', 'UPDATE'],
  ])('a statement that writes is refused before it runs: %s', (sql, keyword) => {
    const attempt = () => modelSql({ kind: 'sql', sql });
    expect(attempt).toThrow(PluginConfigError);
    expect(attempt).toThrow(`The SQL is not a query (it starts with ${keyword}): a model's SQL must only read`);
  });

  test('empty SQL is refused', () => {
    expect(() => modelSql({ kind: 'sql', sql: ' ;\n ' })).toThrow(/^The SQL is empty/);
  });

  test('the statement time limit is named per server flavour', () => {
    expect(serverFlavour('10.11.6-MariaDB-0+deb12u1')).toBe('mariadb');
    expect(serverFlavour('8.4.2')).toBe('mysql');
    expect(statementTimeLimit('mariadb', 1.5)).toBe('max_statement_time = 1.5');
    expect(statementTimeLimit('mysql', 1.5)).toBe('max_execution_time = 1500');
  });
});
