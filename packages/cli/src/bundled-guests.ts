import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory of the repository's bundled system guests (guests/system: firmware.elf,
 * kernel.elf), found by walking up from this module's file: the same answer from tsc's
 * dist/commands/run.js and from the one-file bundle dist/hvstep.js (scripts/bundle-cli.mjs),
 * which sit at different depths.
 */
export function bundledGuestsDir(): string {
  const start = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'guests/system');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return path.resolve(start, '../../../../guests/system'); // not found: the error names the usual place
  }
}
