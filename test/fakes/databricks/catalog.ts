import { columnInfo } from './type-names';
import type { ColumnInfo, FakeTableInput } from './types';
import { wireValue } from './wire-values';

export interface StoredTable {
  catalog: string;
  schema: string;
  name: string;
  columns: ColumnInfo[];
  /** Rows in JSON_ARRAY form. */
  rows: Array<Array<string | null>>;
}

const key = (...parts: string[]) => parts.map((p) => p.toLowerCase()).join('.');

/** The fake workspace's Unity Catalog: tables by catalog.schema.name (names are case-insensitive, as in Databricks). */
export class FakeCatalog {
  private readonly tables = new Map<string, StoredTable>();

  constructor(
    readonly defaultCatalog: string,
    readonly defaultSchema: string,
  ) {}

  add(input: FakeTableInput): StoredTable {
    const catalog = input.catalog ?? this.defaultCatalog;
    const schema = input.schema ?? this.defaultSchema;
    const columns = input.columns.map((column, index) => columnInfo(column.name, column.type, index));
    const rows = input.rows.map((row) => columns.map((column, index) => wireValue(row[index], column.type_name)));
    const table = { catalog, schema, name: input.name, columns, rows };
    this.tables.set(key(catalog, schema, input.name), table);
    return table;
  }

  drop(name: string, schema = this.defaultSchema, catalog = this.defaultCatalog): void {
    this.tables.delete(key(catalog, schema, name));
  }

  /** A one-, two- or three-part name, completed with the statement's catalog and schema. */
  resolve(path: string[], catalog: string, schema: string): StoredTable | undefined {
    const full = path.length === 3 ? path : path.length === 2 ? [catalog, ...path] : [catalog, schema, ...path];
    return this.tables.get(key(...full));
  }

  inCatalog(catalog: string): StoredTable[] {
    return [...this.tables.values()].filter((table) => table.catalog.toLowerCase() === catalog.toLowerCase());
  }
}
