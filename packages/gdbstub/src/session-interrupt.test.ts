/**
 * Ctrl-C and the resume rendezvous: a 0x03 that arrives in the same write as the
 * resume packet (as GDB/MI sends `-exec-continue` + `-exec-interrupt`) must stop the
 * target and get its stop reply, in ack and no-ack mode, however long the target
 * takes to start; and the stub never interrupts a target whose resume() has not
 * settled. A step that nothing ends is stopped by Ctrl-C with a proper stop reply.
 */
import { describe, it, expect } from '@jest/globals';
import { encodePacket } from './framing.js';
import { FakeTarget } from './testing/fake-target.js';
import { TestClient } from './testing/test-client.js';

const CTRL_C = Uint8Array.of(0x03);

function resumeThenCtrlC(packet: string): Uint8Array {
  const frame = encodePacket(packet);
  const bytes = new Uint8Array(frame.length + 1);
  bytes.set(frame);
  bytes.set(CTRL_C, frame.length);
  return bytes;
}

async function runningClient(noAck: boolean, resumeDelayMs: number): Promise<{ t: FakeTarget; c: TestClient }> {
  const t = new FakeTarget(2);
  t.continueStops = false;
  t.resumeDelayMs = resumeDelayMs;
  const c = new TestClient(t);
  expect(await c.request('qSupported:multiprocess+;swbreak+')).toContain('PacketSize');
  if (noAck) expect(await c.request('QStartNoAckMode')).toBe('OK');
  return { t, c };
}

describe.each([
  ['ack', false],
  ['no-ack', true],
])('Ctrl-C right behind a resume packet (%s mode)', (_mode, noAck) => {
  it.each([0, 1])('vCont;c + 0x03 in one write stops the target, 100 times out of 100 (resume takes %i ms)', async (delay) => {
    const { t, c } = await runningClient(noAck, delay);
    let stopped = 0;
    for (let i = 0; i < 100; i++) {
      const before = c.replies.length;
      c.sendRaw(resumeThenCtrlC('vCont;c'));
      if (await c.waitReplies(before + 1, delay > 0 ? 2000 : 200)) {
        const reply = c.replies.splice(before, 1)[0]!;
        if (/^T02thread:p1\.1;/.test(reply)) stopped++;
      }
      expect(c.session.state).toBe('stopped');
    }
    expect(stopped).toBe(100);
    expect(t.interrupts).toBe(100);
    expect(t.interruptsDuringResume).toBe(0);
    expect(c.replies).toEqual([]);
  });

  it('a Ctrl-C behind a packet queued after others still belongs to that resume', async () => {
    const { t, c } = await runningClient(noAck, 0);
    const bytes = [...encodePacket('qC'), ...encodePacket('Hgp1.2'), ...resumeThenCtrlC('c')];
    c.sendRaw(Uint8Array.from(bytes));
    expect(await c.waitReplies(3)).toBe(true);
    expect(c.replies[0]).toBe('QCp1.1');
    expect(c.replies[1]).toBe('OK');
    expect(c.replies[2]).toMatch(/^T02thread:p1\.1;/);
    expect(t.interrupts).toBe(1);
  });
});

describe('Ctrl-C outside a resume', () => {
  it('is ignored while stopped, and a resume that ended without starting spends a queued one', async () => {
    const { t, c } = await runningClient(false, 0);
    c.sendRaw(CTRL_C);
    await c.session.settled();
    expect(t.interrupts).toBe(0);
    expect(c.replies).toEqual([]);
    // vCont;t runs nothing: answered at once; its Ctrl-C must not stop the next continue
    c.sendRaw(resumeThenCtrlC('vCont;t'));
    expect(await c.waitReplies(1)).toBe(true);
    expect(c.replies.shift()).toMatch(/^T00/);
    expect(await c.request('vCont;c', 20)).toBeUndefined();
    expect(c.session.state).toBe('running');
    expect(t.interrupts).toBe(0);
    c.sendRaw(CTRL_C);
    expect(await c.waitReplies(1)).toBe(true);
    expect(c.replies.shift()).toMatch(/^T02/);
  });

  it('a step that never ends is stopped by Ctrl-C with a stop reply for the stepping thread; the session stays usable', async () => {
    const { t, c } = await runningClient(true, 0);
    t.stepsStop = false;
    expect(await c.request('vCont;s:p1.2', 20)).toBeUndefined();
    expect(c.session.state).toBe('running');
    c.sendRaw(CTRL_C);
    expect(await c.waitReplies(1)).toBe(true);
    expect(c.replies.shift()).toMatch(/^T02thread:p1\.2;/);
    expect(c.session.state).toBe('stopped');
    t.stepsStop = true;
    expect(await c.request('vCont;s:p1.2')).toMatch(/^T05thread:p1\.2;40:0000000000000004;/);
    expect(await c.request('p40')).toBe('0000000000000004');
  });
});
