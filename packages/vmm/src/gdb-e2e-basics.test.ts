/**
 * gdb-multiarch against the bundled guest: connecting, registers, disassembly in both
 * byte orders (compared with objdump), threads, monitor and QEMU's maintenance packets.
 */
import { describe, it, expect, jest } from '@jest/globals';
import { DebuggedGuest, gdbBatch, gdbInstructions, objdumpInstructions, symbolAddress, FIRMWARE, KERNEL, GDB_MODELS } from './testing/gdb-session.js';

jest.setTimeout(150_000);

describe.each(GDB_MODELS)('gdb-multiarch basics on the %s model', (accel) => {
  it('firmware.elf: big-endian registers and x/8i at _start match objdump; detach lets the guest finish', async () => {
    const g = await DebuggedGuest.start({ accel, smp: 2 });
    try {
      const t = await gdbBatch(g.port, [
        'info registers', 'x/8i $pc', 'x/2xw $pc', 'info threads', 'monitor info cpus',
        'maintenance packet qqemu.sstepbits', 'detach',
      ], { file: FIRMWARE });
      const start = symbolAddress(FIRMWARE, '_start');
      expect(t).toMatch(new RegExp(`pc\\s+0x${start.toString(16)}\\s+0x${start.toString(16)} <_start>`));
      expect(t).toMatch(/msr\s+0x8000000000001000\s/);
      expect(t).toMatch(/r3\s+0x[0-9a-f]+/);
      expect(t).toMatch(/cr\s+0x0\s/);
      const shown = gdbInstructions(t);
      expect(shown.length).toBe(8);
      expect(shown).toEqual(objdumpInstructions(FIRMWARE, start, 8));
      // the first words as the big-endian firmware stores them
      const raw = g.ram(Number(start), 8);
      const word = (i: number) => new DataView(raw.buffer, raw.byteOffset).getUint32(4 * i, false).toString(16).padStart(8, '0');
      expect(t).toContain(`0x${word(0)}\t0x${word(1)}`);
      expect(t).toMatch(/\* 1\s+Thread 1\.1[^\n]*_start/);
      expect(t).toMatch(/\n\s+2\s+Thread 1\.2/);
      expect(t).toContain('vCPU 0 (thread 1): started, stopped, pc 0x0000000001000000, msr 0x8000000000001000, BE, supervisor state, MMU off (real mode)');
      expect(t).toContain('vCPU 1 (thread 2): not started');
      expect(t).toMatch(/received: "ENABLE=1,NOIRQ=2,NOTIMER=4"/);
      expect(t).toMatch(/Detaching from program: .*, process 1|\[Inferior 1 \(process 1\) detached\]/);
      expect(await g.ended()).toBe(0);
      expect(g.console.out).toContain('kernel: all done');
    } finally {
      await g.dispose();
    }
  });

  it('kernel.elf: little-endian code at a breakpoint matches objdump; info registers; QEMU sstep packets', async () => {
    const g = await DebuggedGuest.start({ accel, smp: 1 });
    try {
      const t = await gdbBatch(g.port, [
        'break kernel_main', 'continue', 'info registers', 'x/8i $pc',
        'maintenance packet qqemu.sstep', 'maintenance packet Qqemu.sstep=5', 'maintenance packet qqemu.sstep',
        'maintenance packet Qqemu.sstep=8', 'monitor sstep', 'maintenance packet Qqemu.sstep=7',
        'delete', 'detach',
      ]);
      expect(t).toMatch(/Breakpoint 1, kernel_main \(\)/);
      expect(t).toMatch(/msr\s+0x8000000000009033|msr\s+0x800000000000[0-9a-f]{4}\s/);
      const pc = /pc\s+0x([0-9a-f]+)\s+0x[0-9a-f]+ <kernel_main\+8>/.exec(t);
      expect(pc).not.toBeNull();
      const shown = gdbInstructions(t);
      expect(shown.length).toBe(8);
      expect(shown[0]!.address).toBe(BigInt(`0x${pc![1]}`));
      expect(shown).toEqual(objdumpInstructions(KERNEL, shown[0]!.address, 8));
      expect(t).toMatch(/received: "0x7"\n[\s\S]*received: "OK"\n[\s\S]*received: "0x5"\n[\s\S]*received: "E22"/);
      expect(t).toContain('sstep flags 0x5 (ENABLE NOTIMER)');
      expect(await g.ended()).toBe(0);
    } finally {
      await g.dispose();
    }
  });

  it('threads: a breakpoint hit on the second vCPU, info threads, thread N', async () => {
    const g = await DebuggedGuest.start({ accel, smp: 2 });
    try {
      const t = await gdbBatch(g.port, [
        'break secondary_main', 'continue', 'info threads', 'thread 1', 'info registers pc', 'thread 2', 'info registers pc',
        'delete', 'detach',
      ]);
      expect(t).toMatch(/Thread 2 "vcpu1" hit Breakpoint 1, secondary_main \(\)/);
      expect(t).toMatch(/\* 2\s+Thread 1\.2 "vcpu1" secondary_main \(\)/);
      // vCPU 0 may be stopped at an interrupt's entry (a decrementer tick taken as the
      // stop arrived): GDB then shows that frame as <signal handler called>
      expect(t).toMatch(/\n\s+1\s+Thread 1\.1 "vcpu0" (?:[a-z_]+ \(|<signal handler called>)/);
      expect(t).toMatch(/\[Switching to thread 1 \(Thread 1\.1\)\]/);
      expect(t).toMatch(/\[Switching to thread 2 \(Thread 1\.2\)\]/);
      expect(t).toMatch(/pc\s+0xc[0-9a-f]+\s+0xc[0-9a-f]+ <secondary_main\+8>/);
      expect(t.match(/pc\s+0xc[0-9a-f]+\s+0xc[0-9a-f]+ <[a-z_]+\+\d+>/g)?.length).toBe(2);
      expect(await g.ended()).toBe(0);
      expect(g.console.out).toContain('kernel: all done');
    } finally {
      await g.dispose();
    }
  });
});
