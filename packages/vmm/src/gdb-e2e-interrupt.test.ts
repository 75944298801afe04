/**
 * Ctrl-C that arrives right behind a resume, on both hypervisor models: the 0x03 in
 * the same TCP write as `vCont;c` (ack and no-ack mode, 100 times each), and GDB/MI
 * `-exec-continue` immediately followed by `-exec-interrupt` with gdb-multiarch.
 * After each, the session must answer the next packet normally.
 */
import { describe, it, expect, jest } from '@jest/globals';
import { DebuggedGuest, GdbMi, GDB_MODELS } from './testing/gdb-session.js';
import { RawGdbClient, CTRL_C } from './testing/raw-client.js';

jest.setTimeout(300_000);

const LONG_RUN = 'iters=50000000';
const TRIES = 100;

/** Rejects after `ms` with what was awaited, so a lost stop fails the test instead of hanging it. */
function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms); });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

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
      expect(await g.running).toBe(1);
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
      expect(await g.running).toBe(1);
    } finally {
      mi?.kill('SIGKILL');
      await g.dispose();
    }
  });
});

