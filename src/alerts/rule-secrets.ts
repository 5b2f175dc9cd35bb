import { FailedPreconditionError } from '../errors';
import { SecretUnreadableError, type SecretBox } from '../secrets/secret-box';

/** What a rule keeps sealed: the URL (a Slack URL is a credential in itself) and the signing secret. */
export interface RuleSecrets {
  url: string;
  signingSecret: string;
}

/** Where a rule's secrets are sealed (AES-GCM associated data): a value copied to another rule does not open. */
export function ruleSecretsContext(ruleId: string): string {
  return `notification_rules/${ruleId}/encrypted_secrets`;
}

export function sealRuleSecrets(box: SecretBox, ruleId: string, secrets: RuleSecrets): string {
  return box.seal(secrets, ruleSecretsContext(ruleId));
}

/** The rule's URL and signing secret; refuses, naming the rule and the fix, when this key cannot open them. */
export function openRuleSecrets(box: SecretBox, rule: { id: string; name: string; encryptedSecrets: string }): RuleSecrets {
  try {
    return box.open<RuleSecrets>(rule.encryptedSecrets, ruleSecretsContext(rule.id));
  } catch (error) {
    if (!(error instanceof SecretUnreadableError)) throw error;
    throw new FailedPreconditionError(
      `Notification rule "${rule.name}" has a URL and signing secret that cannot be decrypted with this FERRY_SECRET_KEY (fingerprint ${box.fingerprint}): ` +
        `delete it (deleteNotificationRule(id: "${rule.id}")) and create it again, or start Ferry with the key they were encrypted with.`,
      { reason: 'secrets_unreadable', notificationRuleId: rule.id },
    );
  }
}
