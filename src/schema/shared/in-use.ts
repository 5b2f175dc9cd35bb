import { FailedPreconditionError } from '../../errors';

/** Refuses to delete `what` while others still use it, naming each of them. */
export function refuseWhileUsed(what: string, users: Array<{ id: string; name: string }>, userKind: string): void {
  if (users.length === 0) return;
  throw new FailedPreconditionError(
    `${what} is used by ${users.length} ${userKind}(s): ${users.map((u) => `"${u.name}" (${u.id})`).join(', ')}. Delete those ${userKind}s first.`,
    { usedBy: users.map((u) => u.id) },
  );
}
