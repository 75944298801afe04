import { describe, it, expect, beforeEach } from '@jest/globals';
import { FakeTarget } from './testing/fake-target.js';
import { TestClient } from './testing/test-client.js';
import { encodePacket } from './framing.js';
import { G_PACKET_SIZE, REGISTERS, REG_LR, REG_MSR } from './regmap.js';
import { TARGET_XML } from './target-xml.js';
import { vcontActions, xferWindow } from './handlers/index.js';
import { parseCommand } from './commands/index.js';
import type { VContAction } from './commands/index.js';

let t: FakeTarget;
let c: TestClient;

beforeEach(async () => {
  t = new FakeTarget(2);
  t.setPc(0, 0x1000n);
  t.setPc(1, 0x2000n);
  t.setReg64(0, 1, 0x8000n);
  t.setReg64(0, REG_LR, 0x1234n);
  t.setReg64(0, REG_MSR, 0x8000000000000000n);
  t.memory.set([0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88], 0x1000);
  c = new TestClient(t);
  expect(await c.request('qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386')).toContain('multiprocess+');
});

const vc = (p: string): VContAction[] => (parseCommand(p) as { actions: VContAction[] }).actions;

describe('session', () => {
  it('answers qSupported with the advertised features and acks packets', async () => {
    const r = await c.request('qSupported:multiprocess+');
    expect(r!.split(';')).toEqual([
      'PacketSize=4000', 'QStartNoAckMode+', 'multiprocess+', 'swbreak+', 'hwbreak+',
      'vContSupported+', 'qXfer:features:read+', 'qXfer:threads:read+', 'QNonStop+',
    ]);
    expect(c.acks).toBe(2);
    expect(await c.request('vCont?')).toBe('vCont;c;C;s;S;t');
    expect(await c.request('qAttached')).toBe('1');
    expect(await c.request('vMustReplyEmpty')).toBe('');
  });

  it('naks bad checksums and resends on nak; no-ack mode stops both', async () => {
    c.sendRaw('$g#00');
    expect(c.naks).toBe(1);
    expect(await c.request('qAttached')).toBe('1');
    c.sendRaw('-');
    expect(c.replies).toEqual(['1']);
    c.replies.length = 0;
    const acks = c.acks;
    expect(await c.request('QStartNoAckMode')).toBe('OK');
    expect(c.acks).toBe(acks + 1); // the QStartNoAckMode packet itself is still acked
    expect(await c.request('qAttached')).toBe('1');
    c.sendRaw('$g#00');
    expect(c.acks).toBe(acks + 1);
    expect(c.naks).toBe(1);
  });

  it('g / G / p / P', async () => {
    const g = await c.request('g');
    expect(g!.length).toBe(G_PACKET_SIZE * 2);
    expect(g!.slice(8 * 2, 16 * 2)).toBe('0000000000008000'); // r1
    expect(await c.request('p40')).toBe('0000000000001000');
    expect(await c.request('p42')).toBe('00000000'); // cr, 4 bytes
    expect(await c.request('p46')).toBe('00000000'); // fpscr, 4 bytes
    expect(await c.request('p47')).toBe('00'.repeat(16)); // vr0, outside g
    expect(await c.request(`p${REGISTERS.length.toString(16)}`)).toBe('E01'); // past the last register
    expect(await c.request('P3=00000000000000ab')).toBe('OK');
    expect(t.regs[0]![3 * 8 + 7]).toBe(0xab);
    expect(await c.request('P3=00ab')).toBe('E01');
    expect(await c.request('Hgp1.2')).toBe('OK');
    expect(await c.request('p40')).toBe('0000000000002000');
    const g2 = 'ff'.repeat(G_PACKET_SIZE);
    expect(await c.request('G' + g2)).toBe('OK');
    expect(t.regs[1]!.every((x) => x === 0xff)).toBe(true);
    expect(await c.request('G00')).toBe('E01');
    expect(await c.request('Hgp1.3')).toBe('E01');
    expect(await c.request('Hgp2.1')).toBe('E01');
  });

  it('m / M / X', async () => {
    expect(await c.request('m1000,8')).toBe('1122334455667788');
    expect(await c.request('mfffe,10')).toBe('0000'); // partial read
    expect(await c.request('m10000,4')).toBe('E0e');
    expect(await c.request('m10,0')).toBe('');
    expect(await c.request('M2000,2:beef')).toBe('OK');
    expect([...t.memory.subarray(0x2000, 0x2002)]).toEqual([0xbe, 0xef]);
    expect(await c.request('Mffff,2:beef')).toBe('E0e');
    expect(await c.request('X3000,0:')).toBe('OK');
    expect(await c.request('X3000,4:#$}*')).toBe('OK'); // encodePacket escapes these on the wire
    expect([...t.memory.subarray(0x3000, 0x3004)]).toEqual([0x23, 0x24, 0x7d, 0x2a]);
    expect(await c.request('M2000,3:beef')).toBe('E01');
    expect(await c.request('m1000')).toBe('E01');
  });

  it('Z / z for breakpoints and watchpoints', async () => {
    expect(await c.request('Z0,1010,4')).toBe('OK');
    expect(await c.request('Z1,1020,4')).toBe('OK');
    expect(await c.request('Z2,3000,8')).toBe('OK');
    expect(await c.request('Z3,3000,8')).toBe('OK');
    expect(await c.request('Z4,3000,8')).toBe('OK');
    expect([...t.breakpoints]).toEqual(['sw:4112', 'hw:4128']);
    expect([...t.watched]).toEqual(['write:12288:8', 'read:12288:8', 'access:12288:8']);
    expect(await c.request('z1,1020,4')).toBe('OK');
    expect(await c.request('z1,1020,4')).toBe('E01');
    expect(await c.request('z4,3000,8')).toBe('OK');
    expect(await c.request('Z5,3000,8')).toBe('');
    expect(await c.request('Z2,3000,0')).toBe('E01');
    // continue hits the software breakpoint
    const r = await c.request('vCont;c');
    expect(r).toBe('T05thread:p1.1;40:0000000000001010;1:0000000000008000;43:0000000000001234;41:8000000000000000;swbreak:;');
  });

  it('vCont first-match rule: scheduler-locking on and off', async () => {
    expect(await c.request('vCont;s:p1.2')).toMatch(/^T05thread:p1\.2;40:0000000000002004;/);
    expect(t.resumes.at(-1)).toEqual(['stop', 'step']);
    expect(await c.request('vCont;s:p1.2;c')).toMatch(/^T05thread:p1\.2;/);
    expect(t.resumes.at(-1)).toEqual(['continue', 'step']);
    expect(await c.request('vCont;c:p1.1;s')).toMatch(/^T05thread:p1\.2;/);
    expect(t.resumes.at(-1)).toEqual(['continue', 'step']);
    expect(await c.request('vCont;c:p1.-1')).toMatch(/^T05thread:p1\.1;/);
    expect(t.resumes.at(-1)).toEqual(['continue', 'continue']);
    // the stop thread becomes the current thread for g/p
    await c.request('vCont;s:2');
    expect(await c.request('p40')).toBe('0000000000002010');
    expect(await c.request('qC')).toBe('QCp1.2');
    expect(vcontActions(vc('vCont;t:p1.1;c'), 2)).toEqual(['stop', 'continue']);
    expect(vcontActions(vc('vCont;c:p2.-1'), 2)).toEqual(['stop', 'stop']);
    expect(vcontActions(vc('vCont;s:1;s:2;c'), 3)).toEqual(['step', 'step', 'continue']);
    expect(await c.request('vCont;t')).toMatch(/^T00thread:p1\.2;/);
    expect(await c.request('vCont;x')).toBe('E01');
  });

  it('legacy c / s, c addr and Ctrl-C', async () => {
    expect(await c.request('s')).toMatch(/^T05thread:p1\.1;40:0000000000001004;/);
    expect(t.resumes.at(-1)).toEqual(['step', 'stop']);
    expect(await c.request('c1500')).toMatch(/^T05thread:p1\.1;40:0000000000001500;/);
    t.continueStops = false;
    const pending = c.request('c', 20);
    expect(await pending).toBeUndefined();
    expect(c.session.state).toBe('running');
    c.sendRaw('\x03');
    for (let i = 0; i < 20 && c.replies.length === 0; i++) await new Promise((r) => setImmediate(r));
    expect(c.replies.shift()).toMatch(/^T02thread:p1\.1;/);
    expect(t.interrupts).toBe(1);
    expect(c.session.state).toBe('stopped');
  });

  it('reports watchpoints and hardware breakpoints with their reasons', async () => {
    t.continueStops = false;
    const p = c.request('c', 1000);
    await new Promise((r) => setImmediate(r));
    t.stop({ vcpu: 1, reason: 'watch', address: 0x3000n, signal: 5 });
    expect(await p).toMatch(/^T05thread:p1\.2;.*;watch:3000;$/);
    const p2 = c.request('c', 1000);
    await new Promise((r) => setImmediate(r));
    t.stop({ vcpu: 0, reason: 'hwbreak', signal: 5 });
    expect(await p2).toMatch(/;hwbreak:;$/);
    expect(await c.request('?')).toMatch(/^T05thread:p1\.1;.*hwbreak:;$/);
  });

  it('lists threads (qfThreadInfo, qXfer:threads, T, qC)', async () => {
    expect(await c.request('qfThreadInfo')).toBe('mp1.1,p1.2');
    expect(await c.request('qsThreadInfo')).toBe('l');
    expect(await c.request('Tp1.2')).toBe('OK');
    expect(await c.request('T2')).toBe('OK');
    expect(await c.request('Tp1.3')).toBe('E01');
    expect(await c.request('qC')).toBe('QCp1.1');
    const x = await c.request('qXfer:threads:read::0,1000');
    expect(x).toBe('l<?xml version="1.0"?>\n<threads>\n<thread id="p1.1" core="0" name="vcpu0"/>\n<thread id="p1.2" core="1" name="vcpu1"/>\n</threads>\n');
    // without multiprocess, plain thread ids
    const plain = new TestClient(t);
    await plain.request('qSupported:swbreak+');
    expect(await plain.request('qfThreadInfo')).toBe('m1,2');
    expect(await plain.request('?')).toMatch(/^T05thread:1;/);
  });

  it('serves target.xml in qXfer windows', async () => {
    let doc = '';
    for (let off = 0; ; off += 0x100) {
      const r = await c.request(`qXfer:features:read:target.xml:${off.toString(16)},100`);
      doc += r!.slice(1);
      if (r![0] === 'l') break;
      expect(r![0]).toBe('m');
    }
    expect(doc).toBe(TARGET_XML);
    expect(await c.request('qXfer:features:read:target.xml:ffff,10')).toBe('l');
    expect(await c.request('qXfer:features:read:other.xml:0,10')).toBe('E00');
    expect(await c.request('qXfer:auxv:read::0,10')).toBe('');
    expect(xferWindow('abcdef', 2, 2)).toBe('mcd');
    expect(xferWindow('abcdef', 4, 2)).toBe('lef');
    expect(TARGET_XML).toContain('<architecture>powerpc:common64</architecture>');
    expect(TARGET_XML).toContain('<reg name="pc" bitsize="64" type="code_ptr" regnum="64"/>');
    expect(TARGET_XML).toContain('<reg name="fpscr" bitsize="32" type="uint32" regnum="70" group="float"/>');
  });

  it('monitor', async () => {
    expect(await c.request('qRcmd,' + Buffer.from('info').toString('hex'))).toBe(Buffer.from('you said: info\n').toString('hex'));
    expect(await c.request('qRcmd,' + Buffer.from('quiet').toString('hex'))).toBe('OK');
    expect(await c.request('qRcmd,' + Buffer.from('fail').toString('hex'))).toBe('E01');
    expect(await c.request('qRcmd,zz')).toBe('E01');
  });

  it('detach, kill and transport close', async () => {
    let detached = 0;
    const d = new TestClient(t, { onDetach: () => detached++ });
    expect(await d.request('D;2')).toBe('E01');
    expect(await d.request('D;1')).toBe('OK');
    await new Promise((r) => setImmediate(r));
    expect(d.session.state).toBe('detached');
    expect(t.detached).toEqual(['detach']);
    expect(detached).toBe(1);
    expect(await d.request('g', 5)).toBeUndefined();
    const k = new TestClient(t);
    expect(await k.request('k', 5)).toBeUndefined();
    expect(t.killed).toBe(1);
    const v = new TestClient(t);
    expect(await v.request('vKill;1')).toBe('OK');
    expect(t.killed).toBe(2);
    // closing mid-run detaches
    t.continueStops = false;
    const r = new TestClient(t);
    expect(await r.request('c', 5)).toBeUndefined();
    await r.session.close();
    expect(t.detached).toEqual(['detach', 'disconnect']);
    expect(r.session.state).toBe('detached');
  });

  it('answers a resume in flight with W when the guest ends, then closes', async () => {
    t.continueStops = false;
    let closed = 0;
    const d = new TestClient(t, { onDetach: () => closed++ });
    await d.request('qSupported:multiprocess+');
    const p = d.request('vCont;c', 1000);
    await new Promise((r) => setImmediate(r));
    expect(d.session.state).toBe('running');
    t.exit(3);
    expect(await p).toBe('W03;process:1');
    expect(d.session.state).toBe('detached');
    expect(closed).toBe(1);
    expect(t.detached).toEqual([]); // an ended guest needs no detach
    expect(t.exitListeners.size).toBe(1); // only the beforeEach client's session is still listening
    // without multiprocess: plain W
    const plain = new TestClient(t);
    await plain.request('qSupported:swbreak+');
    const q = plain.request('c', 1000);
    await new Promise((r) => setImmediate(r));
    t.exit(0);
    expect(await q).toBe('W00');
  });

  it('reports an end that happened while stopped on ? and on the next resume', async () => {
    t.exit(0x2a);
    expect(c.session.state).toBe('stopped');
    expect(await c.request('p40')).toBe('0000000000001000'); // the registers stay readable
    expect(await c.request('?')).toBe('W2a;process:1');
    expect(c.session.state).toBe('detached');
    const one = new FakeTarget(1);
    const other = new TestClient(one);
    await other.request('qSupported:multiprocess+');
    one.exit(1);
    expect(await other.request('vCont;s:p1.1')).toBe('W01;process:1');
  });

  it('QEMU single-step packets (qqemu.sstepbits, qqemu.sstep, Qqemu.sstep)', async () => {
    expect(await c.request('qqemu.sstepbits')).toBe('ENABLE=1,NOIRQ=2,NOTIMER=4');
    expect(await c.request('qqemu.sstep')).toBe('0x7');
    expect(await c.request('Qqemu.sstep=1')).toBe('OK');
    expect(t.sstepFlags).toBe(1);
    expect(await c.request('qqemu.sstep')).toBe('0x1');
    expect(await c.request('Qqemu.sstep=0x5')).toBe('OK');
    expect(t.sstepFlags).toBe(5);
    expect(await c.request('Qqemu.sstep=8')).toBe('E22');
    expect(t.sstepFlags).toBe(5);
    expect(await c.request('Qqemu.sstep=x')).toBe('E01');
  });
});

describe('waiting for the next packet (onAwaitingPacket)', () => {
  /** A client whose session reports, at each call of the hook, the state it was in. */
  function hooked(): { client: TestClient; calls: string[] } {
    const calls: string[] = [];
    const client: TestClient = new TestClient(t, { onAwaitingPacket: () => calls.push(`${client.session.state} ${client.session.awaitingPacket}`) });
    return { client, calls };
  }

  it('is called after each reply while stopped, never while a resume runs', async () => {
    const { client, calls } = hooked();
    expect(await client.request('qAttached')).toBe('1');
    expect(calls).toEqual(['stopped true']);
    t.continueStops = false;
    client.sendRaw(encodePacket('c'));
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(client.session.state).toBe('running');
    expect(client.session.awaitingPacket).toBe(false);
    expect(calls).toHaveLength(1); // nothing answered yet: the resume is in flight
    client.sendRaw('\x03');
    expect(await client.waitReplies(1)).toBe(true);
    expect(client.replies[0]).toMatch(/^T02/);
    expect(calls).toEqual(['stopped true', 'stopped true']);
  });

  it('is not called while more packets wait in the queue, nor in non-stop mode', async () => {
    const { client, calls } = hooked();
    // two packets in one write: only the second reply leaves the session waiting
    client.sendRaw(`${Buffer.from(encodePacket('qAttached')).toString('latin1')}${Buffer.from(encodePacket('m1000,4')).toString('latin1')}`);
    expect(await client.waitReplies(2)).toBe(true);
    expect(client.replies).toEqual(['1', '11223344']);
    expect(calls).toEqual(['stopped true']);
    expect(await client.request('QNonStop:1')).toBe('OK');
    expect(await client.request('m1000,4')).toBe('11223344');
    expect(client.session.awaitingPacket).toBe(false);
    expect(calls).toEqual(['stopped true']);
  });

  it('a packet delivered from inside the hook is served in order', async () => {
    let fed = false;
    const client: TestClient = new TestClient(t, {
      onAwaitingPacket: () => {
        if (fed) return;
        fed = true;
        client.sendRaw(encodePacket('m1004,4')); // as the TCP transport's poll does
      },
    });
    client.sendRaw(encodePacket('m1000,4'));
    expect(await client.waitReplies(2)).toBe(true);
    expect(client.replies).toEqual(['11223344', '55667788']);
  });
});
