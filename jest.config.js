// Jest runs the output of `tsc -p tsconfig.json` (dist/), not the TypeScript sources: see README, "Developing".
/** @type {import('jest').Config} */
module.exports = {
  rootDir: 'dist',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.js'],
  testEnvironment: 'node',
  // Hands jest the source maps tsc wrote beside each file, so failures point at .ts lines. It transpiles nothing.
  transform: { '\\.js$': '<rootDir>/test/jest/compiled-with-source-map.js' },
  // Packages published only as ES modules, which jest's loader cannot `require` before Node 24.9: converted to CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!(agenda|@agendajs/[^/]+)/)'],
  setupFiles: ['<rootDir>/test/jest/same-realm-fetch.js'],
  globalSetup: '<rootDir>/test/jest/global-setup.js',
  globalTeardown: '<rootDir>/test/jest/global-teardown.js',
  maxWorkers: 2,
  // Each test's own limit when it sets none; long tests set theirs.
  testTimeout: 15_000,
};
