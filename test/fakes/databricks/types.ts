/** A column of a fake table: its name and Databricks SQL type as written in DDL (BIGINT, DECIMAL(10,2), ARRAY<STRING>…). */
export interface FakeColumn {
  name: string;
  type: string;
}

/** Values as JS: null, string, number, bigint, boolean, Date, Buffer, arrays and objects (serialised per column type). */
export interface FakeTableInput {
  catalog?: string;
  schema?: string;
  name: string;
  columns: FakeColumn[];
  rows: unknown[][];
}

/** One manifest column, as the Statement Execution API describes it. */
export interface ColumnInfo {
  name: string;
  type_text: string;
  type_name: string;
  position: number;
  type_precision?: number;
  type_scale?: number;
}

/** A statement's result: rows are produced on demand, so a generated million rows never sit in memory. */
export interface ResultSet {
  columns: ColumnInfo[];
  rowCount: number;
  /** The row in JSON_ARRAY form: every value a string or null. */
  row(index: number): Array<string | null>;
  /** How long the statement runs before its result is ready (a slow query). */
  runMs: number;
  /** Set when the statement compiles but fails while running (raise_error). */
  failure?: StatementError;
}

export interface StatementError {
  error_code: string;
  message: string;
  sql_state?: string;
}
