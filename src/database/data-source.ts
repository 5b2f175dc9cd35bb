import { DataSource } from 'typeorm';
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

/** Connects and applies pending migrations. */
export async function openDatabase(url: string): Promise<DataSource> {
  const dataSource = createDataSource(url);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
