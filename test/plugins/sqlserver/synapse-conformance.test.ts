import type { SourcePlugin } from '../../../src/plugins/contract';
import { synapseSource } from '../../../src/plugins/sources/sqlserver';
import { sourceConformance } from '../../conformance';
import { sqlServerSourceFixture } from './sqlserver-source-fixture';

// Azure Synapse is the same code with Synapse's defaults (no transaction, no read-only intent): the shared suite
// runs on it too, against the fake SQL Server.
sourceConformance(sqlServerSourceFixture(synapseSource as SourcePlugin, 'synapseSource'));
