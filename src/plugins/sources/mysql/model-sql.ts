import { PluginConfigError, modelStatement, selectTableSql, type ModelQuery, type SourceTable } from '../../contract';

/** SELECT * FROM `database`.`table`: a table model's statement, never built by pasting the name into SQL. */
export const tableSql = (table: SourceTable): string => selectTableSql(table, '`');

/** Leading white space and comments (`-- …`, `# …`, `/* … *\/`, but not MySQL's executable `/*! … *\/`). */
const leadingComments = /^(?:\s+|--[ \t][^\n]*(?:\n|$)|--(?:\n|$)|#[^\n]*(?:\n|$)|\/\*(?!!)[\s\S]*?\*\/)*/;

/**
 * First words of statements that write or change the session: refused before anything runs, with a message that
 * says why. Anything else goes to the server, which prepares it (a syntax error comes back in its own words) and
 * runs it in a READ ONLY transaction.
 */
const writingStatements = new Set(
  (
    'INSERT UPDATE DELETE REPLACE MERGE UPSERT CREATE DROP ALTER TRUNCATE RENAME CALL DO SET LOAD HANDLER GRANT REVOKE ' +
    'LOCK UNLOCK START BEGIN COMMIT ROLLBACK SAVEPOINT RELEASE XA PREPARE EXECUTE DEALLOCATE KILL FLUSH RESET PURGE ' +
    'INSTALL UNINSTALL SHUTDOWN OPTIMIZE REPAIR ANALYZE CHECKSUM CACHE USE BINLOG IMPORT'
  ).split(' '),
);

/**
 * The model's SQL ready to run (see modelStatement). Throws PluginConfigError when only comments are left or the
 * statement is not a query.
 */
export function modelSql(query: ModelQuery): string {
  const text = modelStatement(query, tableSql);
  if (query.kind === 'table') return text;
  const body = text.replace(leadingComments, '');
  if (body === '') {
    throw new PluginConfigError('The SQL is empty: write the query that selects the rows to sync, e.g. SELECT email, first_name FROM users');
  }
  const keyword = (/^[A-Za-z]+/.exec(body)?.[0] ?? '').toUpperCase();
  if (writingStatements.has(keyword)) {
    throw new PluginConfigError(
      `The SQL is not a query (it starts with ${keyword}): a model's SQL must only read, e.g. SELECT … or WITH … SELECT …; Ferry never changes your data`,
      { statement: keyword },
    );
  }
  return text;
}
