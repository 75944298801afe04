// This package's suites only: rootDir is this folder; the settings are shared.
export { default } from '../../jest.preset.js';
