import { z } from 'zod';
import { readServiceAccountKey } from './key';

/** The zod field of a service account's JSON key: a secret, checked when the config is saved. */
export function serviceAccountKeyField(roles: string) {
  return z
    .string('required: the service account JSON key (paste the whole file)')
    .min(1, 'required: the service account JSON key (paste the whole file)')
    .superRefine((value, ctx) => {
      const result = readServiceAccountKey(value);
      if ('error' in result) ctx.addIssue({ code: 'custom', message: result.error });
    })
    .meta({
      description: `The JSON key of a Google Cloud service account (the whole file, as downloaded). ${roles}`,
      writeOnly: true,
    });
}
