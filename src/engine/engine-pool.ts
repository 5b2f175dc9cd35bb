import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * The pg Pool under Ferry's DataSource. The engine issues plain SQL (counters, snapshot upserts, claims) and needs
 * pg's own results (`rowCount`, RETURNING rows) rather than TypeORM's per-command shapes, without opening a
 * second pool.
 */
export function enginePool(db: DataSource): Pool {
  return (db.driver as PostgresDriver).master as Pool;
}
