import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

export interface FakeServiceAccount {
  email: string;
  projectId: string;
  publicKey: KeyObject;
  /** The JSON key file, as Google Cloud hands it out (IAM → Service accounts → Keys → JSON). */
  keyJson: string;
  /** False once the key was deleted: its JWTs are refused like a bad signature. */
  active: boolean;
}

/** The service accounts the fake token endpoint knows, each with one RSA key pair. */
export class ServiceAccounts {
  private readonly accounts = new Map<string, FakeServiceAccount>();

  constructor(private readonly tokenUri: () => string) {}

  /** Creates an account (`name@project.iam.gserviceaccount.com`) with a fresh 2048-bit key. */
  create(name: string, projectId: string): FakeServiceAccount {
    const email = `${name}@${projectId}.iam.gserviceaccount.com`;
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyJson = JSON.stringify(
      {
        type: 'service_account',
        project_id: projectId,
        private_key_id: randomBytes(20).toString('hex'),
        private_key: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
        client_email: email,
        client_id: String(100000000000000000000n + BigInt(this.accounts.size)),
        auth_uri: 'https://accounts.google.com/o/oauth2/auth',
        token_uri: this.tokenUri(),
        auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
        client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(email)}`,
        universe_domain: 'googleapis.com',
      },
      null,
      2,
    );
    const account = { email, projectId, publicKey, keyJson, active: true };
    this.accounts.set(email, account);
    return account;
  }

  get(email: string): FakeServiceAccount | undefined {
    return this.accounts.get(email);
  }
}
