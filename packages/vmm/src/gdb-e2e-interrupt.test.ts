/**
 * Ctrl-C that arrives right behind a resume, on both hypervisor models: the 0x03 in
 * the same TCP write as `vCont;c` (ack and no-ack mode, 100 times each), GDB/MI
 * `-exec-continue` immediately followed by `-exec-interrupt` with gdb-multiarch, and
 * a step over a blocking hypercall (H_CEDE in secondary_main) with the other vCPU
 * held: it ends (as on QEMU's TCG, at the next decrementer tick, the interrupt left
 * pending), and a Ctrl-C sent with it gets exactly one stop reply for the stepping
 * thread. After each, the session must answer the next packet normally.
 */
import { describe, it, expect, jest } from '@jest/globals';
import { DebuggedGuest, GdbMi, gdbBatch, symbolAddress, KERNEL, GDB_MODELS, within } from './testing/gdb-session.js';
import { RawGdbClient, CTRL_C } from './testing/raw-client.js';
import { readFileSync } from 'node:fs';
import { readElfSymbols } from './elf-symbols.js';

jest.setTimeout(300_000);

const LONG_RUN = 'iters=50000000';
const TRIES = 100;

/** `sc 1` in h_cede: the hypercall a secondary vCPU makes while it waits for work. */
const CEDE_SC = symbolAddress(KERNEL, 'h_cede') + 0x14n;

describe.each(GDB_MODELS)('Ctrl-C right behind a resume on the %s model', (accel) => {
  it.each([['ack', false], ['no-ack', true]])(`vCont;c + 0x03 in one write stops the guest ${TRIES} times out of ${TRIES} (%s mode)`, async (_mode, noAck) => {
    const g = await DebuggedGuest.start({ accel, smp: 2, bootargs: LONG_RUN });
    const c = await RawGdbClient.connect(g.port);
    try {
      expect(await c.request('qSupported:multiprocess+;swbreak+')).toContain('PacketSize');
      if (noAck) await c.startNoAck();
      // run into smp_work first, so both vCPUs are running code each time
      c.write('vCont;c');
      await g.console.until('kernel: smp_work:');
      c.write(CTRL_C);
      expect(await c.reply()).toMatch(/^T02thread:p1\.[12];/);
      let stopped = 0;
      for (let i = 0; i < TRIES; i++) {
        c.write('vCont;c', CTRL_C);
        if (/^T02thread:p1\.[12];/.test(await c.reply())) stopped++;
        // the next packet gets its own reply: no stray stop reply is left behind
        expect(await c.request('qC')).toMatch(/^QCp1\.[12]$/);
      }
      expect(stopped).toBe(TRIES);
      expect(g.machine.ended).toBe(false);
      expect(await c.request('vKill;1')).toBe('OK');
      expect(await g.ended()).toBe(1);
    } finally {
      c.close();
      await g.dispose();
    }
  });

  it('GDB/MI: -exec-continue and -exec-interrupt sent together stop the guest every time', async () => {
    const g = await DebuggedGuest.start({ accel, smp: 2, bootargs: LONG_RUN });
    let mi: GdbMi | undefined;
    try {
      mi = await GdbMi.connect(g.port);
      const pairs = 20;
      let stopped = 0;
      for (let i = 0; i < pairs; i++) {
        const from = mi.lines.length;
        const running = mi.command('-exec-continue');
        const interrupted = mi.command('-exec-interrupt');
        expect(await within(30_000, '^running', running)).toMatch(/\^running/);
        expect(await within(30_000, 'the interrupt\'s result', interrupted)).toMatch(/\^done/);
        const stop = await within(30_000, `*stopped after pair ${i}\n${mi.transcript().slice(-2000)}`, mi.stopped(from));
        if (/reason="signal-received",signal-name="SIGINT"/.test(stop)) stopped++;
      }
      expect(stopped).toBe(pairs);
      expect(await mi.console('print 1 + 1')).toMatch(/\$1 = 2/);
      expect(await mi.console('kill')).toMatch(/\[Inferior 1 \(process 1\) killed\]/);
      expect(await g.ended()).toBe(1);
    } finally {
      mi?.kill('SIGKILL');
      await g.dispose();
    }
  });
});

describe.each(GDB_MODELS)('a step over H_CEDE with the other vCPU held, on the %s model', (accel) => {
  it('stepi over the sc 1 in h_cede on vCPU 1 with scheduler-locking on ends after the hypercall', async () => {
    const g = await DebuggedGuest.start({ accel, smp: 2 });
    try {
      const t = await gdbBatch(g.port, [
        // vCPU 1 alone runs on to its cede: with vCPU 0 held no work comes, so it gets
        // there whatever the timing (with both running, the guest could end first)
        'break secondary_main', 'continue', 'delete', 'set scheduler-locking on', 'thread 2',
        `break *0x${CEDE_SC.toString(16)} thread 2`, 'continue', 'delete',
        'thread 1', 'info registers pc', 'thread 2', 'x/i $pc',
        'stepi', 'info registers pc', 'thread 1', 'info registers pc', 'kill',
      ], { watchdogMs: 60_000 });
      expect(t).toMatch(/=> 0x[0-9a-f]+ <h_cede\+20>:\s+sc\s+1/);
      const pcs = [...t.matchAll(/^pc\s+0x([0-9a-f]+)/gm)].map((m) => BigInt(`0x${m[1]}`));
      expect(pcs.length).toBe(3);
      expect(pcs[1]).toBe(CEDE_SC + 4n); // vCPU 1: one instruction on, the hypercall done
      expect(pcs[2]).toBe(pcs[0]); // vCPU 0 held throughout
      expect(t).toMatch(/\[Inferior 1 \(process 1\) killed\]/);
    } finally {
      await g.dispose();
    }
  });

  it('a Ctrl-C sent with that step gets one stop reply for the stepping thread, and the session goes on', async () => {
    const g = await DebuggedGuest.start({ accel, smp: 2 });
    const c = await RawGdbClient.connect(g.port);
    try {
      expect(await c.request('qSupported:multiprocess+;swbreak+')).toContain('PacketSize');
      await c.startNoAck();
      const bp = `${CEDE_SC.toString(16)},4`;
      // vCPU 1 (started by vCPU 0 through RTAS) to secondary_main; then thread 2 alone
      // runs to its cede (vCPU 0 held, so no work comes and it gets there whatever the timing)
      // (its local entry: the secondary comes in by a local call)
      const secondaryMain = `${readElfSymbols(readFileSync(KERNEL)).get('secondary_main')!.localEntry.toString(16)},4`;
      expect(await c.request(`Z0,${secondaryMain}`)).toBe('OK');
      expect(await c.request('vCont;c')).toMatch(/^T05thread:p1\.2;.*swbreak:;$/);
      expect(await c.request(`z0,${secondaryMain}`)).toBe('OK');
      expect(await c.request(`Z0,${bp}`)).toBe('OK');
      expect(await c.request('vCont;c:p1.2')).toMatch(/^T05thread:p1\.2;.*swbreak:;$/);
      expect(await c.request(`z0,${bp}`)).toBe('OK');
      c.write('vCont;s:p1.2', CTRL_C);
      const reply = await c.reply();
      // the step may finish before the interrupt lands: either way one stop, for thread 2
      expect(reply).toMatch(/^T0[25]thread:p1\.2;/);
      expect(await c.request('qC')).toBe('QCp1.2');
      expect(await c.request('vCont;s:p1.2')).toMatch(/^T05thread:p1\.2;/);
      expect(await c.request('vKill;1')).toBe('OK');
      expect(await g.ended()).toBe(1);
      expect(g.ram(Number(CEDE_SC - 0xc000000000000000n), 4)).not.toEqual(Uint8Array.of(0x00, 0xdd, 0xdd, 0x00));
    } finally {
      c.close();
      await g.dispose();
    }
  });
});
