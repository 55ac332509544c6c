/**
 * How the CLI tells its input files apart by content (src/cli/input-format.ts): bulk JSON, bulk
 * NDJSON, and export/sync files in their NDJSON and JSON forms.
 */
import { describe, expect, it } from 'vitest';
import { detectFormat, scopeLine, syncJsonToNdjson } from '../../src/cli/input-format.js';

describe('input format detection', () => {
  it('JSON: {"transactions" first, whatever the white space or a BOM', () => {
    expect(detectFormat('{"transactions":[{"put":[]}]}')).toBe('json');
    expect(detectFormat('  \n{\n  "transactions" : [\n')).toBe('json');
    expect(detectFormat('\uFEFF{"transactions":[]}')).toBe('json');
  });

  it('NDJSON: one transaction per line, or anything else (the service judges it)', () => {
    expect(detectFormat('{"put":[{"uri":"/network/pnfs/pnf/a","body":{}}]}\n{"put":[]}\n')).toBe('ndjson');
    expect(detectFormat('{"put":[]}')).toBe('ndjson');
    expect(detectFormat('not json at all')).toBe('ndjson');
    // A first line cut short by the head (a long transaction) is still NDJSON.
    expect(detectFormat('{"put":[{"uri":"/network/pnfs/pnf/a","body":{"x":"')).toBe('ndjson');
    // A transaction that happens to name a "scope" property is not a scope line.
    expect(detectFormat('{"put":[{"uri":"/x","body":{"scope":"a"}}]}\n')).toBe('ndjson');
  });

  it('an export/sync file: a first line {"scope":{…}}, in either member order', () => {
    expect(detectFormat('{"scope":{"uris":["/network/pnfs/pnf/a"]}}\n{"uri":"/network/pnfs/pnf/a","body":{}}\n')).toBe('sync-ndjson');
    expect(detectFormat('{"scope":{"types":["pnf"]}}')).toBe('sync-ndjson');
    expect(detectFormat('{"version":1,"scope":{"uris":[]}}\n')).toBe('sync-ndjson');
  });

  it('a sync file in JSON form: {"scope":…,"objects":[…]}, on one line or pretty-printed', () => {
    expect(detectFormat('{"scope":{"uris":[]},"objects":[]}')).toBe('sync-json');
    expect(detectFormat('{\n  "scope": {\n    "uris": ["/network/pnfs/pnf/a"]\n  },\n  "objects": [\n')).toBe('sync-json');
  });

  it('turns the JSON form into NDJSON lines, with the command line\'s scope when given', () => {
    const doc = { scope: { uris: ['/a'] }, objects: [{ uri: '/a', body: { x: 1 } }] };
    expect(syncJsonToNdjson(doc)).toEqual(['{"scope":{"uris":["/a"]}}\n', '{"uri":"/a","body":{"x":1}}\n']);
    expect(syncJsonToNdjson(doc, { types: ['pnf'] })).toEqual(['{"scope":{"types":["pnf"]}}\n', '{"uri":"/a","body":{"x":1}}\n']);
    expect(() => syncJsonToNdjson({ scope: {} })).toThrow(/objects/);
    expect(scopeLine({ uris: [], types: ['pnf'] })).toBe('{"scope":{"types":["pnf"]}}\n');
  });
});
