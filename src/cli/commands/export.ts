/**
 * `aai-inventory export URI…`: the export endpoint's NDJSON (a scope line, then one `{"uri","body"}`
 * per object, parents first) streamed to a file or stdout, never held whole; a counter on stderr
 * when it is a terminal. The file is what `import` (and `sync`) read back.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client } from '../client.js';
import { CliError, EXIT, type ExitCode } from '../exit.js';
import { onInterrupt } from '../interrupt.js';
import { humanBytes } from '../progress.js';
import { EXPORT } from '../sync-api.js';

export interface ExportOptions {
  type: string[];
  depth: string;
  output?: string | undefined;
  progress: boolean;
}

export async function exportCommand(client: Client, uris: string[], opts: ExportOptions): Promise<ExitCode> {
  if (uris.length === 0 && opts.type.length === 0) throw new CliError('export needs a URI or a --type (or both)', EXIT.usage);
  const a = await client.ok('GET', EXPORT, { query: { uri: uris, type: opts.type, depth: opts.depth }, headers: { Accept: 'application/x-ndjson' } });
  let lines = 0;
  let bytes = 0;
  const spin = opts.progress && process.stderr.isTTY === true;
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let frame = 0;
  const objects = (): number => Math.max(lines - 1, 0);
  const timer = spin ? setInterval(() => process.stderr.write(`\r${frames[frame++ % frames.length]} exporting: ${objects()} objects, ${humanBytes(bytes)}`), 100) : undefined;
  const count = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) lines++;
      cb(null, chunk);
    },
  });
  const tmp = opts.output === undefined ? undefined : `${opts.output}.partial`;
  const unregister = onInterrupt(() => {
    if (timer) clearInterval(timer);
    process.stderr.write('\nexport interrupted\n');
  });
  try {
    await pipeline(a.stream, count, tmp === undefined ? process.stdout : createWriteStream(tmp), { end: tmp !== undefined });
    if (tmp !== undefined && opts.output !== undefined) await rename(tmp, opts.output);
  } catch (e) {
    if (tmp !== undefined) await rm(tmp, { force: true });
    // stdout closed by its reader (`… | head`): it had what it wanted.
    if (tmp === undefined && (e as NodeJS.ErrnoException).code === 'EPIPE') {
      a.stream.destroy();
      return EXIT.ok;
    }
    throw e;
  } finally {
    if (timer) {
      clearInterval(timer);
      process.stderr.write('\r\x1b[K');
    }
    unregister();
  }
  process.stderr.write(`exported ${objects()} objects${opts.output ? ` to ${opts.output}` : ''}\n`);
  return EXIT.ok;
}
