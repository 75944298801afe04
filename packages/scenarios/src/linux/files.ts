import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../paths.js';

/** Debian's kernel, the busybox initramfs and the scenarios' user program, as scripts/linux-guest.sh caches them. */
export interface LinuxGuestFiles {
  readonly kernel: string;
  readonly initrd: string;
  /** The ELF of the initramfs's /bin/step-user (guests/linux/step-user.c), for its symbols. */
  readonly stepUser: string;
}

let files: LinuxGuestFiles | undefined;

/**
 * Provisions the Linux guest once per process (quick when cached: the script prints the
 * kernel's and the initramfs's paths; step-user sits beside them).
 */
export function linuxGuestFiles(): LinuxGuestFiles {
  if (!files) {
    const out = execFileSync('bash', [path.join(REPO_ROOT, 'scripts/linux-guest.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const [kernel, initrd] = out.trim().split('\n') as [string, string];
    files = { kernel, initrd, stepUser: path.join(path.dirname(initrd), 'step-user') };
  }
  return files;
}
