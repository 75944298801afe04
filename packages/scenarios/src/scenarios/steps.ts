import { Vector } from '@hvstep/emulator-core';
import type { Observation, Point } from '../observation.js';
import { hex, type Checker } from '../checker.js';
import { probe, stepAndProbe } from '../gdb-script.js';
import { checkStep, type CodeView } from '../step-oracle.js';

/** Probe `${prefix}0`, then `count` × (stepi, probe `${prefix}1..count`). */
export function stepRun(prefix: string, count: number): string[] {
  const commands = [...probe(`${prefix}0`), 'x/i $pc'];
  for (let i = 1; i <= count; i++) commands.push(...stepAndProbe(`${prefix}${i}`));
  return commands;
}

/** Checks every step of a stepRun against the ISA; returns the points (undefined where a probe is missing). */
export function checkStepRun(c: Checker, o: Observation, image: CodeView, prefix: string, count: number): (Point | undefined)[] {
  const points = [o.at(`${prefix}0`)];
  for (let i = 1; i <= count; i++) {
    points.push(o.at(`${prefix}${i}`));
    if (!checkStep(c, image, points[i - 1], points[i])) break;   // later steps start from a wrong place
  }
  return points;
}

/** Checks the steps between consecutive probes `labels` (each a single stepi from the one before). */
export function checkStepsBetween(c: Checker, o: Observation, image: CodeView, labels: readonly string[]): void {
  let before = o.at(labels[0]!);
  for (const l of labels.slice(1)) {
    const after = o.at(l);
    if (!checkStep(c, image, before, after)) return;
    before = after;
  }
}

/**
 * How the last `count` steps reached the hypervisor: on `hv` (emulated) each as a
 * debug-instruction exit (HEAI) on the Trace handler for the AIL in force, `handler`;
 * on `pr` (native) none of them as a debug instruction.
 */
export function checkStepExits(c: Checker, o: Observation, accel: string, count: number, handler: bigint): void {
  const exits = o.session.debugExits.slice(-count);
  c.equal('debug exits for the steps', count, exits.length);
  exits.forEach((e, i) => {
    const what = `step ${i + 1}: debug exit`;
    if (accel === 'hv') c.equal(`${what} (emulated: the step breakpoint on the Trace handler)`, `HEAI at ${hex(handler)}`, `${e.exception === Vector.HypervisorEmulationAssistance ? 'HEAI' : hex(e.exception)} at ${hex(e.pc)}`);
    else c.that(`${what} (native: no breakpoint)`, e.exception !== Vector.HypervisorEmulationAssistance, 'not HEAI', `HEAI at ${hex(e.pc)}`);
  });
}

/** With scheduler-locking on (or step), the vCPUs other than the stepping one must not have moved since `from`. */
export function othersStill(c: Checker, o: Observation, from: string, labels: string[]): void {
  const start = o.at(from);
  if (!start) return;
  for (const l of labels) {
    const p = o.at(l);
    if (!p) return;
    for (const v of p.machine.vcpus) {
      const before = start.machine.vcpus[v.index]!;
      if (v.index === start.thread - 1 || !before.started) continue;
      // the same NIP could be a loop gone round: the retired-instruction count tells
      c.equal(`${l}: vCPU ${v.index} (not stepping) did not run`, `${hex(before.nip)}, ${before.retired} retired`, `${hex(v.nip)}, ${v.retired} retired`);
    }
  }
}
