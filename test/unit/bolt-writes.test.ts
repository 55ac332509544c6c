import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { coalesceBoltWrites } from '../../src/store/bolt-writes.js';

describe('Bolt write coalescing', () => {
  it('patches the installed neo4j-driver channel (fails when a driver upgrade moves it)', () => {
    expect(coalesceBoltWrites()).toBe(true);
    const require = createRequire(import.meta.url);
    const mod = require('neo4j-driver-bolt-connection/lib/channel/node/node-channel.js') as { default: { prototype: { write: { name: string } } } };
    expect(mod.default.prototype.write.name).toBe('corkedWrite');
  });

  it('corks the socket for the rest of the tick and uncorks it on the next', async () => {
    coalesceBoltWrites();
    const require = createRequire(import.meta.url);
    const mod = require('neo4j-driver-bolt-connection/lib/channel/node/node-channel.js') as { default: { prototype: { write(this: unknown, b: unknown): void } } };
    const events: string[] = [];
    const conn = {
      writableCorked: 0,
      cork() {
        this.writableCorked++;
        events.push('cork');
      },
      uncork() {
        this.writableCorked--;
        events.push('uncork');
      },
      write(b: unknown) {
        events.push(`write ${String(b)}`);
      },
    };
    const { default: ChannelBuf } = require('neo4j-driver-bolt-connection/lib/channel/channel-buf.js') as { default: new (b: Buffer) => { _buffer: unknown } };
    const channel = { _conn: conn, _pending: null };
    const a = new ChannelBuf(Buffer.from('a'));
    const b = new ChannelBuf(Buffer.from('b'));
    mod.default.prototype.write.call(channel, a);
    mod.default.prototype.write.call(channel, b);
    expect(events).toEqual(['cork', 'write a', 'write b']);
    await new Promise((r) => process.nextTick(r));
    expect(events).toEqual(['cork', 'write a', 'write b', 'uncork']);
  });
});
