import { runSession } from '../session.js';
import { Observation } from '../observation.js';
import { Checker } from '../checker.js';
import { guestImage } from '../guest-image.js';
import { TRAILER, tail } from '../gdb-script.js';
import type { RunTask, RunResult } from '../run-one.js';
import { linuxGuestFiles } from './files.js';
import { probedCode } from './code.js';
import { expectLinuxEnd } from './end-checks.js';
import { linuxScenarioById } from './scenarios/index.js';
import type { LinuxContext } from './scenario.js';

/** The kernel command line of every Linux run: the console, no crypto self-tests (boot time), then /init's command. */
export const linuxBootargs = (command: string): string => `console=hvc0 cryptomgr.notests quiet -- ${command}`;

/** Runs one Linux scenario on one configuration: boots Debian's kernel held behind the stub, runs GDB, checks. */
export async function runLinuxOne(task: RunTask): Promise<RunResult> {
  const scenario = linuxScenarioById(task.scenario);
  const t0 = Date.now();
  const notApplicable = task.smp < (scenario.minSmp ?? 1) ? `needs ${scenario.minSmp} vCPUs or more`
    : scenario.accels && !scenario.accels.includes(task.accel) ? `${scenario.accels.join('/')} model only` : undefined;
  if (notApplicable) return { ...task, outcome: 'n/a', steps: 0, ms: 0, failures: [], notes: [notApplicable] };
  const c = new Checker();
  let session;
  let ctx: LinuxContext;
  try {
    const files = linuxGuestFiles();
    const kernel = guestImage(files.kernel, { disassemble: false });
    ctx = { smp: task.smp, accel: task.accel, kernel, user: guestImage(files.stepUser) };
    // the text the kernel keeps for its life, from its load address (real 0) to _etext
    const textBytes = Number(kernel.symbol('_etext') - kernel.symbol('_stext'));
    session = await runSession({
      smp: task.smp, accel: task.accel, symbolFile: files.kernel,
      guest: { kind: 'linux', kernel: files.kernel, initrd: files.initrd, bootargs: linuxBootargs(scenario.command), textBytes },
      commands: [...scenario.commands(ctx), ...TRAILER], stepMode: task.stepMode, engine: task.engine,
    });
  } catch (e) {
    c.fail('session', 'a gdb-multiarch session', e instanceof Error ? e.stack ?? e.message : String(e));
    return { ...task, outcome: 'fail', steps: 0, ms: Date.now() - t0, failures: c.failures, notes: c.notes };
  }
  const o = new Observation(session, c);
  try {
    scenario.verify(ctx, o, probedCode(session), c);
  } catch (e) {
    c.fail('scenario checks', 'to run', e instanceof Error ? e.stack ?? e.message : String(e));
  }
  expectLinuxEnd(c, o, scenario.command, scenario.console ?? []);
  const failed = c.failures.length > 0;
  return {
    ...task, outcome: failed ? 'fail' : 'pass', steps: session.steps, ms: Date.now() - t0, failures: c.failures, notes: c.notes,
    ...(failed ? { transcriptTail: tail(session.transcript, 40), consoleTail: tail(session.console, 12) } : {}),
  };
}
