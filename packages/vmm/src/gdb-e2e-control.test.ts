/**
 * gdb-multiarch run control against the bundled guest, per hypervisor model: Ctrl-C
 * during a continue, kill, detach and reconnect, and clients that vanish (GDB killed
 * with SIGKILL mid-continue; a raw client gone mid-step). Whatever way a client leaves,
 * every debugger breakpoint must be gone from guest memory and the next client must
 * find a consistent VM. The guest runs smp_work for a long time (bootargs iters=) so
 * that it is still running whenever a client acts; each test ends it with `kill`.
 */
import { describe, it, expect, jest } from '@jest/globals';
import { connect } from 'node:net';
import { encodePacket } from '@hvstep/gdbstub';
import { DebuggedGuest, GdbMi, gdbBatch, symbolAddress, KERNEL, GDB_MODELS } from './testing/gdb-session.js';

jest.setTimeout(300_000);

const LONG_RUN = 'iters=50000000';
const KERNEL_BASE = 0xc000000000000000n;

/** Waits (bounded) for a condition the event loop will make true. */
async function until(what: string, cond: () => boolean): Promise<void> {
  for (let i = 0; i < 3000 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

/** The kernel's real address for a kernel symbol (loaded at 0, linked at 0xc000...). */
const realAddress = (name: string) => Number(symbolAddress(KERNEL, name) - KERNEL_BASE);

describe.each(GDB_MODELS)('gdb-multiarch run control on the %s model', (accel) => {
  it('Ctrl-C during continue; GDB killed mid-continue leaves no breakpoint; a new GDB attaches, breaks and kills', async () => {
    const g = await DebuggedGuest.start({ accel, smp: 2, bootargs: LONG_RUN });
    let mi: GdbMi | undefined;
    try {
      const powerOff = realAddress('power_off') + 8; // GDB breaks at the local entry
      const original = g.ram(powerOff, 4);
      mi = await GdbMi.connect(g.port);
      expect(await mi.command('-break-insert power_off')).toMatch(/\^done,bkpt=/);
      let from = mi.lines.length;
      expect(await mi.command('-exec-continue')).toMatch(/\^running/);
      await g.console.until('kernel: smp_work:');
      expect([...g.ram(powerOff, 4)]).toEqual([0x00, 0xdd, 0xdd, 0x00]); // planted while running
      expect(await mi.command('-exec-interrupt')).toMatch(/\^done/);
      expect(await mi.stopped(from)).toMatch(/reason="signal-received",signal-name="SIGINT"/);
      const threads = await mi.console('info threads');
      expect(threads).toMatch(/Thread 1\.1 "vcpu0"/);
      expect(threads).toMatch(/Thread 1\.2 "vcpu1"/);
      expect(await mi.console('thread 2')).toMatch(/Switching to thread 2 \(Thread 1\.2\)/);
      from = mi.lines.length;
      expect(await mi.command('-exec-continue')).toMatch(/\^running/);
      await mi.waitFor(/^\*running/, from);
      mi.kill('SIGKILL');
      await mi.exitedPromise;
      await until('the stub to notice the client is gone', () => !g.server.connected);
      await until('the breakpoints to be removed', () => g.target.breakpoints.size === 0);
      expect(g.ram(powerOff, 4)).toEqual(original);
      expect(g.machine.ended).toBe(false);
      const t = await gdbBatch(g.port, ['info threads', 'x/2i power_off', 'break kstep_check', 'continue', 'delete', 'print smp_counter > 0', 'kill']);
      expect(t).toMatch(/Thread 1\.2 "vcpu1"/);
      expect(t).toMatch(/<power_off>:\s+addis\s+r2,r12/);
      expect(t).toMatch(/(Thread \d "vcpu\d" hit )?Breakpoint 1, kstep_check \(\)/);
      expect(t).toMatch(/\$1 = 1\n/);
      expect(t).toMatch(/\[Inferior 1 \(process 1\) killed\]/);
      expect(await g.ended()).toBe(1);
      expect(g.ram(realAddress('kstep_check') + 8, 4)).not.toEqual(Uint8Array.of(0x00, 0xdd, 0xdd, 0x00));
    } finally {
      mi?.kill('SIGKILL');
      await g.dispose();
    }
  });

  it('detach, then a second GDB attaches to the running guest, breaks and kills it', async () => {
    const g = await DebuggedGuest.start({ accel, smp: 2, bootargs: LONG_RUN });
    try {
      const first = await gdbBatch(g.port, ['break kstep_check', 'continue', 'continue', 'delete', 'detach']);
      expect(first.match(/Breakpoint 1, kstep_check \(\)/g)?.length).toBe(2);
      expect(first).toMatch(/\[Inferior 1 \(process 1\) detached\]/);
      await until('the first client to be gone', () => !g.server.connected);
      expect(g.target.breakpoints.size).toBe(0);
      const second = await gdbBatch(g.port, ['info threads', 'break kstep_check', 'continue', 'info registers pc', 'delete', 'kill']);
      expect(second).toMatch(/Thread 1\.1 "vcpu0"/);
      expect(second).toMatch(/Breakpoint 1, kstep_check \(\)/);
      expect(second).toMatch(/pc\s+0xc[0-9a-f]+\s+0xc[0-9a-f]+ <kstep_check\+8>/);
      expect(second).toMatch(/\[Inferior 1 \(process 1\) killed\]/);
      expect(await g.ended()).toBe(1);
    } finally {
      await g.dispose();
    }
  });

  it('a raw client gone mid-step with a breakpoint planted: the breakpoint goes, and GDB can attach and step', async () => {
    const g = await DebuggedGuest.start({ accel, smp: 1, bootargs: LONG_RUN });
    try {
      const kstep = realAddress('kstep_check') + 8; // the local entry
      const original = g.ram(kstep, 4);
      const socket = connect(g.port, '127.0.0.1');
      let got = '';
      socket.on('data', (d) => (got += d.toString('latin1')));
      await new Promise((r) => socket.once('connect', r));
      socket.write(encodePacket('qSupported:multiprocess+;swbreak+'));
      await until('qSupported reply', () => got.includes('PacketSize'));
      socket.write(encodePacket(`Z0,${(KERNEL_BASE + BigInt(kstep)).toString(16)},4`));
      await until('Z0 reply', () => got.includes('$OK#'));
      expect(g.target.breakpoints.size).toBe(1);
      socket.write(encodePacket('vCont;s:p1.1'));
      socket.destroy();
      await until('the stub to notice the client is gone', () => !g.server.connected);
      await until('the user breakpoint to be removed', () => g.target.breakpoints.userCount === 0);
      expect(g.ram(kstep, 4)).toEqual(original);
      const t = await gdbBatch(g.port, ['info registers pc', 'stepi', 'stepi', 'info registers pc', 'kill']);
      const pcs = [...t.matchAll(/pc\s+0x([0-9a-f]+)/g)].map((m) => BigInt(`0x${m[1]}`));
      expect(pcs.length).toBe(2);
      expect(t).toMatch(/\[Inferior 1 \(process 1\) killed\]/);
      expect(await g.ended()).toBe(1);
    } finally {
      await g.dispose();
    }
  });
});
