import { describe, it, expect } from '@jest/globals';
import { parseCommand } from './index.js';

const k = (p: string) => parseCommand(p).kind;

describe('packet parsers', () => {
  it('registers', () => {
    expect(parseCommand('g')).toEqual({ kind: 'readRegisters' });
    expect(k('gx')).toBe('malformed');
    expect(parseCommand('G0011')).toEqual({ kind: 'writeRegisters', data: Uint8Array.of(0, 0x11) });
    expect(k('G001')).toBe('malformed');
    expect(parseCommand('p40')).toEqual({ kind: 'readRegister', regnum: 64 });
    expect(k('p')).toBe('malformed');
    expect(k('pzz')).toBe('malformed');
    expect(parseCommand('P1=00000000000000ff')).toEqual({ kind: 'writeRegister', regnum: 1, data: Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0xff) });
    expect(k('P1')).toBe('malformed');
    expect(k('P1=')).toBe('malformed');
    expect(k('P=00')).toBe('malformed');
  });
  it('memory', () => {
    expect(parseCommand('m1000,4')).toEqual({ kind: 'readMemory', addr: 0x1000n, length: 4 });
    expect(parseCommand('mffffffffffffffff,1')).toEqual({ kind: 'readMemory', addr: 0xffffffffffffffffn, length: 1 });
    expect(k('m1ffffffffffffffff,1')).toBe('malformed');
    expect(k('m1000')).toBe('malformed');
    expect(k('m,4')).toBe('malformed');
    expect(parseCommand('M10,2:abcd')).toEqual({ kind: 'writeMemory', addr: 0x10n, length: 2, data: Uint8Array.of(0xab, 0xcd) });
    expect(k('M10,3:abcd')).toBe('malformed');
    expect(k('M10,2abcd')).toBe('malformed');
    expect(parseCommand('X10,3:#\x00}')).toEqual({ kind: 'writeMemory', addr: 0x10n, length: 3, data: Uint8Array.of(0x23, 0, 0x7d) });
    expect(parseCommand('X10,0:')).toEqual({ kind: 'writeMemory', addr: 0x10n, length: 0, data: new Uint8Array(0) });
    expect(k('X10,1:')).toBe('malformed');
  });
  it('execution', () => {
    expect(parseCommand('c')).toEqual({ kind: 'continue' });
    expect(parseCommand('c1000')).toEqual({ kind: 'continue', addr: 0x1000n });
    expect(parseCommand('s')).toEqual({ kind: 'step' });
    expect(parseCommand('S05;20')).toEqual({ kind: 'step', signal: 5, addr: 0x20n });
    expect(parseCommand('C0b')).toEqual({ kind: 'continue', signal: 11 });
    expect(k('cq')).toBe('malformed');
    expect(k('C')).toBe('malformed');
    expect(k('C5')).toBe('malformed');
    expect(parseCommand('vCont?')).toEqual({ kind: 'vContQuery' });
    expect(parseCommand('vCont;s:p1.2;c')).toEqual({
      kind: 'vCont',
      actions: [{ kind: 's', thread: { pid: 1, tid: 2 } }, { kind: 'c' }],
    });
    expect(parseCommand('vCont;C05:2;t:p1.-1;S0b')).toEqual({
      kind: 'vCont',
      actions: [{ kind: 'C', signal: 5, thread: { tid: 2 } }, { kind: 't', thread: { pid: 1, tid: 'all' } }, { kind: 'S', signal: 11 }],
    });
    expect(k('vCont;')).toBe('malformed');
    expect(k('vCont;x')).toBe('malformed');
    expect(k('vCont;c:')).toBe('malformed');
    expect(k('vCont;C')).toBe('malformed');
    expect(k('vContx')).toBe('unknown');
  });
  it('threads', () => {
    expect(parseCommand('Hg0')).toEqual({ kind: 'setThread', op: 'g', thread: { tid: 'any' } });
    expect(parseCommand('Hc-1')).toEqual({ kind: 'setThread', op: 'c', thread: { tid: 'all' } });
    expect(parseCommand('Hgp1.2')).toEqual({ kind: 'setThread', op: 'g', thread: { pid: 1, tid: 2 } });
    expect(parseCommand('Hgp0.0')).toEqual({ kind: 'setThread', op: 'g', thread: { pid: 'any', tid: 'any' } });
    expect(parseCommand('Hgp1')).toEqual({ kind: 'setThread', op: 'g', thread: { pid: 1, tid: 'all' } });
    expect(k('Hx1')).toBe('malformed');
    expect(k('Hg')).toBe('malformed');
    expect(k('Hgp1.')).toBe('malformed');
    expect(parseCommand('Tp1.1')).toEqual({ kind: 'threadAlive', thread: { pid: 1, tid: 1 } });
    expect(k('T')).toBe('malformed');
    expect(k('qC')).toBe('currentThread');
    expect(k('qfThreadInfo')).toBe('threadInfoFirst');
    expect(k('qsThreadInfo')).toBe('threadInfoNext');
  });
  it('queries', () => {
    expect(parseCommand('qSupported:multiprocess+;swbreak+')).toEqual({ kind: 'supported', features: ['multiprocess+', 'swbreak+'] });
    expect(parseCommand('qSupported')).toEqual({ kind: 'supported', features: [] });
    expect(k('qAttached')).toBe('attached');
    expect(k('qAttached:1')).toBe('attached');
    expect(k('QStartNoAckMode')).toBe('startNoAckMode');
    expect(parseCommand('qXfer:features:read:target.xml:0,ffb')).toEqual({ kind: 'xferRead', object: 'features', annex: 'target.xml', offset: 0, length: 0xffb });
    expect(parseCommand('qXfer:threads:read::10,20')).toEqual({ kind: 'xferRead', object: 'threads', annex: '', offset: 16, length: 32 });
    expect(k('qXfer:features:read:target.xml:0')).toBe('malformed');
    expect(k('qXfer:features:write:target.xml:0,1')).toBe('unknown');
    expect(parseCommand('qRcmd,68656c70')).toEqual({ kind: 'monitor', command: 'help' });
    expect(k('qRcmd,6')).toBe('malformed');
    expect(k('qTStatus')).toBe('unknown');
    expect(k('vMustReplyEmpty')).toBe('unknown');
  });
  it('breakpoints', () => {
    expect(parseCommand('Z0,1000,4')).toEqual({ kind: 'breakpoint', insert: true, type: 0, addr: 0x1000n, size: 4 });
    expect(parseCommand('z4,20,8')).toEqual({ kind: 'breakpoint', insert: false, type: 4, addr: 0x20n, size: 8 });
    expect(parseCommand('Z1,10,4;X1,0')).toEqual({ kind: 'breakpoint', insert: true, type: 1, addr: 0x10n, size: 4 });
    expect(k('Z5,10,4')).toBe('unknown');
    expect(k('Z0,10')).toBe('malformed');
    expect(k('Z,10,4')).toBe('malformed');
    expect(k('Z00,10,4')).toBe('malformed');
  });
  it('QEMU single-step flags', () => {
    expect(parseCommand('qqemu.sstepbits')).toEqual({ kind: 'sstepBits' });
    expect(parseCommand('qqemu.sstep')).toEqual({ kind: 'sstepQuery' });
    expect(parseCommand('Qqemu.sstep=5')).toEqual({ kind: 'sstepSet', flags: 5 });
    expect(parseCommand('Qqemu.sstep=0x7')).toEqual({ kind: 'sstepSet', flags: 7 });
    expect(k('Qqemu.sstep=')).toBe('malformed');
    expect(k('Qqemu.sstep=zz')).toBe('malformed');
    expect(k('Qqemu.sstep=1ffffffff')).toBe('malformed');
    expect(k('qqemu.sstepx')).toBe('unknown');
    expect(k('qqemu.PhyMemMode')).toBe('unknown');
  });
  it('control', () => {
    expect(k('?')).toBe('haltReason');
    expect(k('k')).toBe('kill');
    expect(parseCommand('D')).toEqual({ kind: 'detach' });
    expect(parseCommand('D;1')).toEqual({ kind: 'detach', pid: 1 });
    expect(k('D;')).toBe('malformed');
    expect(parseCommand('vKill;1')).toEqual({ kind: 'vKill', pid: 1 });
    expect(k('vKill;x')).toBe('malformed');
    expect(k('')).toBe('unknown');
  });
});
