import type { DataSource } from 'typeorm';
import { StartupConfigError } from '../errors';
import type { Logger } from '../plugins/contract';
import { secretsContext, type EndpointTable } from './endpoint-secrets';
import { SecretBox, SecretUnreadableError } from './secret-box';

const checkContext = 'secret_key_check/1/check_value';
const checkText = 'ferry secret key check';

function opens(box: SecretBox, sealed: string, context: string): boolean {
  try {
    box.open(sealed, context);
    return true;
  } catch (error) {
    if (error instanceof SecretUnreadableError) return false;
    throw error;
  }
}

const recovery =
  'Set FERRY_SECRET_KEY back to that key (with the embedded database: restore secret.key in FERRY_DATA_DIR from a backup). ' +
  'If it is lost for good, start once with FERRY_ACCEPT_NEW_SECRET_KEY=true: Ferry then keeps the present key, and every source and ' +
  'destination needs its secrets (passwords, API keys) entered again with updateSource/updateDestination (the API names each one).';

/** One stored secret, to tell whether a database that predates the key check was sealed with this key. */
async function someStoredSecret(db: DataSource): Promise<{ table: EndpointTable; id: string; sealed: string } | null> {
  const rows: Array<{ table: EndpointTable; id: string; sealed: string }> = await db.query(`
    SELECT 'sources' AS "table", id, encrypted_secrets AS sealed FROM sources WHERE encrypted_secrets IS NOT NULL
    UNION ALL
    SELECT 'destinations', id, encrypted_secrets FROM destinations WHERE encrypted_secrets IS NOT NULL
    LIMIT 1`);
  return rows[0] ?? null;
}

/**
 * Start-up check of FERRY_SECRET_KEY against the key check value stored at the first start (made now when there is
 * none). A different key stops start-up with the expected key's fingerprint (never the key) and how to recover,
 * unless `acceptNewKey`, which makes the present key the expected one.
 */
export async function checkSecretKey(db: DataSource, box: SecretBox, acceptNewKey: boolean, logger: Logger): Promise<void> {
  const [stored]: Array<{ fingerprint: string; check_value: string }> = await db.query(
    `SELECT fingerprint, check_value FROM secret_key_check WHERE id = 1`,
  );
  if (stored && opens(box, stored.check_value, checkContext)) return;
  if (!stored) {
    const sample = await someStoredSecret(db);
    if (sample && !opens(box, sample.sealed, secretsContext(sample.table, sample.id)) && !acceptNewKey) {
      throw new StartupConfigError(
        `FERRY_SECRET_KEY (fingerprint ${box.fingerprint}) does not open the secrets stored in this database. ${recovery}`,
      );
    }
  } else if (!acceptNewKey) {
    throw new StartupConfigError(
      `FERRY_SECRET_KEY is not the key this database's secrets were encrypted with: expected the key with fingerprint ${stored.fingerprint}, ` +
        `this one's is ${box.fingerprint}. ${recovery}`,
    );
  } else {
    logger.warn('FERRY_ACCEPT_NEW_SECRET_KEY: adopting the present secret key; secrets sealed with the old one must be entered again', {
      expected: stored.fingerprint,
      adopted: box.fingerprint,
    });
  }
  await db.query(
    `INSERT INTO secret_key_check (id, fingerprint, check_value) VALUES (1, $1, $2)
     ON CONFLICT (id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, check_value = EXCLUDED.check_value, created_at = now()
     WHERE $3`,
    [box.fingerprint, box.seal(checkText, checkContext), acceptNewKey],
  );
}

/**
 * Rewrites the secrets sealed before they were bound to their row (`v1.`) as bound ones (`v2.`), so a copied
 * ciphertext stops opening elsewhere. A value this key cannot open is left for the user to re-enter.
 */
export async function bindLegacySecrets(db: DataSource, box: SecretBox): Promise<number> {
  let rewritten = 0;
  for (const table of ['sources', 'destinations'] as const) {
    const rows: Array<{ id: string; sealed: string }> = await db.query(
      `SELECT id, encrypted_secrets AS sealed FROM ${table} WHERE encrypted_secrets LIKE 'v1.%'`,
    );
    for (const { id, sealed } of rows) {
      const context = secretsContext(table, id);
      if (!opens(box, sealed, context)) continue;
      const result: [unknown[], number] = await db.query(`UPDATE ${table} SET encrypted_secrets = $1 WHERE id = $2 AND encrypted_secrets = $3`, [
        box.seal(box.open(sealed, context), context),
        id,
        sealed,
      ]);
      rewritten += result[1];
    }
  }
  return rewritten;
}
