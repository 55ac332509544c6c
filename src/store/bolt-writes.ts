/**
 * neo4j-driver 6.x hands every 1,400-byte Bolt chunk to the socket as its own write, i.e. one
 * system call per chunk and, with Nagle off, one TCP segment per chunk: a 30-operation bulk
 * transaction is a dozen writes each way per statement. Corking the socket on the first write of a
 * tick and uncorking on the next tick sends them as one writev instead, with no added latency (the
 * uncork runs before any I/O is awaited).
 *
 * The driver offers no option for this, so this reaches into its Node channel; if that module is
 * not laid out as expected (another driver version) nothing is changed.
 */
import { createRequire } from 'node:module';

interface Corkable {
  cork(): void;
  uncork(): void;
  writableCorked: number;
}

interface ChannelPrototype {
  write(this: { _conn?: Corkable; _pending?: unknown }, buffer: unknown): void;
  __aaiCorked?: boolean;
}

let done = false;

export function coalesceBoltWrites(): boolean {
  if (done) return true;
  done = true;
  try {
    const require = createRequire(import.meta.url);
    const mod = require('neo4j-driver-bolt-connection/lib/channel/node/node-channel.js') as { default?: { prototype?: ChannelPrototype } };
    const proto = mod.default?.prototype;
    if (!proto || typeof proto.write !== 'function' || proto.__aaiCorked) return false;
    const write = proto.write;
    proto.write = function corkedWrite(buffer) {
      const conn = this._conn;
      if (this._pending === null && conn && typeof conn.cork === 'function' && conn.writableCorked === 0) {
        conn.cork();
        process.nextTick(() => conn.uncork());
      }
      write.call(this, buffer);
    };
    proto.__aaiCorked = true;
    return true;
  } catch {
    return false;
  }
}
