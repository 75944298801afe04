// The jest settings every package shares (each package's jest.config.js re-exports them,
// so its rootDir is that package; the root jest.config.js adds roots for all packages).
// Tests are written in TypeScript next to the code they test and run from the
// compiled output (tsc -b), so jest needs no transformer and sees the same ESM as node.
export default {
  testEnvironment: 'node',
  testMatch: ['**/dist/**/*.test.js'],
  transform: {},
  testTimeout: 120000,
};
