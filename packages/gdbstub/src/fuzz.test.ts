/**
 * Seeded fuzz: 100,000+ random and mutated packets through framing + session against
 * the fake target. Asserts no exception escapes, every packet is acked and gets exactly
 * one well-formed reply (except `k`, which has none), and bad checksums are naked.
 */
import { describe, it, expect } from '@jest/globals';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { encodePacket } from './framing.js';
import { FakeTarget } from './testing/fake-target.js';
import { TestClient } from './testing/test-client.js';
import { GdbTcpServer } from './transport-tcp.js';

const run = promisify(execFile);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CORPUS = [
  '?', 'g', 'G' + '00'.repeat(556), 'p40', 'p1', 'P40=0000000000001000', 'P42=00000001',
  'm1000,8', 'm0,100', 'M1000,4:deadbeef', 'X1000,4:abcd', 'X1000,0:',
  'c', 'c1000', 's', 's1004', 'C05', 'S05;1000', 'vCont?', 'vCont;c', 'vCont;s:p1.2', 'vCont;s:p1.2;c',
  'vCont;c:p1.-1', 'vCont;C05:1;t', 'Hg0', 'Hgp1.2', 'Hc-1', 'Hcp1.1', 'Tp1.2', 'T1', 'qC', 'qfThreadInfo',
  'qsThreadInfo', 'qXfer:threads:read::0,fff', 'qXfer:features:read:target.xml:0,ffb',
  'qXfer:features:read:target.xml:100,80', 'qSupported:multiprocess+;swbreak+;hwbreak+', 'qAttached',
  'QStartNoAckMode', 'D', 'D;1', 'k', 'vKill;1', 'Z0,1000,4', 'z0,1000,4', 'Z1,2000,4', 'z1,2000,4',
  'Z2,3000,8', 'z2,3000,8', 'Z3,3000,4', 'Z4,3000,1', 'z4,3000,1', 'qRcmd,68656c70', 'qTStatus',
  'vMustReplyEmpty', 'qOffsets', 'qSymbol::', 'qqemu.sstepbits', 'qqemu.sstep', 'Qqemu.sstep=7', 'Qqemu.sstep=0x2',
];
const ALPHABET = '0123456789abcdefABCDEFpPgGmMXxcCsSvVTtHqQzZ:;,.=-+#$}*\x03\x00\xff';

function mutate(rnd: () => number, s: string): string {
  const ops = 1 + Math.floor(rnd() * 3);
  let out = s;
  for (let i = 0; i < ops; i++) {
    const pos = Math.floor(rnd() * (out.length + 1));
    const ch = rnd() < 0.8 ? ALPHABET[Math.floor(rnd() * ALPHABET.length)]! : String.fromCharCode(Math.floor(rnd() * 256));
    switch (Math.floor(rnd() * 5)) {
      case 0: out = out.slice(0, pos) + ch + out.slice(pos); break; // insert
      case 1: out = out.slice(0, pos) + out.slice(pos + 1); break; // delete
      case 2: out = out.slice(0, pos) + ch + out.slice(pos + 1); break; // replace
      case 3: out = out.slice(0, pos); break; // truncate
      default: out = out.slice(0, pos) + 'ffffffffffffffffff'.slice(0, 1 + Math.floor(rnd() * 18)) + out.slice(pos); break; // big number
    }
  }
  return out;
}

function randomPacket(rnd: () => number): string {
  const r = rnd();
  if (r < 0.35) return CORPUS[Math.floor(rnd() * CORPUS.length)]!;
  if (r < 0.85) return mutate(rnd, CORPUS[Math.floor(rnd() * CORPUS.length)]!);
  const n = Math.floor(rnd() * 40);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(Math.floor(rnd() * 256));
  return s;
}

describe('fuzz', () => {
  it('survives 100,000 random and mutated packets with well-formed replies', async () => {
    const PACKETS = 100_000;
    const rnd = mulberry32(0x5eed);
    const target = new FakeTarget(2);
    const logs: string[] = [];
    let client = new TestClient(target, { log: (m) => logs.push(m) });
    const start = Date.now();
    let replies = 0, noReply = 0, badChecksums = 0;
    for (let i = 0; i < PACKETS; i++) {
      const payload = randomPacket(rnd);
      if (rnd() < 0.02) {
        // a corrupted frame: must be naked (unless no-ack mode) and produce no reply
        const frame = Buffer.from(encodePacket(payload));
        frame[frame.length - 1] = frame[frame.length - 1] === 0x30 ? 0x31 : 0x30;
        const before = client.replies.length;
        client.sendRaw(frame);
        badChecksums++;
        await new Promise((r) => setImmediate(r));
        expect(client.replies.length).toBe(before); // dropped (naked unless in no-ack mode)
        continue;
      }
      if (rnd() < 0.01) client.sendRaw('\x03');
      const reply = await client.request(payload, 50);
      const state = client.session.state;
      if (reply === undefined) {
        // only `k` (and whatever detached the session before) may go unanswered
        expect(payload === 'k' || state === 'detached').toBe(true);
        noReply++;
      } else {
        replies++;
        expect(typeof reply).toBe('string');
      }
      expect(client.errors).toEqual([]);
      expect(state === 'running').toBe(false);
      if (state === 'detached') client = new TestClient(target, { log: (m) => logs.push(m) });
    }
    const ms = Date.now() - start;
    // eslint-disable-next-line no-console
    console.log(`fuzz: ${PACKETS} packets, ${replies} replies, ${noReply} unanswered (k / detached), ${badChecksums} corrupted frames, ${logs.length} handler logs, ${ms} ms`);
    expect(replies).toBeGreaterThan(PACKETS * 0.9);

    // the same target, battered as it is, still serves a real GDB over TCP
    target.setPc(0, 0x1000n);
    target.continueStops = true;
    const server = new GdbTcpServer(target, { port: 0 });
    const { port } = await server.listen();
    try {
      const { stdout } = await run('gdb-multiarch', [
        '-nx', '-batch', '-ex', 'set remotetimeout 60', '-ex', 'set architecture powerpc:common64', '-ex', 'set endian big',
        '-ex', `target remote 127.0.0.1:${port}`, '-ex', 'info registers pc', '-ex', 'stepi', '-ex', 'info registers pc',
        '-ex', 'maintenance packet qqemu.sstepbits', '-ex', 'detach',
      ], { timeout: 60_000 });
      expect(stdout).toMatch(/pc\s+0x1000\s[\s\S]*pc\s+0x1004\s/);
      expect(stdout).toContain('received: "ENABLE=1,NOIRQ=2,NOTIMER=4"');
      expect(stdout).toMatch(/\[Inferior 1 \(process 1\) detached\]/);
    } finally {
      await server.close();
    }
  });
});
