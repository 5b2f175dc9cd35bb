import { activeCampaignDestination } from '../../src/plugins/destinations/activecampaign';
import { postgresSource } from '../../src/plugins/sources/postgres';
import { secretsAreBound } from '../conformance/secrets-bound';

// Until the conformance suites call it for every plugin, the built-in plugins run the promise here.
secretsAreBound(postgresSource, () => ({ host: 'db.example.com', port: 5432, database: 'd', user: 'u', password: 'p', ssl: true }));
secretsAreBound(activeCampaignDestination, () => ({ apiUrl: 'https://acme.api-us1.com', apiKey: 'k' }));
