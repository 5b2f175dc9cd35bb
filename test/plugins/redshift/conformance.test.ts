import type { SourcePlugin } from '../../../src/plugins/contract';
import { redshiftSource } from '../../../src/plugins/sources/postgres';
import { sourceConformance } from '../../conformance/source-conformance';
import { postgresConformanceFixture } from '../postgres/conformance-fixture';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// The Redshift dialect against the test PostgreSQL, which has no TLS: ssl (on by default for Redshift) is turned off.
const fixture = postgresConformanceFixture(redshiftSource as unknown as SourcePlugin, {
  wrongPassword: (user) =>
    new RegExp(`^Amazon Redshift at 127\\.0\\.0\\.1:\\d+ refused the password for user "${escape(user)}": check the user and password$`),
  unknownDatabase: (database) => new RegExp(`^Database "${database}" does not exist on 127\\.0\\.0\\.1:\\d+: check the database name`),
  unreachableHost: (port) => new RegExp(`^Could not connect to 127\\.0\\.0\\.1:${port}: connection refused\\. Check the host and port`),
  timeout: (port) => new RegExp(`^Could not connect to 127\\.0\\.0\\.1:${port} within 0\\.3 seconds: check the host and port`),
});
const setUp = fixture.setUp.bind(fixture);
fixture.setUp = async () => ({ ...(await setUp()), ssl: false });

sourceConformance(fixture);
