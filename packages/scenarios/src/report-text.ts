import type { ReportText } from './report.js';

/** docs/scenarios.md's prose: the spec's 25 scenarios on the bundled guest. */
export const BUNDLED_REPORT: ReportText = {
  title: 'Single-step scenarios',
  intro: [
    'every scenario of the spec\'s section 4',
    '(summarised in docs/single-step.md) run with the real `gdb-multiarch` against the bundled guest',
    '(`guests/system`), on each hypervisor model and vCPU count. Each run boots its own machine paused behind',
    'the GDB stub, runs one batch GDB session, lets the guest run on to its power-off and checks: what GDB',
    'printed, the machine state at each probe (including SRR0/SRR1 and the other vCPUs, which GDB cannot show),',
    'and the common end conditions (see below). Expected addresses come from the ELF images (binutils), and',
    'each step is checked against the ISA, never against a previous run. The same scenarios on Debian\'s Linux',
    'kernel: docs/scenarios-linux.md.',
  ],
  everyRun: [
    '- GDB\'s `$pc` and `$msr` at every probe equal the machine\'s NIP and MSR of that thread\'s vCPU.',
    '- Every `stepi` (unless the scenario says otherwise) lands on a successor of the instruction binutils disassembles',
    '  at the previous PC (the branch target, LR, CTR, SRR0 for rfid), with the MSR, SRR0/SRR1 and the written GPR the',
    '  ISA gives for that instruction (mtmsr[d], mtsrr0/1, mfmsr, mflr), no debugger SE and none of the SRR1',
    '  interrupt bits 0x781f0400 in the MSR.',
    '- The guest then runs to its normal power-off (status 0, "kernel: all done"): its self-checks count its own',
    '  Trace interrupts (8 kernel self-traces per CPU, 457 user steps by the in-guest debugger), so a lost or leaked',
    '  trace fails the run; no "unexpected trace interrupt" line.',
    '- GDB never failed to insert or remove a breakpoint, got no unexpected signal, and detached (or saw the exit).',
    '- No debug instruction (0x00dddd00) is left in guest memory below 32 MiB (kernel, tables, stacks, firmware), nor at',
    '  any address a breakpoint was planted on.',
  ],
};

/** docs/scenarios-linux.md's prose: the scenarios that apply to Debian's kernel and a user process. */
export const LINUX_REPORT: ReportText = {
  title: 'Single-step scenarios on Debian\'s Linux kernel',
  intro: [
    'the spec\'s section 4 scenarios',
    'that apply to a real kernel, run with the real `gdb-multiarch` against Debian\'s ppc64el kernel and the busybox',
    'initramfs of `scripts/linux-guest.sh` (1 GiB, `console=hvc0 cryptomgr.notests quiet -- COMMAND`: /init runs the',
    'command and powers off). Each run boots its own machine held at the kernel\'s entry behind the GDB stub, with',
    'vmlinux\'s symbols in GDB; the user-space scenarios break in `/bin/step-user` (guests/linux/step-user.c, linked at',
    'a text address of its own) with hardware breakpoints. Addresses come from vmlinux and step-user (binutils);',
    'every stepped instruction is decoded from the word the vCPU fetched, since the kernel patches its own code at',
    'boot (feature sections, static keys). The bundled guest\'s 25 scenarios: docs/scenarios.md.',
  ],
  everyRun: [
    '- GDB\'s `$pc` and `$msr` at every probe equal the machine\'s NIP and MSR of that thread\'s vCPU.',
    '- Every `stepi` the scenario checks lands on a successor of the fetched instruction (branch targets, LR, CTR,',
    '  SRR0 for rfid, LR for rfscv, the next word after a hypercall), with the MSR, SRR0/SRR1 and written GPR the ISA',
    '  gives, no debugger SE and none of the SRR1 interrupt bits 0x781f0400 in the MSR.',
    '- The guest\'s command exits 0 (step-user checks its own results; ptrace-step checks each of its steps, so a',
    '  lost or leaked Trace interrupt fails it), the kernel powers off, and the console has no Oops, BUG, panic or trap.',
    '- GDB never failed to insert or remove a breakpoint, got no unexpected signal, and detached.',
    '- No debug instruction (0x00dddd00) is left at any real address a breakpoint (GDB\'s or the emulated step\'s) was',
    '  planted on, nor anywhere in the kernel\'s text.',
  ],
  sections: [{
    heading: 'Scheduler-locking and a continue',
    lines: [
      'With `set scheduler-locking on` GDB resumes only the current thread for a `continue` too. On a real kernel that',
      'can wait forever: the vCPUs GDB holds were stopped wherever the all-stop found them, possibly inside a',
      'spinlock\'s critical section, and the running vCPU may need that lock. Two CI runs of this matrix each lost',
      'one run to a `continue` that never stopped (6 on pr, 16 on hv, smp=2); a repeat under the scenarios\' watchdog,',
      'which interrupts before it kills, caught it (6 on hv): the running vCPU sat in `queued_spin_lock_slowpath`, and',
      'the kernel reported a hard lockup of the held CPU once it ran again. Any all-stop target that holds vCPUs',
      'where they stand can do this (not tried on QEMU); it follows from the debugger\'s choice, not from the step.',
      'The scenarios that `continue` between their steps (1k, 6, 16) therefore use `set scheduler-locking step`',
      '(the others held while stepping only); 1u, 14 and 18 keep `on`, as they only step, and a step ends after one',
      'instruction. A step over `sc` is the exception: on hv it runs the whole system call (and any interrupt taken',
      'meanwhile) before it ends, and one CI run lost scenario 16 (hv, smp=2, jit) to it under `step`, the stepping',
      'vCPU in `queued_spin_lock_slowpath` again; 16 steps its `sc` with scheduler-locking off, and step-user pins',
      'itself to its CPU so that the step ends on the vCPU that began it.',
    ],
  }],
};
