import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { BadUserInputError, QueryTooDeepError } from '../../src/errors';
import { createLogger } from '../../src/logger';
import { formatGraphQLError } from '../../src/server/format-error';

function capture() {
  const lines: string[] = [];
  return { lines, logger: createLogger('debug', 'test', (line) => lines.push(line)) };
}

test('an unexpected error is answered as "Internal server error" with an id, and logged with its details', () => {
  const { lines, logger } = capture();
  const driverError = new Error('duplicate key value violates unique constraint "sources_pkey"');
  const wrapped = new GraphQLError(driverError.message, { originalError: driverError, path: ['createSource'] });
  const formatted = formatGraphQLError(
    { message: wrapped.message, path: ['createSource'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    wrapped,
    logger,
  );
  assert.match(formatted.message, /^Internal server error \(error id [0-9a-f-]{36}: details are in Ferry's log\)$/);
  assert.equal(formatted.extensions?.code, 'INTERNAL_SERVER_ERROR');
  assert.ok(!JSON.stringify(formatted).includes('sources_pkey'));
  assert.equal(lines.length, 1);
  assert.ok(lines[0].includes('sources_pkey') && lines[0].includes(String(formatted.extensions?.errorId)));
});

test("Ferry's errors keep their code and message, also when wrapped as a validation error", () => {
  const { lines, logger } = capture();
  const own = new BadUserInputError('input.name: must not be empty', 'input.name');
  assert.deepEqual(
    formatGraphQLError({ message: own.message, extensions: { code: 'BAD_USER_INPUT' } }, own, logger).extensions?.code,
    'BAD_USER_INPUT',
  );
  const deep = new QueryTooDeepError(3);
  const wrapped = new GraphQLError(deep.message, { originalError: deep, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  const formatted = formatGraphQLError({ message: wrapped.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, wrapped, logger);
  assert.equal(formatted.extensions?.code, 'QUERY_TOO_DEEP');
  const syntax = new GraphQLError('Syntax Error: Expected Name, found <EOF>.', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
  assert.equal(formatGraphQLError({ message: syntax.message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, syntax, logger).message, syntax.message);
  assert.ok(
    lines.every((line) => JSON.parse(line).level === 'debug'),
    'expected errors are not logged as failures',
  );
});
