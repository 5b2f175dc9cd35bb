module.exports = {
  rootDir: 'dist',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.js'],
  testEnvironment: 'node',
  transform: {},
  globalSetup: '/tmp/kitjest/setup.js',
  globalTeardown: '/tmp/kitjest/teardown.js',
  maxWorkers: 1,
  testTimeout: 15000,
};
