import { postgresSource } from '../../../src/plugins/sources/postgres';
import type { SourcePlugin } from '../../../src/plugins/contract';
import { sourceConformance } from '../../conformance/source-conformance';
import { postgresConformanceFixture } from './conformance-fixture';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

sourceConformance(
  postgresConformanceFixture(postgresSource as unknown as SourcePlugin, {
    wrongPassword: (user) =>
      new RegExp(`^PostgreSQL at 127\\.0\\.0\\.1:\\d+ refused the password for user "${escape(user)}": check the user and password$`),
    unknownDatabase: (database) => new RegExp(`^Database "${database}" does not exist on 127\\.0\\.0\\.1:\\d+: check the database name`),
    unreachableHost: (port) => new RegExp(`^Could not connect to 127\\.0\\.0\\.1:${port}: connection refused\\. Check the host and port`),
    timeout: (port) => new RegExp(`^Could not connect to 127\\.0\\.0\\.1:${port} within 0\\.3 seconds: check the host and port`),
  }),
);
