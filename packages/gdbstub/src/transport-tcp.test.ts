import { describe, it, expect } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { FakeTarget } from './testing/fake-target.js';
import { GdbTcpServer } from './transport-tcp.js';
import { encodePacket } from './framing.js';

const run = promisify(execFile);
const GDB = '/usr/bin/gdb-multiarch';

function fakeMachine(): FakeTarget {
  const t = new FakeTarget(2);
  t.setPc(0, 0x1000n);
  t.setPc(1, 0x2000n);
  t.memory.set([0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88], 0x1000);
  t.continueStops = false;
  return t;
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
}

/**
 * A client in another process (the stub's poll holds this one's event loop): no-ack mode,
 * then `count` memory reads, each sent as soon as the previous reply is in, as GDB does.
 * With `closeAfter` it sends one more read and closes the connection at once.
 */
const PING_PONG = `
const net = require('node:net');
const [port, count, closeAfter] = process.argv.slice(1).map(Number);
const pkt = (p) => { let c = 0; for (const ch of p) c = (c + ch.charCodeAt(0)) & 255; return '$' + p + '#' + c.toString(16).padStart(2, '0'); };
const s = net.connect(port, '127.0.0.1'); s.setNoDelay(true);
let buf = ''; const replies = []; let done = false;
const next = () => {
  if (done) return;
  if (replies.length === count + 1) {
    done = true;
    if (closeAfter) { s.end(pkt('m1000,4')); return; }
    process.stdout.write(JSON.stringify(replies)); s.end(); return;
  }
  s.write(pkt('m' + (0x1000 + (replies.length % 5)).toString(16) + ',4'));
};
s.on('data', (d) => {
  buf += d.toString('latin1');
  for (let m; (m = /[$]([^#]*)#[0-9a-f]{2}/.exec(buf)); ) { buf = buf.slice(m.index + m[0].length); replies.push(m[1]); next(); }
});
s.on('connect', () => { s.write('+' + pkt('QStartNoAckMode')); });
`;

async function pingPong(port: number, count: number, closeAfter = false): Promise<string[]> {
  const { stdout } = await run(process.execPath, ['-e', PING_PONG, String(port), String(count), closeAfter ? '1' : '0'], { timeout: 60_000 });
  return closeAfter ? [] : (JSON.parse(stdout) as string[]);
}

describe('TCP transport', () => {
  it('polls for the next packet after a reply and serves what it reads in order', async () => {
    const expected = ['OK', ...Array.from({ length: 300 }, (_, i) => ['11223344', '22334455', '33445566', '44556677', '55667788'][(i + 1) % 5]!)];
    for (const pollMicros of [20_000, 0]) {
      const t = fakeMachine();
      const server = new GdbTcpServer(t, { port: 0, pollMicros });
      const { port } = await server.listen();
      try {
        const replies = await pingPong(port, 300);
        expect(replies).toEqual(expected);
        await until(() => !server.connected);
        // with a 20 ms window most packets are read by the poll; with none, none is
        if (pollMicros === 0) expect(server.pollStats).toEqual({ hits: 0, misses: 0 });
        else expect(server.pollStats.hits).toBeGreaterThan(150);
      } finally {
        await server.close();
      }
    }
  });

  it('a client that closes while the stub polls is noticed: the target is detached', async () => {
    const t = fakeMachine();
    const server = new GdbTcpServer(t, { port: 0, pollMicros: 50_000 });
    const { port } = await server.listen();
    try {
      await pingPong(port, 3, true);
      await until(() => t.detached.length === 1);
      expect(t.detached).toEqual(['disconnect']);
      await until(() => !server.connected);
      expect(server.connected).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('a client that disconnects mid-run leaves the target detached; a new client can attach', async () => {
    const t = fakeMachine();
    const server = new GdbTcpServer(t, { port: 0 });
    const { port } = await server.listen();
    try {
      const a = connect(port, '127.0.0.1');
      let got = '';
      a.on('data', (d) => (got += d.toString('latin1')));
      await new Promise((r) => a.once('connect', r));
      // a second client is refused while the first is connected
      const b = connect(port, '127.0.0.1');
      await new Promise((r) => b.once('close', r));
      a.write(encodePacket('qAttached'));
      await until(() => got.includes('$1#31'));
      a.write(encodePacket('c'));
      await until(() => t.resumes.length === 1);
      a.destroy();
      await until(() => t.detached.length === 1);
      expect(t.detached).toEqual(['disconnect']);
      await until(() => !server.connected);
      const c = connect(port, '127.0.0.1');
      let got2 = '';
      c.on('data', (d) => (got2 += d.toString('latin1')));
      c.write(encodePacket('m1000,4'));
      await until(() => got2.includes('11223344'));
      expect(got2).toContain('$11223344#');
      c.destroy();
    } finally {
      await server.close();
    }
  });

  it('the guest ending during a continue answers W and closes the connection', async () => {
    const t = fakeMachine();
    const server = new GdbTcpServer(t, { port: 0 });
    const { port } = await server.listen();
    try {
      const a = connect(port, '127.0.0.1');
      let got = '';
      a.on('data', (d) => (got += d.toString('latin1')));
      const closed = new Promise((r) => a.once('close', r));
      await new Promise((r) => a.once('connect', r));
      a.write(encodePacket('c'));
      await until(() => t.resumes.length === 1);
      t.exit(0);
      await closed;
      expect(got).toContain('$W00#b7');
      expect(t.detached).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('gdb-multiarch prints the exit status when the guest ends during continue', async () => {
    const t = fakeMachine();
    const server = new GdbTcpServer(t, { port: 0 });
    const { port } = await server.listen();
    // end the fake guest once GDB's continue is in flight
    const timer = setInterval(() => { if (t.resumes.length > 0) { clearInterval(timer); t.exit(3); } }, 5);
    try {
      const { stdout } = await run(GDB, [
        '-nx', '-batch', '-ex', 'set remotetimeout 60',
        '-ex', 'set architecture powerpc:common64', '-ex', 'set endian big',
        '-ex', `target remote 127.0.0.1:${port}`,
        '-ex', 'continue',
      ], { timeout: 60_000 });
      expect(stdout).toMatch(/\[Inferior 1 \(process 1\) exited with code 03\]/);
    } finally {
      clearInterval(timer);
      await server.close();
    }
  });

  it('gdb-multiarch connects, reads pc and memory, and detaches', async () => {
    expect(existsSync(GDB)).toBe(true); // installed by scripts/bootstrap.sh; no skipping
    const t = fakeMachine();
    const server = new GdbTcpServer(t, { port: 0 });
    const { port } = await server.listen();
    try {
      const { stdout } = await run(GDB, [
        '-nx', '-batch',
        '-ex', 'set architecture powerpc:common64',
        '-ex', 'set endian big', // the fake target's registers are big-endian; a tdesc cannot say so
        '-ex', `target remote 127.0.0.1:${port}`,
        '-ex', 'info registers pc',
        '-ex', 'x/2xw 0x1000',
        '-ex', 'info threads',
        '-ex', 'thread 2',
        '-ex', 'info registers pc',
        '-ex', 'detach',
      ], { timeout: 60_000 });
      expect(stdout).toMatch(/pc\s+0x1000\s/);
      expect(stdout).toMatch(/0x1000:\s+0x11223344\s+0x55667788/);
      expect(stdout).toMatch(/Thread 1\.2/);
      expect(stdout).toMatch(/pc\s+0x2000\s/);
      expect(t.detached).toEqual(['detach']);
    } finally {
      await server.close();
    }
  });
});
