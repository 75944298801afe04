/**
 * Source-level stepping through the real gdb-multiarch on both models: `next` over a
 * call (in which the kernel traces itself), `step` into a function, `finish`, `nexti`,
 * `until`. On `hv` every one of them rests on the emulated single step.
 */
import { describe, it, expect, jest } from '@jest/globals';
import { DebuggedGuest, gdbBatch } from './testing/gdb-session.js';

jest.setTimeout(180_000);

describe.each(['hv', 'pr'] as const)('gdb-multiarch source-level stepping on %s', (accel) => {
  it('next, step, finish, nexti over the bundled kernel; the guest then runs to its end untouched', async () => {
    const g = await DebuggedGuest.start({ accel, smp: 2 });
    try {
      const t = await gdbBatch(g.port, [
        'break kernel_main', 'continue', 'delete',
        'next', 'next', 'next',   // kernel_selftests(); timer_init(); irq_enable();
        'step',                   // into smp_boot
        'bt 1',
        'finish',
        'nexti', 'nexti',
        'info registers pc',
        'detach',
      ]);
      // `next` went over kernel_selftests (where the kernel traces itself) and timer_init
      expect(t).toMatch(/\n\d+\s+timer_init\(\);/);
      expect(t).toMatch(/\n\d+\s+irq_enable\(\);/);
      expect(t).toMatch(/\n\d+\s+smp_boot\(\);/);
      expect(t).toMatch(/#0\s+smp_boot \(\)/);
      expect(t).toMatch(/0x[0-9a-f]+ in kernel_main \(\) at kernel\/main\.c:61/); // finish returned to the caller
      expect(t).toMatch(/\n62\s+smp_run_work\(\);/);
      expect(t).not.toMatch(/SIGTRAP|SIGILL|Cannot insert|Cannot access/);
      expect(await g.ended()).toBe(0);
      expect(g.console.out).toContain('kernel: self-step ok: 8 kernel instructions traced');
      expect(g.console.out).toContain(`counters ok: 200000`);
      expect(g.console.out).toContain('debugger ok');
      expect(g.console.out).toContain('kernel: all done');
      expect(g.console.out).not.toContain('unexpected trace');
    } finally {
      await g.dispose();
    }
  });
});

describe('gdb-multiarch stress on hv', () => {
  it('4 vCPUs in smp_work, stepi 10000 on one with scheduler-locking off: no stray stop, exact counters, no word left', async () => {
    const g = await DebuggedGuest.start({ accel: 'hv', smp: 4, timeoutMs: 170_000 });
    try {
      const t = await gdbBatch(g.port, [
        'break smp_work', 'continue', 'delete',
        'set scheduler-locking off',
        'stepi 10000',
        'info registers pc',
        'detach',
      ], { watchdogMs: 170_000 });
      expect(t).toMatch(/pc\s+0xc[0-9a-f]+/);
      // a stop from another vCPU would make GDB switch threads before the 10,000 steps end
      expect(t.split(/hit Breakpoint 1/)[1] ?? '').not.toMatch(/Switching to Thread|SIGTRAP|SIGILL|signal/);
      expect(await g.ended()).toBe(0);
      expect(g.console.out).toContain('counters ok: 400000');
      expect(g.console.out).toContain('kernel: all done');
      expect(g.console.out).not.toContain('unexpected trace');
      const words = new Uint32Array(g.machine.vm.memory.u8.buffer, 0, 32 << 18);
      expect(words.indexOf(0x00dddd00)).toBe(-1);
    } finally {
      await g.dispose();
    }
  });
});
