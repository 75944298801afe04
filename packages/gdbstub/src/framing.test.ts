import { describe, it, expect } from '@jest/globals';
import { checksum, encodePacket, FrameDecoder } from './framing.js';

const b = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
const str = (u: Uint8Array) => Buffer.from(u).toString('latin1');

describe('framing', () => {
  it('encodes with checksum', () => {
    expect(str(encodePacket('OK'))).toBe('$OK#9a');
    expect(str(encodePacket(''))).toBe('$#00');
    expect(checksum(b('qSupported'))).toBe(0x37);
  });
  it('escapes # $ } * and round-trips binary', () => {
    expect(str(encodePacket('a#b$c}d*'))).toMatch(/^\$a}\x03b}\x04c}]d}\n#/);
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const ev = new FrameDecoder().push(encodePacket(all));
    expect(ev).toEqual([{ type: 'packet', payload: all }]);
  });
  it('decodes packets, acks, naks, interrupts across chunk boundaries', () => {
    const d = new FrameDecoder();
    const wire = b('+-\x03$g#67junk$m0,4#fd');
    const events = [];
    for (const byte of wire) events.push(...d.push(Uint8Array.of(byte)));
    expect(events.map((e) => e.type)).toEqual(['ack', 'nak', 'interrupt', 'packet', 'packet']);
    expect(str((events[3] as { payload: Uint8Array }).payload)).toBe('g');
    expect(str((events[4] as { payload: Uint8Array }).payload)).toBe('m0,4');
  });
  it('reports bad checksums (including non-hex digits)', () => {
    const d = new FrameDecoder();
    expect(d.push(b('$g#00'))).toEqual([{ type: 'bad-checksum' }]);
    expect(d.push(b('$g#zz'))).toEqual([{ type: 'bad-checksum' }]);
    expect(d.push(b('$g#6G'))).toEqual([{ type: 'bad-checksum' }]);
    expect(d.push(b('$g#67')).map((e) => e.type)).toEqual(['packet']);
  });
  it('accepts upper-case checksum digits', () => {
    expect(new FrameDecoder().push(b('$OK#9A')).map((e) => e.type)).toEqual(['packet']);
  });
  it('decodes run-length encoding', () => {
    // '0* ' = '0' then (32-29)=3 more
    const raw = '0* ';
    const cs = checksum(b(raw)).toString(16).padStart(2, '0');
    const ev = new FrameDecoder().push(b(`$${raw}#${cs}`));
    expect(str((ev[0] as { payload: Uint8Array }).payload)).toBe('0000');
  });
  it('reports overflow for oversized packets', () => {
    const d = new FrameDecoder(4);
    const raw = 'abcdefgh';
    expect(d.push(b(`$${raw}#${checksum(b(raw)).toString(16)}`))).toEqual([{ type: 'overflow' }]);
  });
  it('a new $ restarts a broken packet', () => {
    expect(new FrameDecoder().push(b('$ab$g#67')).map((e) => e.type)).toEqual(['packet']);
  });
});
