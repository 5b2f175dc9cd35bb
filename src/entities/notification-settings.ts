import { registerEnumType } from 'type-graphql';

/** What a notification rule watches for. */
export enum NotificationCondition {
  RUN_FAILED = 'RUN_FAILED',
  REJECTED_ROWS_ABOVE = 'REJECTED_ROWS_ABOVE',
  RUN_LONGER_THAN = 'RUN_LONGER_THAN',
  NO_SUCCESS_FOR = 'NO_SUCCESS_FOR',
}
registerEnumType(NotificationCondition, {
  name: 'NotificationCondition',
  valuesConfig: {
    RUN_FAILED: { description: 'A run ended FAILED.' },
    REJECTED_ROWS_ABOVE: { description: 'A run ended with more than `rejectedRowsPercent` % of the rows it read rejected.' },
    RUN_LONGER_THAN: { description: 'A run has been running longer than `duration` (alerted once per run, while it still runs).' },
    NO_SUCCESS_FOR: {
      description: 'A sync (not paused) has had no SUCCEEDED or PARTIAL run for `duration` (alerted once until it succeeds again).',
    },
  },
});

/** How a delivery's body is shaped. */
export enum NotificationFormat {
  WEBHOOK = 'WEBHOOK',
  SLACK = 'SLACK',
}
registerEnumType(NotificationFormat, {
  name: 'NotificationFormat',
  valuesConfig: {
    WEBHOOK: { description: "Ferry's JSON (sync, run and counters), signed with the rule's signing secret." },
    SLACK: { description: "A Slack incoming webhook's JSON (text and blocks); the URL itself is the secret." },
  },
});

export enum NotificationDeliveryStatus {
  PENDING = 'PENDING',
  RETRYING = 'RETRYING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}
registerEnumType(NotificationDeliveryStatus, {
  name: 'NotificationDeliveryStatus',
  valuesConfig: {
    PENDING: { description: 'Not tried yet.' },
    RETRYING: { description: 'Tried and refused or unreachable; tried again at `nextAttemptAt`.' },
    DELIVERED: { description: 'The receiver answered 2xx.' },
    FAILED: { description: 'Given up: still refused when the retry period ended (a test delivery is tried once).' },
  },
});
