import type { LinuxScenario } from '../scenario.js';
import { stepAndProbe } from '../../gdb-script.js';
import { hex } from '../../checker.js';
import { stepRun, checkStepRun, othersStill } from '../../scenarios/steps.js';
import { STEP_USER_OK, stopInStepUser } from './places.js';

const LOCKED = 5;
const FREE = 3;

export const schedulerLocking: LinuxScenario = {
  id: '14',
  title: 'scheduler-locking on, then off',
  checks: 'ptrace-step keeps CPU 1 busy while step-user, on CPU 0, stops at `user_steps`. With `set scheduler-locking on` '
    + `(vCont;s:N) ${LOCKED} steps leave every other vCPU where it was (checked on the machine: their NIP and retired-instruction count do not move); with off `
    + `(vCont;s:N;c) ${FREE} steps let the others run (CPU 1 retires instructions). Every step is checked against the ISA.`,
  // the background tracer is still stepping when step-user ends; init's poweroff ends it
  command: '/bin/sh -c "taskset -c 1 /bin/ptrace-step 1000000 & taskset -c 0 /bin/step-user"',
  console: [STEP_USER_OK],
  minSmp: 2,
  commands: (ctx) => [
    ...stopInStepUser(ctx, ctx.user.symbol('user_steps')), 'set scheduler-locking on', ...stepRun('a', LOCKED),
    'set scheduler-locking off', ...Array.from({ length: FREE }, (_, i) => stepAndProbe(`a${LOCKED + 1 + i}`)).flat(),
  ],
  verify(_ctx, o, code, c) {
    checkStepRun(c, o, code, 'a', LOCKED + FREE);
    othersStill(c, o, 'a0', Array.from({ length: LOCKED }, (_, i) => `a${i + 1}`));
    const locked = o.at(`a${LOCKED}`), free = o.at(`a${LOCKED + FREE}`);
    if (locked && free) {
      // retired instructions, not NIPs: ptrace-step's child is a two-instruction loop,
      // so a vCPU that ran can come back to the NIP it left
      const others = free.machine.vcpus.filter((v) => v.index !== locked.thread - 1 && v.started);
      const ran = others.filter((v) => v.retired !== locked.machine.vcpus[v.index]!.retired);
      c.that('with scheduler-locking off the other vCPUs ran', ran.length > 0, 'some other vCPU retired instructions',
        `none did (${others.map((v) => `${v.index}@${hex(v.nip)}: ${locked.machine.vcpus[v.index]!.retired} -> ${v.retired}`).join(' ')})`);
    }
  },
};
