import { describe, it, expect } from '@jest/globals';
import { ConsoleEscape } from './stdio-console.js';

describe("the console's Ctrl-A escape (QEMU's mux)", () => {
  const run = (input: string) => {
    const out: number[] = [];
    let quits = 0;
    const e = new ConsoleEscape((b) => out.push(b), () => { quits++; });
    for (const c of input) e.input(c.charCodeAt(0));
    return { out: String.fromCharCode(...out), quits };
  };

  it('passes ordinary input through', () => expect(run('ls -l\r')).toEqual({ out: 'ls -l\r', quits: 0 }));
  it('Ctrl-A x quits and delivers nothing', () => expect(run('a\x01xb')).toEqual({ out: 'ab', quits: 1 }));
  it('Ctrl-A Ctrl-A is one literal Ctrl-A', () => expect(run('\x01\x01x')).toEqual({ out: '\x01x', quits: 0 }));
  it('Ctrl-A and another key drops both', () => expect(run('\x01cz')).toEqual({ out: 'z', quits: 0 }));
  it('Ctrl-C goes to the guest', () => expect(run('\x03')).toEqual({ out: '\x03', quits: 0 }));
});
