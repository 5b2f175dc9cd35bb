import { z } from 'zod';
import { apiUrlField, serviceAccountKeyField } from '../service-account';

/** Connection settings of a BigQuery source. `serviceAccountKey` is a secret (write-only in the API). */
export const bigQueryConfig = z.object({
  serviceAccountKey: serviceAccountKeyField(
    'It needs roles/bigquery.jobUser on the project that runs the queries and roles/bigquery.dataViewer on the datasets models read.',
  ),
  projectId: z
    .string('must be a Google Cloud project id')
    .trim()
    .regex(/^[a-z][a-z0-9.:-]{4,61}[a-z0-9]$/, 'must be a Google Cloud project id such as my-project-123 (the id, not the name or number)')
    .optional()
    .describe('Project that runs (and is billed for) the queries; default: the project of the service account key'),
  location: z
    .string('must be a BigQuery location such as US, EU or europe-west1')
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'must be a BigQuery location such as US, EU or europe-west1')
    .optional()
    .describe('Location of the datasets the models read (US, EU, europe-west1, …); leave empty to let BigQuery work it out from the query'),
  queryTimeoutSeconds: z
    .number('must be a number of seconds')
    .positive('must be more than 0 seconds')
    .default(900)
    .describe('Longest time a query may run before Ferry cancels it'),
  requestTimeoutSeconds: z
    .number('must be a number of seconds')
    .positive('must be more than 0 seconds')
    .max(300, 'must be at most 300 seconds')
    .default(60)
    .describe('Longest wait for one answer of the BigQuery API'),
  apiUrl: apiUrlField('https://bigquery.googleapis.com'),
});

export type BigQueryConfig = z.infer<typeof bigQueryConfig>;
