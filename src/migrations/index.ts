import { InitialSchema1764201600000 } from './1764201600000-initial-schema';

/** Every migration, oldest first. */
export const migrations = [InitialSchema1764201600000];
