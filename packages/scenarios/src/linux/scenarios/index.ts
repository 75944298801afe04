import type { LinuxScenario } from '../scenario.js';
import { kernelSteps } from './l01-kernel-steps.js';
import { userSteps } from './l01-user-steps.js';
import { returnToUser } from './l06-return-to-user.js';
import { foreignHit } from './l13-foreign-hit.js';
import { schedulerLocking } from './l14-scheduler-locking.js';
import { syscallSteps } from './l16-syscall.js';
import { faultingStore } from './l18-fault.js';
import { continueFromBreakpoint } from './l22-continue.js';

/** The spec's scenarios that apply to Debian's kernel and a user process, in the spec's order. */
export const LINUX_SCENARIOS: readonly LinuxScenario[] = [
  kernelSteps, userSteps, returnToUser, foreignHit, schedulerLocking, syscallSteps, faultingStore, continueFromBreakpoint,
];

export function linuxScenarioById(id: string): LinuxScenario {
  const s = LINUX_SCENARIOS.find((x) => x.id === id);
  if (!s) throw new Error(`no Linux scenario '${id}'`);
  return s;
}
