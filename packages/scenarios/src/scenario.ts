import type { HypervisorModel } from '@hvstep/hypervisor';
import type { GuestImage } from './guest-image.js';
import type { Checker } from './checker.js';
import type { Observation } from './observation.js';

export interface ScenarioContext {
  readonly smp: number;
  readonly accel: HypervisorModel;
  readonly kernel: GuestImage;
  readonly firmware: GuestImage;
}

/**
 * One scenario of the spec's section 4, as a gdb-multiarch session against the
 * bundled guest: the commands to run and the expectations on what GDB printed, what
 * the machine held at each probe, and how the guest ended.
 */
export interface Scenario {
  /** The spec's number, with a letter for variants ('2a'). */
  readonly id: string;
  readonly title: string;
  /** What the scenario checks, for docs/scenarios.md (markdown, one paragraph). */
  readonly checks: string;
  /** Kernel command line words the scenario needs. */
  readonly bootargs?: string;
  /** The symbol file GDB loads (default: the kernel). */
  readonly symbolFile?: 'kernel' | 'firmware';
  /** Fewer vCPUs than this: the scenario does not apply (n/a in the table). */
  readonly minSmp?: number;
  /** The hypervisor models it applies to (default both). */
  readonly accels?: readonly HypervisorModel[];
  /** GDB commands after `target remote`; the runner appends `delete` and `detach`. */
  commands(ctx: ScenarioContext): string[];
  /** Checks the session; the runner adds the common end-of-run checks (see expectCleanEnd). */
  verify(ctx: ScenarioContext, o: Observation, c: Checker): void;
}
