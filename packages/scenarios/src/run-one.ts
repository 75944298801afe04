import type { HypervisorModel } from '@hvstep/hypervisor';
import type { Engine } from '@hvstep/emulator-core';
import { runSession, type StepMode } from './session.js';
import { Observation } from './observation.js';
import { Checker, type Failure } from './checker.js';
import { expectCleanEnd } from './end-checks.js';
import { guestImage } from './guest-image.js';
import { TRAILER, tail } from './gdb-script.js';
import { scenarioById } from './scenarios/index.js';
import type { ScenarioContext } from './scenario.js';
import { FIRMWARE_ELF, KERNEL_ELF } from './paths.js';
import { runLinuxOne } from './linux/run-linux.js';

/** Which guest a run debugs: the bundled one (the spec's 25 scenarios) or Debian's Linux kernel (`--guest linux`). */
export type GuestKind = 'bundled' | 'linux';

export interface RunTask {
  readonly guest: GuestKind;
  readonly scenario: string;
  readonly smp: number;
  readonly accel: HypervisorModel;
  /** Force a single-step method (`--sstep`); default: the model's. */
  readonly stepMode?: StepMode;
  /** The vCPUs' execution engine (`--engine`); default: the machine's. */
  readonly engine?: Engine;
}

export interface RunResult extends RunTask {
  readonly outcome: 'pass' | 'fail' | 'n/a';
  /** Resumes in which a vCPU stepped. */
  readonly steps: number;
  readonly ms: number;
  readonly failures: readonly Failure[];
  readonly notes: readonly string[];
  /** For a failure: the end of the GDB transcript and of the guest console. */
  readonly transcriptTail?: string;
  readonly consoleTail?: string;
}

/** Runs one scenario on one configuration and checks it (in a pool worker or in-process). */
export async function runOne(task: RunTask): Promise<RunResult> {
  if (task.guest === 'linux') return runLinuxOne(task);
  const scenario = scenarioById(task.scenario);
  const t0 = Date.now();
  const notApplicable = task.smp < (scenario.minSmp ?? 1) ? `needs ${scenario.minSmp} vCPUs or more`
    : scenario.accels && !scenario.accels.includes(task.accel) ? `${scenario.accels.join('/')} model only` : undefined;
  if (notApplicable) return { ...task, outcome: 'n/a', steps: 0, ms: 0, failures: [], notes: [notApplicable] };
  const ctx: ScenarioContext = { smp: task.smp, accel: task.accel, kernel: guestImage(KERNEL_ELF), firmware: guestImage(FIRMWARE_ELF) };
  const c = new Checker();
  let session;
  try {
    session = await runSession({
      smp: task.smp, accel: task.accel, guest: { kind: 'bundled', ...(scenario.bootargs ? { bootargs: scenario.bootargs } : {}) },
      symbolFile: scenario.symbolFile === 'firmware' ? FIRMWARE_ELF : KERNEL_ELF,
      commands: [...scenario.commands(ctx), ...TRAILER], stepMode: task.stepMode, engine: task.engine,
    });
  } catch (e) {
    c.fail('session', 'a gdb-multiarch session', e instanceof Error ? e.stack ?? e.message : String(e));
    return { ...task, outcome: 'fail', steps: 0, ms: Date.now() - t0, failures: c.failures, notes: c.notes };
  }
  const o = new Observation(session, c);
  try {
    scenario.verify(ctx, o, c);
  } catch (e) {
    c.fail('scenario checks', 'to run', e instanceof Error ? e.stack ?? e.message : String(e));
  }
  expectCleanEnd(c, o);
  const failed = c.failures.length > 0;
  return {
    ...task, outcome: failed ? 'fail' : 'pass', steps: session.steps, ms: Date.now() - t0, failures: c.failures, notes: c.notes,
    ...(failed ? { transcriptTail: tail(session.transcript, 40), consoleTail: tail(session.console, 12) } : {}),
  };
}
