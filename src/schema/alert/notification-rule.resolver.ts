import { randomUUID } from 'node:crypto';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { openRuleSecrets, sealRuleSecrets } from '../../alerts/rule-secrets';
import { newSigningSecret } from '../../alerts/signature';
import { sendTestDelivery } from '../../alerts/test-delivery';
import { ruleUrlDiffers } from '../../alerts/url-comparison';
import { checkWebhookUrl, shownUrl } from '../../alerts/webhook-url';
import { SecretComparisonLimit } from '../../secrets/secret-comparison-limit';
import { NotificationAttempt, NotificationDelivery, NotificationFormat, NotificationRule, Sync } from '../../entities';
import type { GraphQLContext } from '../context';
import { findOrFail } from '../shared/find-or-fail';
import { JSONObject } from '../shared/scalars';
import { withAlertDependencies } from './alert-dependencies';
import { attemptsLoader } from './attempts-loader';
import { CreatedNotificationRule } from './created-notification-rule.type';
import { NotificationDeliveryPage } from './delivery-page.type';
import { deliveriesPage } from './delivery-pages';
import { NotificationRuleInput, NotificationRuleUpdateInput } from './notification-rule.input';
import { checkRule } from './rule-validation';

const label = 'Notification rule';
/** urlChanged compares a stored URL: bounded per rule, in each API process. */
const urlComparisons = new SecretComparisonLimit(Date.now, 'urlChanged');

@Resolver(() => NotificationRule)
export class NotificationRuleResolver {
  @Query(() => [NotificationRule], {
    description: 'Alert rules, oldest first; with syncId, those that watch that sync (its own and the global ones).',
  })
  async notificationRules(
    @Arg('syncId', () => ID, { nullable: true }) syncId: string | null,
    @Ctx() { ferry }: GraphQLContext,
  ): Promise<NotificationRule[]> {
    const query = ferry.db.getRepository(NotificationRule).createQueryBuilder('rule').orderBy('rule.created_at', 'ASC');
    if (syncId) {
      const sync = await findOrFail(ferry.db, Sync, 'Sync', syncId);
      query.where('rule.sync_id IS NULL OR rule.sync_id = :syncId', { syncId: sync.id });
    }
    return query.getMany();
  }

  @Query(() => NotificationRule)
  notificationRule(@Arg('id', () => ID) id: string, @Ctx() { ferry }: GraphQLContext): Promise<NotificationRule> {
    return findOrFail(ferry.db, NotificationRule, label, id);
  }

  @Query(() => NotificationDeliveryPage, { description: "Deliveries with their last answer, newest first: one rule's, or every rule's." })
  async notificationDeliveries(
    @Arg('ruleId', () => ID, { nullable: true }) ruleId: string | null,
    @Arg('first', () => Int, { defaultValue: 20, nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() { ferry }: GraphQLContext,
  ): Promise<NotificationDeliveryPage> {
    if (ruleId) await findOrFail(ferry.db, NotificationRule, label, ruleId);
    return deliveriesPage(ferry.db, ruleId ?? null, first ?? 20, after);
  }

  @FieldResolver(() => Sync, { nullable: true, description: 'The sync it watches; null for every sync.' })
  sync(@Root() rule: NotificationRule, @Ctx() { loaders }: GraphQLContext): Promise<Sync> | null {
    return rule.syncId ? loaders.sync.load(rule.syncId) : null;
  }

  @FieldResolver(() => Boolean, {
    description:
      'Whether `url` (checked as createNotificationRule checks it) differs from the stored URL, which is never shown: for tools that apply a configuration. At most 20 times a minute per rule (TOO_MANY_REQUESTS beyond), so it cannot be used to guess the URL.',
  })
  urlChanged(@Root() rule: NotificationRule, @Arg('url') url: string, @Ctx() { ferry }: GraphQLContext): boolean {
    const given = checkWebhookUrl(url, 'url');
    urlComparisons.take(rule.id, `notification rule "${rule.name}"`);
    return ruleUrlDiffers(ferry.secrets, rule, given);
  }

  @Mutation(() => CreatedNotificationRule, { description: 'The signing secret is in the answer once and never again.' })
  async createNotificationRule(
    @Arg('input', () => NotificationRuleInput) input: NotificationRuleInput,
    @Ctx() { ferry }: GraphQLContext,
  ): Promise<CreatedNotificationRule> {
    const format = input.format ?? NotificationFormat.WEBHOOK;
    const checked = await checkRule(ferry.db, {
      name: input.name,
      syncId: input.syncId ?? null,
      condition: input.condition,
      rejectedRowsPercent: input.rejectedRowsPercent ?? null,
      duration: input.duration ?? null,
      format,
      url: input.url,
    });
    const id = randomUUID();
    const signingSecret = newSigningSecret();
    const { url, ...settings } = checked;
    await ferry.db.getRepository(NotificationRule).insert({
      id,
      ...settings,
      url: shownUrl(url!),
      encryptedSecrets: sealRuleSecrets(ferry.secrets, id, { url: url!.href, signingSecret }),
      enabled: input.enabled ?? true,
    });
    return { notificationRule: await findOrFail(ferry.db, NotificationRule, label, id), signingSecret };
  }

  @Mutation(() => NotificationRule)
  async updateNotificationRule(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => NotificationRuleUpdateInput) input: NotificationRuleUpdateInput,
    @Ctx() { ferry }: GraphQLContext,
  ): Promise<NotificationRule> {
    const rule = await findOrFail(ferry.db, NotificationRule, label, id);
    const condition = input.condition ?? rule.condition;
    const keep = <T>(given: T | null | undefined, stored: T | null): T | null =>
      given !== undefined ? given : condition === rule.condition ? stored : null;
    const format = input.format ?? rule.format;
    const checked = await checkRule(ferry.db, {
      name: input.name ?? rule.name,
      syncId: input.syncId !== undefined ? input.syncId : rule.syncId,
      condition,
      rejectedRowsPercent: keep(input.rejectedRowsPercent, rule.rejectedRowsPercent),
      duration: keep(input.duration, rule.duration),
      format,
      ...(input.url !== undefined && input.url !== null ? { url: input.url } : {}),
    });
    const { url: newUrl, ...settings } = checked;
    const secrets = openRuleSecrets(ferry.secrets, rule);
    const url = newUrl ?? new URL(secrets.url);
    Object.assign(rule, settings, {
      url: shownUrl(url),
      encryptedSecrets: newUrl ? sealRuleSecrets(ferry.secrets, rule.id, { ...secrets, url: newUrl.href }) : rule.encryptedSecrets,
    });
    if (input.enabled !== undefined && input.enabled !== null) rule.enabled = input.enabled;
    return ferry.db.getRepository(NotificationRule).save(rule);
  }

  @Mutation(() => ID, { description: 'Deletes the rule and its deliveries.' })
  async deleteNotificationRule(@Arg('id', () => ID) id: string, @Ctx() { ferry }: GraphQLContext): Promise<string> {
    const rule = await findOrFail(ferry.db, NotificationRule, label, id);
    await ferry.db.getRepository(NotificationRule).delete(rule.id);
    return rule.id;
  }

  @Mutation(() => CreatedNotificationRule, {
    description: 'A new signing secret, in the answer once; deliveries are signed with it from now on (the old one stops verifying at once).',
  })
  async rotateNotificationRuleSecret(@Arg('id', () => ID) id: string, @Ctx() { ferry }: GraphQLContext): Promise<CreatedNotificationRule> {
    const rule = await findOrFail(ferry.db, NotificationRule, label, id);
    const signingSecret = newSigningSecret();
    rule.encryptedSecrets = sealRuleSecrets(ferry.secrets, rule.id, { ...openRuleSecrets(ferry.secrets, rule), signingSecret });
    return { notificationRule: await ferry.db.getRepository(NotificationRule).save(rule), signingSecret };
  }

  @Mutation(() => NotificationDelivery, {
    description:
      "Sends a test delivery now (once, not retried), signed like a real one and marked `test: true`; answers with the receiver's response.",
  })
  async testNotificationRule(@Arg('id', () => ID) id: string, @Ctx() { ferry }: GraphQLContext): Promise<NotificationDelivery> {
    const rule = await findOrFail(ferry.db, NotificationRule, label, id);
    openRuleSecrets(ferry.secrets, rule);
    const deliveryId = await withAlertDependencies(ferry, (deps) => sendTestDelivery(deps, rule.id));
    return findOrFail(ferry.db, NotificationDelivery, 'Notification delivery', deliveryId);
  }
}

@Resolver(() => NotificationDelivery)
export class NotificationDeliveryResolver {
  @FieldResolver(() => JSONObject, { description: 'The body as sent (the same on every attempt).' })
  payload(@Root() delivery: NotificationDelivery): Record<string, unknown> {
    return JSON.parse(delivery.body) as Record<string, unknown>;
  }

  @FieldResolver(() => [NotificationAttempt], { description: 'Every attempt with its answer, oldest first.' })
  attempts(@Root() delivery: NotificationDelivery, @Ctx() context: GraphQLContext): Promise<NotificationAttempt[]> {
    return attemptsLoader(context).load(delivery.id);
  }
}
