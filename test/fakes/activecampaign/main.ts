/**
 * `npm run fake:activecampaign`: the fake with a demo account, for trying Ferry by hand.
 * Environment: FAKE_AC_PORT (default 4100), FAKE_AC_API_KEY (default random), FAKE_AC_RPS (default 5; "off" = no limit),
 * FAKE_AC_IMPORT_DELAY_MS (default 300), FAKE_AC_FAULTS (a JSON array of fault rules, see README.md).
 */
import { seedDemoData } from './demo-seed';
import { parseFaultRules } from './env-faults';
import { startFakeActiveCampaign } from './index';

async function main(): Promise<void> {
  const rps = process.env.FAKE_AC_RPS;
  // Parsed before anything starts, so a bad value stops the process before it opens a port.
  const faults = process.env.FAKE_AC_FAULTS ? parseFaultRules(process.env.FAKE_AC_FAULTS) : [];
  const fake = await startFakeActiveCampaign({
    port: Number(process.env.FAKE_AC_PORT ?? 4100),
    apiKeys: process.env.FAKE_AC_API_KEY ? [process.env.FAKE_AC_API_KEY] : undefined,
    requestsPerSecond: rps === 'off' ? false : rps ? Number(rps) : 5,
    bulkImport: { processingDelayMs: Number(process.env.FAKE_AC_IMPORT_DELAY_MS ?? 300) },
    faults,
  });
  const demo = seedDemoData(fake.state);

  const lines = [
    'Fake ActiveCampaign is running.',
    '',
    `  API URL: ${fake.url}`,
    `  API key: ${fake.apiKey}`,
    '',
    `  Lists:          ${Object.values(demo.lists)
      .map((l) => `${l.id} (${l.stringid})`)
      .join(', ')}`,
    `  Contact fields: ${Object.values(demo.fields)
      .map((f) => `${f.id} ${f.title} [${f.type}]`)
      .join(', ')}`,
    `  Account fields: ${Object.values(demo.accountFields)
      .map((f) => `${f.id} ${f.fieldLabel} [${f.fieldType}]`)
      .join(', ')}`,
    `  Custom object:  ${demo.schemas.subscription.slug} (schema id ${demo.schemas.subscription.id})`,
    `  Excluded email: ${demo.excluded.matchPhrase}`,
    `  Fault rules:    ${fake.faults.rules.length === 0 ? 'none' : fake.faults.rules.map((f) => `${f.rule.method ?? '*'} ${String(f.rule.path)} → ${f.rule.fault.type}`).join('; ')}`,
    '',
    `Try: curl -H "Api-Token: ${fake.apiKey}" ${fake.url}/api/3/users/me`,
    'Stop with Ctrl+C.',
  ];
  console.log(lines.join('\n'));

  const stop = () => {
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof RangeError ? error.message : error);
  process.exit(1);
});
