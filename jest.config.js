// One jest run over every package (`pnpm exec jest [pattern]` at the root), for ad hoc
// runs across packages. scripts/test.sh runs each package's own jest.config.js instead.
import preset from './jest.preset.js';

export default { ...preset, roots: ['<rootDir>/packages'] };
