/**
 * `-S` holds, on both hypervisor models: a guest started paused runs nothing until a
 * client resumes it (QEMU's -S). A client that connects and leaves without a packet,
 * or after packets that resume nothing, leaves it held, and the next GDB finds the
 * reset state of docs/boot-protocol.md (vCPU 0 at the firmware's entry, big-endian,
 * real mode, r3 = the device tree). A `detach` is a resume: the guest then runs to
 * its power-off.
 */
import { describe, it, expect, jest } from '@jest/globals';
import { DebuggedGuest, gdbBatch, FIRMWARE, GDB_MODELS } from './testing/gdb-session.js';
import { RawGdbClient } from './testing/raw-client.js';

jest.setTimeout(200_000);

const FIRMWARE_ENTRY = 0x1000000n;
const RESET_MSR = 0x8000000000001000n;

async function until(what: string, cond: () => boolean): Promise<void> {
  for (let i = 0; i < 3000 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

/** The last client's detach is complete and the guest is still the debugger's: nothing has run. */
async function stillHeld(g: DebuggedGuest): Promise<void> {
  await g.server.whenIdle();
  expect(g.target.held).toBe(true);
  expect(g.machine.allParked).toBe(true);
  for (const v of g.machine.vm.vcpus) expect(v.state.instructionCount).toBe(0n);
  expect(g.console.out).toBe('');
  expect(g.machine.ended).toBe(false);
}

/** GDB's first view: the registers of docs/boot-protocol.md's entry state. */
async function expectResetState(g: DebuggedGuest): Promise<void> {
  const t = await gdbBatch(g.port, ['info registers pc msr r3 r5', 'detach'], { file: FIRMWARE });
  const reg = (name: string) => BigInt(new RegExp(`^${name}\\s+(0x[0-9a-f]+)`, 'm').exec(t)?.[1] ?? '-1');
  expect(reg('pc')).toBe(FIRMWARE_ENTRY);
  expect(reg('msr')).toBe(RESET_MSR);
  expect(reg('r3')).toBe(BigInt(g.machine.fdtAddress));
  expect(reg('r5')).toBe(0n);
  expect(t).toMatch(/\[Inferior 1 \(process 1\) detached\]/);
}

describe.each(GDB_MODELS)('-S on the %s model', (accel) => {
  it('a client that connects and leaves without a packet leaves the guest held; GDB then sees the reset state', async () => {
    const g = await DebuggedGuest.start({ accel, smp: 2 });
    try {
      const c = await RawGdbClient.connect(g.port);
      await until('the stub to accept the client', () => g.server.connected);
      c.close();
      await stillHeld(g);
      const again = await RawGdbClient.connect(g.port); // a second probe, as a port scanner would
      await until('the stub to accept the second client', () => g.server.connected);
      again.close();
      await stillHeld(g);
      await expectResetState(g);
      // GDB detached: that lets the guest go, and it runs to its normal power-off
      expect(await g.ended()).toBe(0);
      expect(g.console.out).toContain('kernel: all done');
    } finally {
      await g.dispose();
    }
  });

  it('a client that reads registers and memory but never resumes leaves it held too', async () => {
    const g = await DebuggedGuest.start({ accel, smp: 1 });
    try {
      const c = await RawGdbClient.connect(g.port);
      expect(await c.request('qSupported:multiprocess+;swbreak+')).toContain('PacketSize');
      expect(await c.request('p40')).toBe('0000000001000000'); // pc, big-endian
      expect(await c.request(`Z0,${FIRMWARE_ENTRY.toString(16)},4`)).toBe('OK');
      c.close();
      await stillHeld(g);
      // its breakpoint went with it: guest memory holds no stray word
      expect(g.target.breakpoints.size).toBe(0);
      expect(g.ram(Number(FIRMWARE_ENTRY), 4)).not.toEqual(Uint8Array.of(0x00, 0xdd, 0xdd, 0x00));
      await expectResetState(g);
      expect(await g.ended()).toBe(0);
    } finally {
      await g.dispose();
    }
  });
});
