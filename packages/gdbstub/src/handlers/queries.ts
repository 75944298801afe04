/** `qSupported`, `qAttached`, `QStartNoAckMode`, `qXfer:features|threads:read`. */
import { supportedFeatures } from '../features.js';
import { TARGET_XML } from '../target-xml.js';
import { threadsXml } from './threads.js';
import { UNSUPPORTED } from './errors.js';
import type { HandlerTable } from './context.js';

export const queryHandlers: HandlerTable = {
  supported: async (ctx, cmd) => {
    ctx.conn.clientFeatures = new Set(cmd.features);
    ctx.conn.multiprocess = ctx.conn.clientFeatures.has('multiprocess+');
    return supportedFeatures(ctx.target).join(';');
  },
  // 1: we attached to an existing process, so GDB detaches rather than kills when it quits
  attached: async () => '1',
  // the session turns acks off once this reply has gone out
  startNoAckMode: async () => 'OK',
  xferRead: async (ctx, cmd) => {
    let doc: string;
    if (cmd.object === 'features' && cmd.annex === 'target.xml') doc = TARGET_XML;
    else if (cmd.object === 'threads' && cmd.annex === '') doc = await threadsXml(ctx);
    else if (cmd.object === 'features' || cmd.object === 'threads') return 'E00';
    else return UNSUPPORTED;
    return xferWindow(doc, cmd.offset, cmd.length);
  },
};

/** qXfer window: `m` + data when more follows, `l` + data for the last (or empty) chunk. */
export function xferWindow(doc: string, offset: number, length: number): string {
  if (offset >= doc.length) return 'l';
  const chunk = doc.slice(offset, offset + length);
  return (offset + length < doc.length ? 'm' : 'l') + chunk;
}
