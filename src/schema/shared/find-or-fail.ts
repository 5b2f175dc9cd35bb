import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { NotFoundError } from '../../errors';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` can be an id at all (anything else is NOT_FOUND without asking the database). */
export function isUuid(id: string): boolean {
  return uuid.test(id);
}

/** The entity with this id, or NOT_FOUND (also for ids that are not even UUIDs). */
export async function findOrFail<T extends ObjectLiteral>(db: DataSource, entity: EntityTarget<T>, label: string, id: string): Promise<T> {
  const found = uuid.test(id) ? await db.getRepository(entity).findOneBy({ id } as never) : null;
  if (!found) throw new NotFoundError(label, id);
  return found;
}

/** The entity with this id, or null. */
export async function findOrNull<T extends ObjectLiteral>(db: DataSource, entity: EntityTarget<T>, id: string): Promise<T | null> {
  return uuid.test(id) ? db.getRepository(entity).findOneBy({ id } as never) : null;
}
