/**
 * JSON as Gson reads it leniently (A&AI's BulkSingleTransactionConsumer maps its body with
 * `new Gson().fromJson(content, Transaction.class)`, and Gson's fromJson is lenient), for
 * POST /aai/v15/bulk/single-transaction only. onapsdk's AaiBulk renders each operation's body with
 * Jinja as a Python dict literal (`{'pnf-name': 'p1', 'in-maint': True}`), which A&AI accepts.
 *
 * What is accepted beyond JSON, as Gson's lenient JsonReader does:
 * - strings in single quotes, with JSON's escapes plus `\'`;
 * - names and values without quotes (a value that reads as a number is a number, any other a string:
 *   Python's `None` is the string "None", as in A&AI);
 * - `true`, `false` and `null` in any letter case (Python's `True`, `False`);
 * - `=` or `=>` between a name and its value, `;` between elements;
 * - comments: `#` and `//` to the end of the line, `/* … *\/`.
 * Not accepted (as in Gson): trailing commas, Python escapes such as `\x0b`. A `__proto__` member is
 * refused, as the strict parser refuses it.
 */

/** Deeper than any MAX_JSON_DEPTH allows: refused here (the configured bound is checked afterwards). */
const MAX_DEPTH = 1001;

class LenientJsonError extends Error {
  override name = 'LenientJsonError';
}

/** Characters that end an unquoted literal (Gson's JsonReader.isLiteral). */
const LITERAL_END = new Set(['/', '\\', ';', '#', '=', '{', '}', '[', ']', ':', ',', ' ', '\t', '\f', '\r', '\n']);

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

const ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', "'": "'", '"': '"', '\\': '\\', '/': '/', '\n': '\n' };

/** Parse `text` as Gson's lenient reader would read one value; throws on anything else. */
export function parseLenientJson(text: string): unknown {
  let pos = 0;

  const fail = (what: string): never => {
    throw new LenientJsonError(`${what} at position ${pos}`);
  };

  function skipSpace(): void {
    for (;;) {
      const c = text[pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') pos++;
      else if (c === '#' || (c === '/' && text[pos + 1] === '/')) {
        const end = text.indexOf('\n', pos);
        pos = end < 0 ? text.length : end + 1;
      } else if (c === '/' && text[pos + 1] === '*') {
        const end = text.indexOf('*/', pos + 2);
        if (end < 0) fail('unterminated comment');
        pos = end + 2;
      } else return;
    }
  }

  function quoted(quote: string): string {
    pos++; // the opening quote
    let out = '';
    for (;;) {
      const c = text[pos];
      if (c === undefined) return fail('unterminated string');
      pos++;
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = text[pos];
      if (e === undefined) return fail('unterminated string');
      pos++;
      if (e === 'u') {
        const hex = text.slice(pos, pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('invalid \\u escape');
        out += String.fromCharCode(parseInt(hex, 16));
        pos += 4;
      } else {
        const v = ESCAPES[e];
        if (v === undefined) fail(`invalid escape \\${e}`);
        out += v;
      }
    }
  }

  function literal(): string {
    const start = pos;
    while (pos < text.length && !LITERAL_END.has(text[pos] ?? '')) pos++;
    if (pos === start) fail('expected a value');
    return text.slice(start, pos);
  }

  function name(): string {
    const c = text[pos];
    if (c === '"' || c === "'") return quoted(c);
    return literal();
  }

  function scalar(raw: string): unknown {
    const lower = raw.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    if (lower === 'null') return null;
    if (JSON_NUMBER.test(raw)) return Number(raw);
    return raw;
  }

  function value(depth: number): unknown {
    if (depth > MAX_DEPTH) fail('nested too deeply');
    skipSpace();
    const c = text[pos];
    if (c === '{') return object(depth + 1);
    if (c === '[') return array(depth + 1);
    if (c === '"' || c === "'") return quoted(c);
    return scalar(literal());
  }

  /** After an element: `,` or `;` (true), or the closing bracket (false). */
  function separator(close: string): boolean {
    skipSpace();
    const c = text[pos];
    if (c === ',' || c === ';') {
      pos++;
      return true;
    }
    if (c === close) {
      pos++;
      return false;
    }
    return fail(`expected , or ${close}`);
  }

  function object(depth: number): Record<string, unknown> {
    pos++; // {
    const out: Record<string, unknown> = {};
    skipSpace();
    if (text[pos] === '}') {
      pos++;
      return out;
    }
    for (;;) {
      skipSpace();
      const key = name();
      if (key === '__proto__') fail('__proto__ is not accepted as a name');
      skipSpace();
      const c = text[pos];
      if (c === ':') pos++;
      else if (c === '=') pos += text[pos + 1] === '>' ? 2 : 1;
      else fail('expected :');
      out[key] = value(depth);
      if (!separator('}')) return out;
    }
  }

  function array(depth: number): unknown[] {
    pos++; // [
    const out: unknown[] = [];
    skipSpace();
    if (text[pos] === ']') {
      pos++;
      return out;
    }
    for (;;) {
      out.push(value(depth));
      if (!separator(']')) return out;
    }
  }

  const result = value(0);
  skipSpace();
  if (pos < text.length) fail('unexpected text after the value');
  return result;
}
