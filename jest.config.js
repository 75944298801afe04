// Tests are written in TypeScript next to the code they test and run from the
// compiled output (tsc -b), so jest needs no transformer and sees the same ESM as node.
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages'],
  testMatch: ['**/dist/**/*.test.js'],
  transform: {},
  testTimeout: 120000,
};
