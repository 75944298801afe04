import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { repoRoot } from './repo.js';

/**
 * Debian's busybox-static for ppc64el, fetched and cached by
 * scripts/fetch-busybox.sh (build/cache/busybox-ppc64el/busybox); throws with
 * the script's own message when it cannot be had.
 */
export function fetchBusybox(): string {
  const root = repoRoot();
  const cached = path.join(root, 'build/cache/busybox-ppc64el/busybox');
  if (fs.existsSync(cached)) return cached;
  try {
    return execFileSync('bash', [path.join(root, 'scripts/fetch-busybox.sh')], { stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();
  } catch (e) {
    const err = (e as { stderr?: Buffer }).stderr?.toString() ?? (e as Error).message;
    throw new Error(`scripts/fetch-busybox.sh failed: ${err}`);
  }
}
