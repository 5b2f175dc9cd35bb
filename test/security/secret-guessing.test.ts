import { describe, expect, test } from '@jest/globals';
import { SECRET_COMPARISONS_PER_WINDOW, SecretComparisonLimit } from '../../src/secrets/secret-comparison-limit';
import { useApiFerryFixture } from '../helpers/api-ferry-fixture';

describe('changedSecrets cannot be used to guess a stored secret', () => {
  const fixture = useApiFerryFixture();

  test('past 20 comparisons a minute for one source, each further one is refused with TOO_MANY_REQUESTS and compares nothing', async () => {
    const { client } = fixture.ferry;
    const { createSource } = await client.data(
      `mutation($c: JSONObject!) { createSource(input: { name: "guarded", type: "postgres", config: $c, skipTest: true }) { id } }`,
      { c: { host: 'db.example.com', database: 'shop', user: 'reader', password: 'correct horse' } },
    );
    const guesses = Array.from({ length: SECRET_COMPARISONS_PER_WINDOW + 5 }, (_, i) => `guess${i}`);
    guesses[SECRET_COMPARISONS_PER_WINDOW + 2] = 'correct horse';
    const answers: Array<{ changed?: string[]; code?: string; message?: string }> = [];
    for (const guess of guesses) {
      const reply = await client.request(`query($id: ID!, $c: JSONObject!) { source(id: $id) { changedSecrets(config: $c) } }`, {
        id: createSource.id,
        c: { password: guess },
      });
      const error = reply.errors?.[0];
      answers.push(error ? { code: error.extensions?.code as string, message: error.message } : { changed: reply.data!.source.changedSecrets });
    }
    expect(answers.slice(0, SECRET_COMPARISONS_PER_WINDOW)).toEqual(Array(SECRET_COMPARISONS_PER_WINDOW).fill({ changed: ['password'] }));
    for (const refused of answers.slice(SECRET_COMPARISONS_PER_WINDOW)) {
      expect(refused).toEqual({
        code: 'TOO_MANY_REQUESTS',
        message: expect.stringMatching(/^changedSecrets of source "guarded" was asked 20 times in the last minute.*try again in \d+ s$/),
      });
    }
  }, 30_000);
});

describe("urlChanged cannot be used to guess a rule's stored URL", () => {
  const fixture = useApiFerryFixture();

  test('it answers whether the URL differs (nothing stored shown) 20 times a minute per rule, then TOO_MANY_REQUESTS; a bad URL is refused', async () => {
    const { client } = fixture.ferry;
    const url = 'https://hooks.slack.com/services/T000/B000/the-token';
    const { createNotificationRule } = await client.data(
      `mutation($url: String!) { createNotificationRule(input: { name: "guarded", condition: RUN_FAILED, url: $url }) { notificationRule { id url } } }`,
      { url },
    );
    const { id } = createNotificationRule.notificationRule;
    expect(createNotificationRule.notificationRule.url).toBe('https://hooks.slack.com/…');
    const ask = (given: string) =>
      client.request(`query($id: ID!, $url: String!) { notificationRule(id: $id) { urlChanged(url: $url) } }`, { id, url: given });
    const bad = await ask('ftp://hooks.slack.com/x');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toMatch(/^url: /);

    const guesses = Array.from({ length: SECRET_COMPARISONS_PER_WINDOW + 3 }, (_, i) => `${url.slice(0, -5)}guess${i}`);
    guesses[0] = ` ${url} `;
    guesses[SECRET_COMPARISONS_PER_WINDOW + 1] = url;
    const answers: Array<{ changed?: boolean; code?: string; message?: string }> = [];
    for (const guess of guesses) {
      const reply = await ask(guess);
      const error = reply.errors?.[0];
      answers.push(error ? { code: error.extensions?.code as string, message: error.message } : { changed: reply.data!.notificationRule.urlChanged });
    }
    expect(answers[0]).toEqual({ changed: false });
    expect(answers.slice(1, SECRET_COMPARISONS_PER_WINDOW)).toEqual(Array(SECRET_COMPARISONS_PER_WINDOW - 1).fill({ changed: true }));
    for (const refused of answers.slice(SECRET_COMPARISONS_PER_WINDOW)) {
      expect(refused).toEqual({
        code: 'TOO_MANY_REQUESTS',
        message: expect.stringMatching(/^urlChanged of notification rule "guarded" was asked 20 times in the last minute.*try again in \d+ s$/),
      });
    }
  }, 30_000);
});

describe('SecretComparisonLimit', () => {
  test('counts per source or destination over a sliding minute', () => {
    let now = 1_000_000;
    const limit = new SecretComparisonLimit(() => now);
    for (let i = 0; i < SECRET_COMPARISONS_PER_WINDOW; i += 1) limit.take('a', 'source "a"');
    expect(() => limit.take('a', 'source "a"')).toThrow(/try again in 60 s/);
    expect(() => limit.take('b', 'source "b"')).not.toThrow();
    now += 30_000;
    expect(() => limit.take('a', 'source "a"')).toThrow(/try again in 30 s/);
    now += 30_000;
    expect(() => limit.take('a', 'source "a"')).not.toThrow();
  });
});
