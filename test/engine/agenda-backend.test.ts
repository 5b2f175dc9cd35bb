import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import { createAgendaBackend } from '../../src/engine/schedule/scheduler';
import { startTestFerry } from '../helpers/ferry-server';

test('Agenda keeps its jobs in Ferry’s PostgreSQL by default', async () => {
  const ferry = await startTestFerry();
  try {
    const [{ exists }] = await ferry.ferry.db.query(`SELECT to_regclass('public.agenda_jobs') IS NOT NULL AS exists`);
    assert.equal(exists, true, 'the PostgreSQL backend created its jobs table in Ferry’s database');
  } finally {
    await ferry.stop();
  }
});

test('FERRY_AGENDA_MONGO_URL selects the MongoDB backend (constructed, not connected: no MongoDB can run here)', async () => {
  const mongo = await createAgendaBackend({ mongoUrl: 'mongodb://127.0.0.1:27017/agenda', databaseUrl: 'postgres://unused' });
  assert.equal(mongo.backend.constructor.name, 'MongoBackend');
  assert.equal(mongo.pool, null, 'no PostgreSQL pool is opened for Agenda');
  const postgres = await createAgendaBackend({ databaseUrl: 'postgres://127.0.0.1:1/none' });
  assert.equal(postgres.backend.constructor.name, 'PostgresBackend');
  await postgres.pool?.end();
});
