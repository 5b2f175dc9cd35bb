/**
 * The DataSource for TypeORM's CLI (migration:show, migration:run, …) against DATABASE_URL.
 * Ferry itself builds the same DataSource in src/database/data-source.ts, over the embedded PostgreSQL when
 * DATABASE_URL is not set.
 */
import 'reflect-metadata';
import { createDataSource } from './src/database/data-source';

export default createDataSource(process.env.DATABASE_URL ?? 'postgres://127.0.0.1:5432/ferry');
