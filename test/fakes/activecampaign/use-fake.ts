import { afterAll, beforeAll } from '@jest/globals';
import { apiClient, type ApiClient } from './api-client';
import { startFakeActiveCampaign, type FakeActiveCampaign, type FakeActiveCampaignOptions } from './index';

/**
 * Starts a fake in a `before` hook of the enclosing describe and closes it in an `after` hook. `ac` (the fake)
 * and `api` (a client with its first key) can be taken at describe level: they only reach the fake when a test
 * or a later hook uses them.
 */
export function useFake(options: FakeActiveCampaignOptions): { ac: FakeActiveCampaign; api: ApiClient } {
  let started: FakeActiveCampaign | undefined;
  let startedClient: ApiClient | undefined;
  beforeAll(async () => {
    started = await startFakeActiveCampaign(options);
    startedClient = apiClient(started);
  });
  afterAll(() => started?.close());

  const fake = () => started ?? notStarted();
  const ac: FakeActiveCampaign = {
    get url() {
      return fake().url;
    },
    get apiKey() {
      return fake().apiKey;
    },
    get apiKeys() {
      return fake().apiKeys;
    },
    get state() {
      return fake().state;
    },
    get requests() {
      return fake().requests;
    },
    get faults() {
      return fake().faults;
    },
    close: () => fake().close(),
  };
  const client = () => startedClient ?? notStarted();
  const api: ApiClient = {
    request: (...args) => client().request(...args),
    get: (path) => client().get(path),
    post: (path, body) => client().post(path, body),
    put: (path, body) => client().put(path, body),
    delete: (path) => client().delete(path),
  };
  return { ac, api };
}

function notStarted(): never {
  throw new Error('useFake: the fake starts in a before hook; use it in a test or a later hook');
}
