import { FailedPreconditionError } from '../errors';
import { openConfig } from './config-secrets';
import { SecretUnreadableError, type SecretBox } from './secret-box';

type ConfigObject = Record<string, unknown>;

/** The tables whose rows carry sealed secrets. */
export type EndpointTable = 'sources' | 'destinations';

export interface SealedEndpoint {
  id: string;
  name: string;
  publicConfig: ConfigObject;
  encryptedSecrets: string | null;
}

const labels: Record<EndpointTable, string> = { sources: 'Source', destinations: 'Destination' };

/** Where an endpoint's secrets are sealed: its table, its row and the column (AES-GCM associated data). */
export function secretsContext(table: EndpointTable, id: string): string {
  return `${table}/${id}/encrypted_secrets`;
}

/** The endpoint's config with its secrets opened; refuses, naming the endpoint and the fix, when they cannot be. */
export function openEndpointConfig(table: EndpointTable, stored: SealedEndpoint, box: SecretBox): ConfigObject {
  try {
    return openConfig(stored, box, secretsContext(table, stored.id));
  } catch (error) {
    if (!(error instanceof SecretUnreadableError)) throw error;
    const label = labels[table];
    throw new FailedPreconditionError(
      `${label} "${stored.name}" has stored secrets that cannot be decrypted with this FERRY_SECRET_KEY (fingerprint ${box.fingerprint}): ` +
        `they were encrypted with another key, or copied from another row. Re-enter them: update${label}(id: "${stored.id}", input: { config: { … every secret … } }), ` +
        `or start Ferry with the key they were encrypted with.`,
      { reason: 'secrets_unreadable', [`${label.toLowerCase()}Id`]: stored.id },
    );
  }
}
