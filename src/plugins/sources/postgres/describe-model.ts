import { PluginConfigError, type Column } from '../../contract';
import type { PostgresConfig } from './config';
import { describeStatement } from './describe';
import type { Session } from './session';
import { queryError } from './sql-errors';

/**
 * The columns of the model's SQL, with their pg_type names, learned without running it. Refuses SQL that
 * PostgreSQL rejects (with its message), SQL that returns no rows (INSERT, SET…), SQL with `$n` parameters
 * and duplicate column names (each row is an object keyed by column name, so one value would be lost). `userSql` is
 * null when Ferry wrote the statement (a table model's).
 */
export async function describeModel(session: Session, config: PostgresConfig, sql: string, userSql: string | null = sql): Promise<Column[]> {
  const failure = (cause: unknown) => queryError(cause, { config, sql: userSql, dialect: session.dialect });
  const shape = await session.run((client) => describeStatement(client, sql), failure);
  if (shape.parameterCount > 0) {
    throw new PluginConfigError(
      `The SQL uses parameters ($1 … $${shape.parameterCount}): a model's SQL cannot take parameters; write the values into it`,
    );
  }
  if (!shape.fields || shape.fields.length === 0) {
    throw new PluginConfigError('The SQL returns no columns: a model must be a query that returns rows, e.g. SELECT email, first_name FROM users');
  }
  const seen = new Set<string>();
  for (const { name } of shape.fields) {
    if (seen.has(name)) throw new PluginConfigError(`The column "${name}" appears more than once: give each column its own name with AS`);
    seen.add(name);
  }
  const types = await session.learnTypes(
    shape.fields.map((field) => field.dataTypeID),
    failure,
  );
  return shape.fields.map((field) => ({ name: field.name, type: types.get(field.dataTypeID)?.name ?? String(field.dataTypeID) }));
}
