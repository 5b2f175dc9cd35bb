import { sourceConformance } from '../../conformance';
import { sqlServerSourceFixture } from './sqlserver-source-fixture';

// The shared source conformance suite, on the fake SQL Server.
sourceConformance(sqlServerSourceFixture());
