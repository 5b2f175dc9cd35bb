import type { Config } from '../config';
import { SecretBox } from './secret-box';
import { loadOrCreateKeyFile, parseSecretKey } from './secret-key';

/** FERRY_SECRET_KEY when set; with the embedded database, a key file generated in the data dir. */
export function loadSecretBox(config: Config): SecretBox {
  if (config.FERRY_SECRET_KEY) return new SecretBox(parseSecretKey(config.FERRY_SECRET_KEY));
  return new SecretBox(loadOrCreateKeyFile(config.FERRY_DATA_DIR));
}
