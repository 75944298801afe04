/**
 * gdb-multiarch breakpoints against the bundled guest, per hypervisor model: a software
 * breakpoint continued over 100 times (GDB steps over it each time: native step on
 * `pr`, the emulated step on `hv`) and a hardware breakpoint. The in-guest debugger
 * that debugger_trace belongs to checks its own counts at the end, so a step leaking
 * into the guest fails the boot.
 */
import { describe, it, expect, jest } from '@jest/globals';
import { DebuggedGuest, gdbBatch, gdbInstructions, objdumpInstructions, KERNEL, GDB_MODELS } from './testing/gdb-session.js';

jest.setTimeout(200_000);

describe.each(GDB_MODELS)('gdb-multiarch breakpoints on the %s model', (accel) => {
  // debugger_trace runs once per Trace interrupt: on one vCPU, 8 self-step checks of
  // 8 kernel traces (64 calls) come first, then 451 user traces — a fixed sequence
  it('break debugger_trace + continue, 100 times; the guest then finishes its own checks', async () => {
    const g = await DebuggedGuest.start({ accel, smp: 1 });
    try {
      const commands = ['break debugger_trace', 'continue'];
      for (let i = 1; i < 100; i++) commands.push('continue');
      commands.push('print dbg.traces', 'x/2i $pc', 'delete', 'detach');
      const t = await gdbBatch(g.port, commands, { watchdogMs: 180_000 });
      expect(t.match(/Breakpoint 1, debugger_trace \(regs=0xc[0-9a-f]+\)/g)?.length).toBe(100);
      // the 100th call: 64 kernel traces, then the user traces before this one
      expect(t).toMatch(/\$1 = 35\n/);
      const shown = gdbInstructions(t);
      expect(shown).toEqual(objdumpInstructions(KERNEL, shown[0]!.address, 2));
      expect(g.target.breakpoints.size).toBe(0);
      expect(await g.ended()).toBe(0);
      expect(g.console.out).toContain('debugger: stepped 457 user instructions');
      expect(g.console.out).toContain('debugger ok');
      expect(g.console.out).toContain('kernel: all done');
    } finally {
      await g.dispose();
    }
  });

  // armed after the SMP part: see gdb-e2e-watch.test.ts on comparators and smp_work
  it('hbreak: a hardware breakpoint, then stepi and continue to the next hit', async () => {
    const g = await DebuggedGuest.start({ accel, smp: 1 });
    try {
      const t = await gdbBatch(g.port, [
        'break run_user_process', 'continue', 'delete',
        'hbreak do_syscall', 'continue', 'info registers pc', 'stepi', 'info registers pc', 'continue', 'info breakpoints', 'delete', 'detach',
      ]);
      expect(t).toMatch(/Hardware assisted breakpoint 2 at 0xc[0-9a-f]+/);
      expect(t.match(/\nBreakpoint 2, do_syscall \(regs=/g)?.length).toBe(2); // GDB names a hardware hit "Breakpoint N" too
      const pcs = [...t.matchAll(/pc\s+0x([0-9a-f]+)\s+0x[0-9a-f]+ <do_syscall\+(\d+)>/g)];
      expect(pcs.length).toBe(2);
      expect(BigInt(`0x${pcs[1]![1]}`) - BigInt(`0x${pcs[0]![1]}`)).toBe(4n);
      expect(t).toMatch(/breakpoint already hit 2 times/);
      expect(await g.ended()).toBe(0);
      expect(g.console.out).toContain('kernel: all done');
    } finally {
      await g.dispose();
    }
  });
});
