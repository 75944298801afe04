import type { HypervisorModel } from '@hvstep/hypervisor';
import type { GuestImage } from '../guest-image.js';
import type { Checker } from '../checker.js';
import type { Observation } from '../observation.js';
import type { CodeView } from '../step-oracle.js';

export interface LinuxContext {
  readonly smp: number;
  readonly accel: HypervisorModel;
  /** Debian's vmlinux (symbols only: its code is checked as the vCPUs fetched it). */
  readonly kernel: GuestImage;
  /** /bin/step-user of the initramfs. */
  readonly user: GuestImage;
}

/**
 * One of the spec's scenarios on Debian's kernel: the command the initramfs's /init
 * runs, the GDB commands after `target remote` (the kernel held at its entry), and the
 * checks. Every stepped instruction is decoded from the word the vCPU fetched (`code`).
 */
export interface LinuxScenario {
  /** The spec's number, with a letter for variants ('1k', '1u'). */
  readonly id: string;
  readonly title: string;
  /** What the scenario checks, for docs/scenarios-linux.md. */
  readonly checks: string;
  /** What /init runs (the words after `--` on the kernel command line). */
  readonly command: string;
  /** Console lines the run must print besides init's exit status 0. */
  readonly console?: readonly string[];
  readonly minSmp?: number;
  readonly accels?: readonly HypervisorModel[];
  /** Runs with no other run beside it (pool.ts): it needs its vCPUs' threads scheduled together. */
  readonly alone?: boolean;
  commands(ctx: LinuxContext): string[];
  verify(ctx: LinuxContext, o: Observation, code: CodeView, c: Checker): void;
}
