import type { StoredStatement, Statements } from './statements';

/** One entry of `result.external_links` / the chunk endpoint's `external_links`. */
export function externalLink(statements: Statements, baseUrl: string, statement: StoredStatement, index: number) {
  const { offset, count } = statements.chunkRange(statement, index);
  const { url, expiration } = statements.presign(baseUrl, statement, index);
  const last = index + 1 >= statements.chunkCount(statement);
  return {
    chunk_index: index,
    row_offset: offset,
    row_count: count,
    byte_count: Buffer.byteLength(statements.chunkBody(statement, index)),
    external_link: url,
    expiration,
    ...(last ? {} : { next_chunk_index: index + 1, next_chunk_internal_link: `/api/2.0/sql/statements/${statement.id}/result/chunks/${index + 1}` }),
  };
}

/** The INLINE form of one chunk: its rows in `data_array`. */
export function inlineChunk(statements: Statements, statement: StoredStatement, index: number) {
  const { offset, count } = statements.chunkRange(statement, index);
  const last = index + 1 >= statements.chunkCount(statement);
  return {
    chunk_index: index,
    row_offset: offset,
    row_count: count,
    data_array: JSON.parse(statements.chunkBody(statement, index)),
    ...(last ? {} : { next_chunk_index: index + 1, next_chunk_internal_link: `/api/2.0/sql/statements/${statement.id}/result/chunks/${index + 1}` }),
  };
}

/** The StatementResponse: status always; manifest and the first chunk once SUCCEEDED. */
export function statementResponse(statements: Statements, baseUrl: string, statement: StoredStatement) {
  const state = statements.state(statement);
  const error = statements.error(statement);
  const body: Record<string, unknown> = {
    statement_id: statement.id,
    status: { state, ...(state === 'FAILED' || state === 'CANCELED' ? { error } : {}) },
  };
  if (state !== 'SUCCEEDED') return body;
  const result = statement.result!;
  const chunks = statements.chunkCount(statement);
  body.manifest = {
    format: 'JSON_ARRAY',
    schema: { column_count: result.columns.length, columns: result.columns },
    total_chunk_count: chunks,
    chunks: Array.from({ length: chunks }, (_, i) => {
      const { offset, count } = statements.chunkRange(statement, i);
      return { chunk_index: i, row_offset: offset, row_count: count };
    }),
    total_row_count: result.rowCount,
    truncated: false,
  };
  if (chunks === 0) body.result = {};
  else if (statement.disposition === 'EXTERNAL_LINKS') body.result = { external_links: [externalLink(statements, baseUrl, statement, 0)] };
  else body.result = inlineChunk(statements, statement, 0);
  return body;
}
