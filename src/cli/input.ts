/**
 * Reading an input file (or stdin, `-`) without holding it whole: its head, to tell its format,
 * and then the whole of it as a stream, which the upload sends as it reads. Only the JSON form of
 * a sync file is read whole, to be re-emitted as the NDJSON the sync endpoint reads.
 */
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { CliError, EXIT } from './exit.js';
import { detectFormat, HEAD_BYTES, scopeLine, syncJsonToNdjson, type InputFormat, type SyncScope } from './input-format.js';

export interface Input {
  /** The file's path, or `-`. */
  file: string;
  format: InputFormat;
  /** Bytes, when known (a file; undefined for stdin). */
  size: number | undefined;
  mtimeMs: number | undefined;
  /** The whole input from its first byte; call once. */
  open(): Readable;
}

function unreadable(file: string, e: unknown): CliError {
  const code = (e as NodeJS.ErrnoException).code;
  return new CliError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e)}`, EXIT.usage);
}

/** The first bytes of stdin (up to a first line of content, or HEAD_BYTES), and stdin from its first byte. */
async function peekStdin(): Promise<{ head: Buffer; stream: Readable }> {
  const it = process.stdin[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const parts: Buffer[] = [];
  let length = 0;
  let ended = false;
  for (;;) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    parts.push(r.value);
    length += r.value.length;
    const text = Buffer.concat(parts).toString('utf8');
    if (length >= HEAD_BYTES || /\S[^\n]*\n/.test(text)) break;
  }
  const head = Buffer.concat(parts);
  async function* all(): AsyncGenerator<Buffer> {
    yield head;
    if (ended) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return { head, stream: Readable.from(all(), { objectMode: false }) };
}

export async function readInput(file: string): Promise<Input> {
  if (file === '-') {
    const { head, stream } = await peekStdin();
    let used = false;
    return {
      file,
      format: detectFormat(head.toString('utf8')),
      size: undefined,
      mtimeMs: undefined,
      open: () => {
        if (used) throw new Error('stdin is read once');
        used = true;
        return stream;
      },
    };
  }
  let size: number;
  let mtimeMs: number;
  let head: Buffer;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new CliError(`${file} is not a file`, EXIT.usage);
    size = st.size;
    mtimeMs = st.mtimeMs;
    const fh = await open(file, 'r');
    try {
      const buf = Buffer.alloc(Math.min(HEAD_BYTES, size));
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw unreadable(file, e);
  }
  if (size === 0) throw new CliError(`${file} is empty`, EXIT.usage);
  return { file, format: detectFormat(head.toString('utf8')), size, mtimeMs, open: () => createReadStream(file) };
}

/** Lines of text as a stream. */
const linesStream = (lines: readonly string[]): Readable => Readable.from(lines.map((l) => Buffer.from(l)));

export interface SyncBody {
  stream: Readable;
  /** Known when the body is the file as it is. */
  size: number | undefined;
  contentType: 'application/json' | 'application/x-ndjson';
}

/**
 * A sync body from a sync file in either form, sent as it is (streamed); when `scope` (from the
 * command line) replaces the file's, NDJSON with a new first line — a JSON file is then read whole
 * and re-emitted as NDJSON, there being no replacing a member of a JSON document as it streams.
 */
export async function syncBody(input: Input, scope: SyncScope | undefined): Promise<SyncBody> {
  if (input.format === 'sync-json' && scope === undefined) return { stream: input.open(), size: input.size, contentType: 'application/json' };
  if (input.format === 'sync-json') {
    let doc: unknown;
    try {
      doc = JSON.parse(input.file === '-' ? await readAll(input.open()) : await readFile(input.file, 'utf8'));
    } catch (e) {
      throw new CliError(`${input.file} is not a sync file: ${e instanceof Error ? e.message : String(e)}`, EXIT.usage);
    }
    let lines: string[];
    try {
      lines = syncJsonToNdjson(doc, scope);
    } catch (e) {
      throw new CliError(`${input.file}: ${e instanceof Error ? e.message : String(e)}`, EXIT.usage);
    }
    return { stream: linesStream(lines), size: lines.reduce((n, l) => n + Buffer.byteLength(l), 0), contentType: 'application/x-ndjson' };
  }
  if (input.format !== 'sync-ndjson') throw new CliError(`${input.file} is not a sync file: its first line is not {"scope":{…}} (nor is it {"scope":…,"objects":[…]})`, EXIT.usage);
  if (scope === undefined) return { stream: input.open(), size: input.size, contentType: 'application/x-ndjson' };
  return { stream: Readable.from(replaceFirstLine(input.open(), scopeLine(scope))), size: undefined, contentType: 'application/x-ndjson' };
}

async function readAll(stream: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/** The stream with its first line replaced by `line` (which ends with a newline). */
async function* replaceFirstLine(stream: Readable, line: string): AsyncGenerator<Buffer> {
  let skipping = true;
  yield Buffer.from(line);
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    if (!skipping) {
      yield buf;
      continue;
    }
    const nl = buf.indexOf(0x0a);
    if (nl < 0) continue;
    skipping = false;
    if (nl + 1 < buf.length) yield buf.subarray(nl + 1);
  }
}
