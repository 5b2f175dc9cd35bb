import { createHash, createPublicKey } from 'node:crypto';
import { columnType, toWire, type ColumnType } from './wire';

export interface FakeUser {
  name: string;
  /** RSA_PUBLIC_KEY and RSA_PUBLIC_KEY_2 (Snowflake keeps two, for rotation), by fingerprint. */
  keys: Map<string, string>;
  defaultRole: string;
}

export interface FakeTable {
  database: string;
  schema: string;
  name: string;
  columns: Array<{ name: string; type: ColumnType }>;
  /** Rows in the API's string form. */
  rows: Array<Array<string | null>>;
  /** When set, a query that reads a row of this table fails with this conversion error (proves a describe reads none). */
  failsOnRead?: string;
}

export interface FakeWarehouse {
  name: string;
  suspended: boolean;
  autoResume: boolean;
}

/** Privileges of one role: `USAGE WAREHOUSE X`, `USAGE DATABASE D`, `USAGE SCHEMA D.S`, `SELECT TABLE D.S.T`, … */
export interface FakeRole {
  name: string;
  grants: Set<string>;
  /** Owns everything (ACCOUNTADMIN-like). */
  all: boolean;
}

/** DESCRIBE USER's RSA_PUBLIC_KEY_FP for a public key PEM. */
export function publicKeyFingerprint(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('base64')}`;
}

/** The account's objects and users, in memory. Names are case-sensitive, as Snowflake stores them. */
export class FakeSnowflakeState {
  readonly users = new Map<string, FakeUser>();
  readonly roles = new Map<string, FakeRole>();
  readonly warehouses = new Map<string, FakeWarehouse>();
  /** database → schema → table name → table */
  readonly databases = new Map<string, Map<string, Map<string, FakeTable>>>();
  /** user → roles granted to it */
  readonly userRoles = new Map<string, Set<string>>();

  constructor(readonly account: string) {
    this.addRole('PUBLIC');
    this.addRole('ACCOUNTADMIN', { all: true });
  }

  /** ALTER USER … SET RSA_PUBLIC_KEY: registers (another) public key; user names are upper-cased like unquoted identifiers. */
  addUser(name: string, publicKeyPem: string, options: { defaultRole?: string; roles?: string[] } = {}): FakeUser {
    const upper = name.toUpperCase();
    const user = this.users.get(upper) ?? { name: upper, keys: new Map(), defaultRole: options.defaultRole ?? 'PUBLIC' };
    user.keys.set(publicKeyFingerprint(publicKeyPem), publicKeyPem);
    if (user.keys.size > 2) user.keys.delete(user.keys.keys().next().value!);
    if (options.defaultRole) user.defaultRole = options.defaultRole;
    this.users.set(upper, user);
    const roles = this.userRoles.get(upper) ?? new Set(['PUBLIC']);
    for (const role of [...(options.roles ?? []), user.defaultRole]) roles.add(role);
    this.userRoles.set(upper, roles);
    return user;
  }

  addRole(name: string, options: { all?: boolean } = {}): FakeRole {
    const role = { name, grants: new Set<string>(), all: options.all ?? false };
    this.roles.set(name, role);
    return role;
  }

  /** GRANT <privilege> ON <objectType> <name>; `FUTURE TABLES` with a schema name stands for ON ALL/FUTURE TABLES IN SCHEMA. */
  grant(role: string, privilege: string, objectType: 'WAREHOUSE' | 'DATABASE' | 'SCHEMA' | 'TABLE' | 'FUTURE TABLES', name: string): void {
    const target = this.roles.get(role) ?? this.addRole(role);
    target.grants.add(`${privilege} ${objectType} ${name}`);
  }

  /** The read-only grants the README recommends: USAGE on warehouse, database and schema, SELECT on its tables. */
  grantReadOnly(role: string, warehouse: string, database: string, schema: string): void {
    this.grant(role, 'USAGE', 'WAREHOUSE', warehouse);
    this.grant(role, 'USAGE', 'DATABASE', database);
    this.grant(role, 'USAGE', 'SCHEMA', `${database}.${schema}`);
    this.grant(role, 'SELECT', 'FUTURE TABLES', `${database}.${schema}`);
  }

  has(role: string, privilege: string, objectType: string, name: string): boolean {
    const target = this.roles.get(role);
    if (!target) return false;
    if (target.all) return true;
    if (target.grants.has(`${privilege} ${objectType} ${name}`)) return true;
    // SELECT ON ALL / FUTURE TABLES IN SCHEMA d.s covers every table of the schema.
    if (objectType === 'TABLE' && privilege === 'SELECT') return target.grants.has(`SELECT FUTURE TABLES ${name.split('.').slice(0, 2).join('.')}`);
    return false;
  }

  /** Whether the role holds any privilege at all on the object (Snowflake says "does not exist or not authorized" otherwise). */
  hasAny(role: string, objectType: string, name: string): boolean {
    const target = this.roles.get(role);
    if (!target) return false;
    if (target.all || this.has(role, 'SELECT', objectType, name)) return true;
    return [...target.grants].some((grant) => grant.endsWith(` ${objectType} ${name}`));
  }

  addWarehouse(name: string, options: { suspended?: boolean; autoResume?: boolean } = {}): FakeWarehouse {
    const warehouse = { name, suspended: options.suspended ?? false, autoResume: options.autoResume ?? true };
    this.warehouses.set(name, warehouse);
    return warehouse;
  }

  addSchema(database: string, schema: string): void {
    const schemas = this.databases.get(database) ?? new Map<string, Map<string, FakeTable>>();
    if (!schemas.has(schema)) schemas.set(schema, new Map());
    this.databases.set(database, schemas);
  }

  /**
   * CREATE TABLE + INSERT: `columns` with SQL types (NUMBER(38,0), TEXT, DATE, TIMESTAMP_TZ, VARIANT, …), `rows` as
   * JS values (numbers or decimal strings, 'YYYY-MM-DD', Date, objects, Buffers …), stored in the API's string form.
   */
  addTable(
    database: string,
    schema: string,
    name: string,
    columns: Array<{ name: string; type: string }>,
    rows: unknown[][] = [],
    options: { failsOnRead?: string } = {},
  ): FakeTable {
    this.addSchema(database, schema);
    const typed = columns.map((column) => ({ name: column.name, type: columnType(column.type) }));
    const table: FakeTable = {
      database,
      schema,
      name,
      columns: typed,
      rows: rows.map((row) => typed.map((column, index) => toWire(row[index], column.type))),
      ...(options.failsOnRead ? { failsOnRead: options.failsOnRead } : {}),
    };
    this.databases.get(database)!.get(schema)!.set(name, table);
    return table;
  }

  dropTable(database: string, schema: string, name: string): void {
    this.databases.get(database)?.get(schema)?.delete(name);
  }

  table(database: string, schema: string, name: string): FakeTable | undefined {
    return this.databases.get(database)?.get(schema)?.get(name);
  }
}
