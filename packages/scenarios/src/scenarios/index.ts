import type { Scenario } from '../scenario.js';
import { plainStep } from './s01-plain-step.js';
import { ail0, ail2 } from './s02-ail.js';
import { mixedMode } from './s03-mixed-mode.js';
import { mtsrr } from './s04-mtsrr.js';
import { mfmsr } from './s05-mfmsr.js';
import { rfidNoBreakpoint } from './s06-rfid.js';
import { rfidToBreakpoint } from './s07-rfid-breakpoint.js';
import { rfidGuestSe } from './s08-rfid-guest-se.js';
import { endianRfid } from './s09-endian-rfid.js';
import { atTraceHandler } from './s10-at-handler.js';
import { handlerBranch } from './s11-handler-branch.js';
import { handlerBreakpoint } from './s12-handler-breakpoint.js';
import { foreignHit } from './s13-foreign-hit.js';
import { schedulerLocking } from './s14-scheduler-locking.js';
import { threadsInTurn } from './s15-threads-in-turn.js';
import { syscallStep } from './s16-syscall.js';
import { ailChange } from './s17-ail-change.js';
import { faultingLoad } from './s18-fault.js';
import { guestSe } from './s19-guest-se.js';
import { bigEndian } from './s20-big-endian.js';
import { srr1Bits } from './s21-srr1-bits.js';
import { continueFromBreakpoint } from './s22-continue.js';
import { prNative } from './s23-pr-native.js';
import { noSoftwareBreakpoints } from './s24-no-breakpoints.js';
import { mtmsrd } from './s25-mtmsrd.js';

/** Every scenario of the spec's section 4, in its order. */
export const SCENARIOS: readonly Scenario[] = [
  plainStep, ail0, ail2, mixedMode, mtsrr, mfmsr, rfidNoBreakpoint, rfidToBreakpoint, rfidGuestSe, endianRfid, atTraceHandler,
  handlerBranch, handlerBreakpoint, foreignHit, schedulerLocking, threadsInTurn, syscallStep, ailChange, faultingLoad, guestSe,
  bigEndian, srr1Bits, continueFromBreakpoint, prNative, noSoftwareBreakpoints, mtmsrd,
];

export function scenarioById(id: string): Scenario {
  const s = SCENARIOS.find((x) => x.id === id);
  if (!s) throw new Error(`no scenario '${id}'`);
  return s;
}
