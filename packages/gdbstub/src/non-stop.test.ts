/**
 * Non-stop mode at the packet level against the fake target: QNonStop, `%Stop`
 * notifications and the vStopped queue, `?` listing every stopped thread, vCont with
 * per-thread actions (`t` stops one thread, the others run on), vCtrlC and 0x03,
 * register access to a running thread, the guest's end, and non-stop packets from a
 * client that did not ask for non-stop.
 */
import { describe, it, expect, beforeEach } from '@jest/globals';
import { FakeTarget } from './testing/fake-target.js';
import { TestClient } from './testing/test-client.js';
import { encodeNotification, FrameDecoder } from './framing.js';
import { StopNotifications } from './stop-notifications.js';
import { parseCommand } from './commands/index.js';

let t: FakeTarget;
let c: TestClient;

beforeEach(async () => {
  t = new FakeTarget(3);
  c = new TestClient(t);
  expect(await c.request('qSupported:multiprocess+;swbreak+')).toContain('QNonStop+');
});

/** QNonStop:1 (which leaves thread 1 stopped and runs the others), then every thread stopped with `vCont;t`. */
async function nonStop(): Promise<void> {
  expect(await c.request('QNonStop:1')).toBe('OK');
  expect(t.nonStopOn).toBe(true);
  expect(t.runningVcpus).toEqual(new Set([1, 2]));
  expect(await c.request('vCont;t')).toBe('OK');
  expect(await c.waitNotifications(1)).toBe(true);
  expect(c.notifications).toEqual([expect.stringMatching(/^Stop:T00thread:p1\.2;/)]);
  expect(await c.request('vStopped')).toMatch(/^T00thread:p1\.3;/);
  expect(await c.request('vStopped')).toBe('OK');
  c.notifications.length = 0;
  t.nonStopCalls.length = 0;
}

/** `?` then vStopped until OK: every stop reply the stub lists. */
async function allStopped(): Promise<string[]> {
  const out: string[] = [];
  for (let r = await c.request('?'); r !== 'OK'; r = await c.request('vStopped')) {
    expect(r).toBeDefined();
    out.push(r!);
    expect(out.length).toBeLessThan(10);
  }
  return out;
}

describe('non-stop packets', () => {
  it('parses QNonStop, vStopped and vCtrlC; a bad QNonStop is malformed', () => {
    expect(parseCommand('QNonStop:1')).toEqual({ kind: 'setNonStop', on: true });
    expect(parseCommand('QNonStop:0')).toEqual({ kind: 'setNonStop', on: false });
    expect(parseCommand('QNonStop:2').kind).toBe('malformed');
    expect(parseCommand('vStopped')).toEqual({ kind: 'vStopped' });
    expect(parseCommand('vCtrlC')).toEqual({ kind: 'vCtrlC' });
  });

  it('frames %Stop notifications and decodes them apart from packets', () => {
    const bytes = encodeNotification('Stop:T05thread:p1.2;');
    expect(Buffer.from(bytes).toString('latin1')).toMatch(/^%Stop:T05thread:p1\.2;#[0-9a-f]{2}$/);
    expect(new FrameDecoder().push(bytes)).toEqual([{ type: 'notification', payload: Uint8Array.from(Buffer.from('Stop:T05thread:p1.2;')) }]);
  });

  it('the queue announces only a new head, vStopped walks it, ? replaces it', () => {
    const sent: string[] = [];
    const q = new StopNotifications((r) => sent.push(r));
    q.expect(0); q.push('A', 0);
    q.expect(2); q.push('B', 2);
    expect(sent).toEqual(['A']);
    expect([q.unreported(0), q.unreported(1), q.unreported(2)]).toEqual([true, false, true]);
    expect(q.acknowledge()).toBe('B');
    expect([q.unreported(0), q.unreported(2)]).toEqual([false, true]);
    expect(q.acknowledge()).toBe('OK');
    expect(q.unreported(2)).toBe(false);
    expect(q.acknowledge()).toBe('OK');
    // a stop reported by the target is unreported before its reply is built
    q.expect(1);
    expect(q.unreported(1)).toBe(true);
    q.push('C', 1);
    expect(sent).toEqual(['A', 'C']);
    expect(q.reset([{ reply: 'X', vcpu: 0 }, { reply: 'Y', vcpu: 2 }])).toBe('X');
    // X is the reply to `?` itself: seen by the client
    expect([q.unreported(0), q.unreported(1), q.unreported(2)]).toEqual([false, false, true]);
    expect(q.acknowledge()).toBe('Y');
    expect(q.unreported(2)).toBe(true);
    expect(q.acknowledge()).toBe('OK');
    expect(q.reset([])).toBe('OK');
    expect(sent).toEqual(['A', 'C']);
    q.expect(1); q.withdraw(1);
    expect(q.unreported(1)).toBe(false);
  });

  it('without QNonStop:1, vStopped and vCtrlC are errors and QNonStop:0 is OK; a target without the group does not advertise it', async () => {
    expect(await c.request('vStopped')).toBe('E01');
    expect(await c.request('vCtrlC')).toBe('E01');
    expect(await c.request('QNonStop:0')).toBe('OK');
    expect(await c.request('QNonStop:x')).toBe('E01');
    expect(await c.request('?')).toMatch(/^T05thread:p1\.1;/);
    const plain = new TestClient(new FakeTarget(2, 0x1000, ['nonStop']));
    expect(await plain.request('qSupported:multiprocess+')).not.toContain('QNonStop');
    expect(await plain.request('QNonStop:1')).toBe('');
    expect(await plain.request('QNonStop:0')).toBe('OK');
    expect(await plain.request('vStopped')).toBe('E01');
  });

  it('QNonStop:1 leaves one thread stopped (GDB 13 takes one at connection time); ? then lists every stopped thread', async () => {
    expect(await c.request('QNonStop:1')).toBe('OK');
    expect(t.nonStopCalls).toEqual(['resume -,continue,continue']);
    expect(await allStopped()).toEqual([expect.stringMatching(/^T00thread:p1\.1;/)]);
    expect(await c.request('vCont;t:p1.2')).toBe('OK');
    expect(await c.request('vCont;t:p1.3')).toBe('OK');
    expect(await c.waitNotifications(1)).toBe(true);
    expect(await c.request('vStopped')).toMatch(/^T00thread:p1\.3;/);
    expect(await c.request('vStopped')).toBe('OK');
    expect(await allStopped()).toEqual([
      expect.stringMatching(/^T00thread:p1\.1;/), expect.stringMatching(/^T00thread:p1\.2;/), expect.stringMatching(/^T00thread:p1\.3;/),
    ]);
    // thread 2's stop was the one announcement; `?` answered the rest as replies
    expect(c.notifications).toEqual([expect.stringMatching(/^Stop:T00thread:p1\.2;/)]);
  });

  it('vCont answers OK at once; vCont;t stops one thread with a %Stop T00 while the others run', async () => {
    await nonStop();
    expect(await c.request('vCont;c')).toBe('OK');
    expect(t.runningVcpus).toEqual(new Set([0, 1, 2]));
    expect(c.notifications).toEqual([]);
    expect(await c.request('vCont;t:p1.2')).toBe('OK');
    expect(await c.waitNotifications(1)).toBe(true);
    expect(c.notifications[0]).toMatch(/^Stop:T00thread:p1\.2;/);
    expect(t.runningVcpus).toEqual(new Set([0, 2]));
    expect(await c.request('vStopped')).toBe('OK');
    // its registers can be read; a running thread's cannot
    expect(await c.request('Hgp1.2')).toBe('OK');
    expect(await c.request('g')).toMatch(/^[0-9a-f]+$/);
    expect(await c.request('p40')).toMatch(/^[0-9a-f]{16}$/);
    expect(await c.request('Hgp1.1')).toBe('OK');
    expect(await c.request('g')).toBe('E01');
    expect(await c.request('p40')).toBe('E01');
    expect(await c.request(`P40=${'00'.repeat(8)}`)).toBe('E01');
    // memory goes through whatever thread: the target decides the context
    expect(await c.request('m0,4')).toBe('00000000');
    expect(await allStopped()).toEqual([expect.stringMatching(/^T00thread:p1\.2;/)]);
  });

  it('vCont with per-thread actions: step one, leave the others as they are', async () => {
    await nonStop();
    expect(await c.request('vCont;c:p1.1')).toBe('OK');
    expect(t.nonStopCalls.at(-1)).toBe('resume continue,-,-');
    t.setPc(1, 0x100n);
    expect(await c.request('vCont;s:p1.2')).toBe('OK');
    expect(t.nonStopCalls.at(-1)).toBe('resume -,step,-');
    expect(await c.waitNotifications(1)).toBe(true);
    expect(c.notifications[0]).toMatch(/^Stop:T05thread:p1\.2;40:0000000000000104;/);
    expect(await c.request('vStopped')).toBe('OK');
    expect(t.runningVcpus).toEqual(new Set([0]));
    // legacy c/s do not name threads: refused in non-stop mode
    expect(await c.request('c')).toBe('E01');
    expect(await c.request('s')).toBe('E01');
  });

  it('two threads stopping at once: the first is announced, the second comes through vStopped', async () => {
    await nonStop();
    expect(await c.request('vCont;c')).toBe('OK');
    t.hit({ vcpu: 0, reason: 'swbreak', signal: 5 });
    t.hit({ vcpu: 2, reason: 'swbreak', signal: 5 });
    expect(await c.waitNotifications(1)).toBe(true);
    await c.waitNotifications(2, 20);
    expect(c.notifications).toEqual([expect.stringMatching(/^Stop:T05thread:p1\.1;.*swbreak:;$/)]);
    expect(await c.request('vStopped')).toMatch(/^T05thread:p1\.3;.*swbreak:;$/);
    expect(await c.request('vStopped')).toBe('OK');
    // a stop after the queue drained is announced again
    t.hit({ vcpu: 1, reason: 'swbreak', signal: 5 });
    expect(await c.waitNotifications(2)).toBe(true);
    expect(c.notifications[1]).toMatch(/^Stop:T05thread:p1\.2;/);
    expect(await c.request('vStopped')).toBe('OK');
    expect((await allStopped()).map((r) => r.slice(0, 18))).toEqual(['T05thread:p1.1;40:', 'T05thread:p1.2;40:', 'T05thread:p1.3;40:']);
  });

  it('a vCont for all threads crossing a %Stop leaves the thread whose stop is not acknowledged stopped (a finished step never becomes a continue)', async () => {
    await nonStop();
    expect(await c.request('vCont;c:p1.1')).toBe('OK');
    expect(await c.request('vCont;s:p1.2')).toBe('OK');
    expect(await c.waitNotifications(1)).toBe(true);
    expect(c.notifications[0]).toMatch(/^Stop:T05thread:p1\.2;/);
    // the client sent this before it read the %Stop: it meant the threads it knew stopped
    expect(await c.request('vCont;c')).toBe('OK');
    expect(t.nonStopCalls.at(-1)).toBe('resume continue,-,continue'); // vCPU 0 already runs: the target ignores it
    expect(t.runningVcpus).toEqual(new Set([0, 2]));
    expect(await c.request('vStopped')).toBe('OK');
    // acknowledged: now a vCont;c resumes it, and a named thread is always obeyed
    expect(await c.request('vCont;c')).toBe('OK');
    expect(t.runningVcpus).toEqual(new Set([0, 1, 2]));
    expect(await c.request('vCont;t:p1.2')).toBe('OK');
    expect(await c.waitNotifications(2)).toBe(true);
    expect(await c.request('vCont;c:p1.2')).toBe('OK');
    expect(t.runningVcpus).toEqual(new Set([0, 1, 2]));
    expect(await c.request('vStopped')).toBe('OK');
  });

  it('vCtrlC and a 0x03 stop every running thread with SIGINT; vCont;t for all (interrupt -a)', async () => {
    await nonStop();
    expect(await c.request('vCont;c')).toBe('OK');
    expect(await c.request('vCtrlC')).toBe('OK');
    expect(t.nonStopCalls.at(-1)).toBe('stop 0,1,2 sig 2');
    expect(await c.waitNotifications(1)).toBe(true);
    expect(c.notifications[0]).toMatch(/^Stop:T02thread:p1\.1;/);
    expect(await c.request('vStopped')).toMatch(/^T02thread:p1\.2;/);
    expect(await c.request('vStopped')).toMatch(/^T02thread:p1\.3;/);
    expect(await c.request('vStopped')).toBe('OK');
    expect(await c.request('vCont;c:p1.3')).toBe('OK');
    c.sendRaw(Uint8Array.of(0x03));
    expect(await c.waitNotifications(2)).toBe(true);
    expect(c.notifications[1]).toMatch(/^Stop:T02thread:p1\.3;/);
    expect(await c.request('vStopped')).toBe('OK');
    expect(await c.request('vCont;c')).toBe('OK');
    expect(await c.request('vCont;t')).toBe('OK');
    expect(t.nonStopCalls.at(-1)).toBe('stop 0,1,2 sig 0');
    expect(await c.waitNotifications(3)).toBe(true);
    expect(t.runningVcpus.size).toBe(0);
  });

  it('the guest ending is announced as %Stop:W and ends the session', async () => {
    let detached = 0;
    const t2 = new FakeTarget(2);
    const c2 = new TestClient(t2, { onDetach: () => detached++ });
    await c2.request('qSupported:multiprocess+');
    expect(await c2.request('QNonStop:1')).toBe('OK');
    expect(await c2.request('vCont;c')).toBe('OK');
    t2.exit(0);
    expect(await c2.waitNotifications(1)).toBe(true);
    expect(c2.notifications).toEqual(['Stop:W00;process:1']);
    expect(detached).toBe(1);
    expect(c2.session.state).toBe('detached');
  });

  it('a client that disconnects in non-stop mode leaves every thread running', async () => {
    await nonStop();
    expect(await c.request('vCont;c:p1.1')).toBe('OK');
    await c.session.close();
    expect(t.detached).toEqual(['disconnect']);
    expect(t.nonStopOn).toBe(false);
    expect(t.runningVcpus).toEqual(new Set([0, 1, 2]));
  });
});
