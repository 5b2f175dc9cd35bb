import { afterAll, beforeAll } from '@jest/globals';
import type { PluginContext, Row } from '../../../src/plugins/contract';
import { snowflakeConfig, type SnowflakeConfig } from '../../../src/plugins/sources/snowflake/config';
import { startFakeSnowflake, type FakeSnowflake, type FakeSnowflakeOptions } from '../../fakes/snowflake';
import { pluginContext } from '../../helpers/plugin-context';

/** The fake and a working plugin config for it, started before the file's tests and stopped after them. */
export function useFakeSnowflake(options: FakeSnowflakeOptions = {}): {
  fake: FakeSnowflake;
  config: SnowflakeConfig;
  configWith(overrides: Record<string, unknown>): SnowflakeConfig;
} {
  const handle = {} as { fake: FakeSnowflake; config: SnowflakeConfig; configWith(overrides: Record<string, unknown>): SnowflakeConfig };
  beforeAll(async () => {
    handle.fake = await startFakeSnowflake(options);
    handle.config = snowflakeConfig.parse(handle.fake.config);
    handle.configWith = (overrides) => snowflakeConfig.parse({ ...handle.fake.config, ...overrides });
  });
  afterAll(() => handle.fake.close());
  return handle;
}

export function context(signal?: AbortSignal): PluginContext {
  return pluginContext(signal ? { signal } : {});
}

export async function readAll(batches: AsyncIterable<Row[]>): Promise<Row[][]> {
  const all: Row[][] = [];
  for await (const batch of batches) all.push(batch);
  return all;
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { extensions: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { extensions: Record<string, unknown> };
  }
  throw new Error('expected a rejection, but it resolved');
}
