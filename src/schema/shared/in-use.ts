import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { FailedPreconditionError } from '../../errors';

/** Refuses to delete `what` while others still use it, naming each of them. */
export function refuseWhileUsed(what: string, users: Array<{ id: string; name: string }>, userKind: string): void {
  if (users.length === 0) return;
  throw new FailedPreconditionError(
    `${what} is used by ${users.length} ${userKind}(s): ${users.map((u) => `"${u.name}" (${u.id})`).join(', ')}. Delete those ${userKind}s first.`,
    { usedBy: users.map((u) => u.id) },
  );
}

/** Deletes by id; a reference added since the in-use check (foreign key violation) becomes FAILED_PRECONDITION. */
export async function deleteUnlessReferenced<T extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<T>,
  id: string,
  what: string,
): Promise<void> {
  try {
    await db.getRepository(entity).delete(id);
  } catch (error) {
    if ((error as { driverError?: { code?: string } }).driverError?.code === '23503') {
      throw new FailedPreconditionError(`${what} was put to use while it was being deleted; check what uses it and try again`);
    }
    throw error;
  }
}
