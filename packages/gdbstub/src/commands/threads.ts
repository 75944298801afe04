/** `H g|c thread`, `T thread`, `qC`, `qfThreadInfo`, `qsThreadInfo`. */
import { parseThreadId } from './thread-id.js';
import { malformed, type Command } from './types.js';

export function parseThreads(p: string): Command | undefined {
  if (p[0] === 'H') {
    const op = p[1];
    if (op !== 'g' && op !== 'c') return malformed(p, 'bad H op');
    const thread = parseThreadId(p.slice(2));
    return thread ? { kind: 'setThread', op, thread } : malformed(p, 'bad thread id');
  }
  if (p[0] === 'T') {
    const thread = parseThreadId(p.slice(1));
    return thread ? { kind: 'threadAlive', thread } : malformed(p, 'bad thread id');
  }
  if (p === 'qC') return { kind: 'currentThread' };
  if (p === 'qfThreadInfo') return { kind: 'threadInfoFirst' };
  if (p === 'qsThreadInfo') return { kind: 'threadInfoNext' };
  return undefined;
}
