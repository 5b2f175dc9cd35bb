import { generateKeyPairSync } from 'node:crypto';
import { FakeSnowflakeServer, type FakeSnowflakeOptions } from './server';
import { FakeSnowflakeState } from './state';

export type { FakeSnowflakeOptions } from './server';
export { FakeSnowflakeState, publicKeyFingerprint } from './state';

/** A running fake Snowflake SQL API on 127.0.0.1 with one user, role, warehouse and database ready to use. */
export interface FakeSnowflake {
  /** http://127.0.0.1:<port>: the plugin's `endpoint`. */
  url: string;
  account: string;
  state: FakeSnowflakeState;
  server: FakeSnowflakeServer;
  /** The user's private key (PKCS#8 PEM) whose public key the fake has registered. */
  privateKey: string;
  /** A working plugin config (user FERRY, role FERRY_READER, warehouse COMPUTE_WH, database ANALYTICS, schema PUBLIC). */
  config: Record<string, unknown>;
  /** Statements still executing: what a source must not leave behind. */
  runningStatements(): number;
  close(): Promise<void>;
}

/** An RSA key pair as `openssl genrsa 2048 | openssl pkcs8 -topk8 -nocrypt` would give it. */
export function rsaKeyPair(passphrase?: string): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: passphrase ? { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase } : { type: 'pkcs8', format: 'pem' },
  });
}

export async function startFakeSnowflake(options: FakeSnowflakeOptions = {}): Promise<FakeSnowflake> {
  const account = options.account ?? 'FERRYTEST';
  const state = new FakeSnowflakeState(account);
  const { privateKey, publicKey } = rsaKeyPair();
  state.addRole('FERRY_READER');
  state.addUser('FERRY', publicKey, { defaultRole: 'FERRY_READER' });
  state.addWarehouse('COMPUTE_WH');
  state.addSchema('ANALYTICS', 'PUBLIC');
  state.grantReadOnly('FERRY_READER', 'COMPUTE_WH', 'ANALYTICS', 'PUBLIC');
  const server = new FakeSnowflakeServer(state, options);
  const url = await server.listen();
  return {
    url,
    account,
    state,
    server,
    privateKey,
    config: {
      account: account.toLowerCase(),
      user: 'ferry',
      privateKey,
      warehouse: 'COMPUTE_WH',
      database: 'ANALYTICS',
      schema: 'PUBLIC',
      role: 'FERRY_READER',
      endpoint: url,
    },
    runningStatements: () => server.statements.running().length,
    close: () => server.close(),
  };
}
