import { fetch, FormData, Headers, Request, Response } from 'undici';

/*
 * Jest runs each test file in its own V8 realm, but hands it Node's built-in fetch from the outer one: the objects
 * `response.json()` builds and the errors fetch throws then belong to another realm, so node:assert's strict deep
 * equality and `instanceof TypeError` fail on values that look identical. The undici package (the implementation
 * of Node's fetch, and a dependency of Ferry) loaded inside the test file's realm gives that realm's objects.
 */
Object.assign(globalThis, { fetch, FormData, Headers, Request, Response });
