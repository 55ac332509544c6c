/**
 * Streaming job input: transactions are yielded one at a time while the request body streams in,
 * so a job of any size never sits in memory whole.
 *  - JSON: a bulkadd/bulkprocess body `{"transactions":[…], …}`. A small scanner cuts each element
 *    of the top-level "transactions" array out of the byte stream (tracking strings, escapes and
 *    nesting); JSON.parse then validates each element. Other top-level members are validated too.
 *  - NDJSON: one transaction object per line; blank lines are skipped.
 * Both count bytes and stop at `maxBytes`. Both are strict JSON: whitespace is only space, tab, CR
 * and LF (not NBSP nor the other Unicode spaces), and a leading byte order mark is skipped as the
 * bulk endpoints skip it. A JSON input with two "transactions" members is refused: JSON.parse (the
 * bulk endpoints) keeps the last, but transactions are stored as they stream in, so the first
 * array would already be stored. Every element is refused, before it is stored, when it nests
 * deeper than MAX_JSON_DEPTH (JSON.stringify would overflow the stack) or holds a number that
 * JSON.stringify would write as null (an overflowing literal such as 1e400).
 */
import { StringDecoder } from 'node:string_decoder';
import { AaiError } from '../../errors.js';
import { hasNonFiniteNumber, nestedDeeperThan } from '../json-checks.js';

export class InputTooLargeError extends Error {
  override name = 'InputTooLargeError';
  constructor(readonly limit: number) {
    super(`job input is larger than ${limit} bytes`);
  }
}

/** One transaction (a JSON element or an NDJSON line) is larger than the per-transaction limit. */
export class TransactionTooLargeError extends Error {
  override name = 'TransactionTooLargeError';
  constructor(
    readonly index: number,
    readonly limit: number,
  ) {
    super(`transaction ${index} is larger than ${limit} bytes`);
  }
}

export interface InputLimits {
  /** The whole input. */
  maxBytes: number;
  /** One transaction (characters of its JSON text). */
  maxTransactionBytes: number;
  /** Nesting, counted from the root of a JSON input (an NDJSON line counts as an element of its "transactions"). */
  maxJsonDepth: number;
}

const INTERFACE = 'input payload does not follow bulk process interface';

/** JSON's whitespace (RFC 8259 §2); /\s/ and String.trim also take NBSP (U+00A0) and the other Unicode spaces. */
function isJsonSpace(c: string): boolean {
  return c === ' ' || c === '\n' || c === '\r' || c === '\t';
}

function trimJsonSpace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isJsonSpace(text.charAt(start))) start++;
  while (end > start && isJsonSpace(text.charAt(end - 1))) end--;
  return text.slice(start, end);
}

async function* decoded(source: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  let first = true;
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += buf.length;
    if (bytes > maxBytes) throw new InputTooLargeError(maxBytes);
    const text = decoder.write(buf);
    if (text === '') continue;
    yield first ? text.replace(/^\uFEFF/, '') : text;
    first = false;
  }
  const rest = decoder.end();
  if (rest !== '') yield rest;
}

/** Levels above a transaction: the input's object and its "transactions" array. */
const TRANSACTION_LEVEL = 2;

/** One element, parsed and checked before anything stores (and so stringifies) it; `above`: the levels above it in the input. */
function parseElement(raw: string, what: string, limits: InputLimits, above: number, text = INTERFACE): unknown {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new AaiError('AAI_6111', `${text} - ${what} is not valid JSON`);
  }
  if (nestedDeeperThan(value, limits.maxJsonDepth - above)) throw new AaiError('AAI_6111', `${text} - ${what} is nested deeper than ${limits.maxJsonDepth} levels`);
  if (hasNonFiniteNumber(value)) throw new AaiError('AAI_6111', `${text} - ${what} holds a number outside the signed 64-bit range`);
  return value;
}

/** NDJSON: one transaction per non-blank line. */
export async function* ndjsonTransactions(source: AsyncIterable<Buffer | string>, limits: InputLimits): AsyncGenerator<unknown> {
  let pending = '';
  let line = 0;
  let index = 0;
  for await (const text of decoded(source, limits.maxBytes)) {
    // Only the newly arrived text can hold the end of the pending line.
    let from = pending.length;
    pending += text;
    let nl: number;
    while ((nl = pending.indexOf('\n', from)) >= 0) {
      const raw = trimJsonSpace(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
      from = 0;
      line++;
      if (raw.length > limits.maxTransactionBytes) throw new TransactionTooLargeError(index, limits.maxTransactionBytes);
      if (raw !== '') {
        index++;
        yield parseElement(raw, `line ${line}`, limits, TRANSACTION_LEVEL);
      }
    }
    if (pending.length > limits.maxTransactionBytes) throw new TransactionTooLargeError(index, limits.maxTransactionBytes);
  }
  line++;
  const last = trimJsonSpace(pending);
  if (last !== '') yield parseElement(last, `line ${line}`, limits, TRANSACTION_LEVEL);
}

type Phase = 'start' | 'key-or-end' | 'key' | 'colon' | 'value' | 'comma-or-end' | 'tx-first' | 'tx-value' | 'tx-comma' | 'done';

/**
 * The elements of the top-level "transactions" array of a JSON object, streamed. Throws AaiError
 * for a body that is not an object (AAI_6111), has no transactions array (AAI_6118 / AAI_6111),
 * or is not valid JSON (AAI_6111).
 */
export function jsonTransactions(source: AsyncIterable<Buffer | string>, limits: InputLimits): AsyncGenerator<unknown> {
  return jsonArrayMember(source, limits, { member: 'transactions', text: INTERFACE, element: 'transaction' });
}

/** Which array member of a JSON object input is streamed, and how the input is named in errors. */
export interface ArrayMember {
  member: string;
  /** The error text of a malformed input (AAI_6111). */
  text: string;
  /** What an element is called in errors ("transaction 3"). */
  element: string;
  /** Told of every other top-level member, parsed. */
  onMember?: (key: string, value: unknown) => void;
}

/**
 * The elements of one top-level array member of a JSON object, streamed (the other members parsed
 * and handed to `onMember`). Throws AaiError for a body that is not an object (AAI_6111), has no
 * such array (AAI_6118 / AAI_6111), or is not valid JSON (AAI_6111).
 */
export async function* jsonArrayMember(source: AsyncIterable<Buffer | string>, limits: InputLimits, spec: ArrayMember): AsyncGenerator<unknown> {
  let phase: Phase = 'start';
  let sawTransactions = false;
  let key = '';
  // Capture of one value (a transactions element, a key, or another member's value).
  let buf = '';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let capturing = false;
  let index = 0;
  const bad = (): AaiError => new AaiError('AAI_6111', spec.text);

  const finishValue = function* (): Generator<unknown> {
    if (phase === 'tx-value') yield parseElement(buf, `${spec.element} ${index++}`, limits, TRANSACTION_LEVEL, spec.text);
    else spec.onMember?.(key, parseElement(buf, `member "${key}"`, limits, 1, spec.text));
    buf = '';
    capturing = false;
  };

  for await (const text of decoded(source, limits.maxBytes)) {
    for (let i = 0; i < text.length; i++) {
      const c = text[i] ?? '';
      if (capturing) {
        if (buf.length > limits.maxTransactionBytes) throw new TransactionTooLargeError(index, limits.maxTransactionBytes);
        // Inside a value (or a key string): track strings and nesting until it ends.
        if (inString) {
          buf += c;
          if (escaped) escaped = false;
          else if (c === '\\') escaped = true;
          else if (c === '"') {
            inString = false;
            if (depth === 0) {
              if (phase === 'key') {
                key = JSON.parse(buf) as string;
                buf = '';
                capturing = false;
                phase = 'colon';
              } else {
                yield* finishValue();
                phase = phase === 'tx-value' ? 'tx-comma' : 'comma-or-end';
              }
            }
          }
          continue;
        }
        if (c === '"') {
          inString = true;
          buf += c;
          continue;
        }
        if (c === '{' || c === '[') {
          depth++;
          buf += c;
          continue;
        }
        if (c === '}' || c === ']') {
          if (depth === 0) {
            // End of a primitive value, and of its container.
            yield* finishValue();
            phase = phase === 'tx-value' ? 'tx-comma' : 'comma-or-end';
            i--;
            continue;
          }
          depth--;
          buf += c;
          if (depth === 0) {
            yield* finishValue();
            phase = phase === 'tx-value' ? 'tx-comma' : 'comma-or-end';
          }
          continue;
        }
        if (depth === 0 && (c === ',' || isJsonSpace(c))) {
          yield* finishValue();
          phase = phase === 'tx-value' ? 'tx-comma' : 'comma-or-end';
          i--;
          continue;
        }
        buf += c;
        continue;
      }
      if (isJsonSpace(c)) continue;
      switch (phase) {
        case 'start':
          if (c !== '{') throw bad();
          phase = 'key-or-end';
          break;
        case 'key-or-end':
        case 'key':
          if (c === '}' && phase === 'key-or-end') phase = 'done';
          else if (c === '"') {
            phase = 'key';
            capturing = true;
            inString = true;
            depth = 0;
            buf = '"';
          } else throw bad();
          break;
        case 'colon':
          if (c !== ':') throw bad();
          phase = 'value';
          break;
        case 'value':
          if (key === spec.member) {
            if (sawTransactions) throw new AaiError('AAI_6111', `${spec.text} - "${spec.member}" appears more than once`);
            if (c !== '[') throw bad();
            sawTransactions = true;
            phase = 'tx-first';
            break;
          }
          capturing = true;
          i--;
          break;
        case 'tx-first':
          if (c === ']') {
            phase = 'comma-or-end';
            break;
          }
          phase = 'tx-value';
          capturing = true;
          i--;
          break;
        case 'tx-value':
          capturing = true;
          i--;
          break;
        case 'tx-comma':
          if (c === ',') phase = 'tx-value';
          else if (c === ']') phase = 'comma-or-end';
          else throw bad();
          break;
        case 'comma-or-end':
          if (c === ',') phase = 'key';
          else if (c === '}') phase = 'done';
          else throw bad();
          break;
        case 'done':
          throw bad();
      }
    }
  }
  if (phase !== 'done') {
    if (phase === 'start') throw new AaiError('AAI_6111', spec.text);
    throw new AaiError('AAI_6111', `${spec.text} - the body ended before the JSON was complete`);
  }
  if (!sawTransactions) throw new AaiError('AAI_6118', `${spec.text} - missing "${spec.member}"`);
}
