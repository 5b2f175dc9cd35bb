import { DataSource } from 'typeorm';
import { StartupConfigError } from '../errors';
import { entities } from '../entities';
import { migrations } from '../migrations';

/** Ferry's DataSource over one PostgreSQL URL. Schema changes are migrations, never `synchronize`. */
export function createDataSource(url: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: 10, application_name: 'ferry' },
  });
}

/** Advisory lock key held while migrating, so processes starting together (API and workers) migrate one at a time. */
const migrationLock = 0x6665727279; // "ferry"

/** Connects and applies pending migrations. */
export async function openDatabase(url: string): Promise<DataSource> {
  const dataSource = createDataSource(url);
  try {
    await dataSource.initialize();
  } catch (error) {
    const { hostname, port } = new URL(url);
    throw new StartupConfigError(
      `Could not connect to Ferry's PostgreSQL at ${hostname}:${port || 5432} (DATABASE_URL): ${(error as Error).message}`,
    );
  }
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [migrationLock]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [migrationLock]).catch(() => undefined);
    await lock.release();
  }
  return dataSource;
}
