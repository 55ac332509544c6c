/**
 * storedUriChain (src/uri/aai-uri.ts), the change events' quick reading of a stored aai-uri, gives
 * the chain parseNodePath gives, for a URI of every node type (by the shortest path to it) and for
 * keys that need percent-encoding.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Schema } from '../../src/schema/schema.js';
import { encodeKey, parseNodePath, storedUriChain } from '../../src/uri/aai-uri.js';
import { anyChains, def } from '../helpers/node-types.js';

const schema = Schema.load();

/** A canonical URI of the type along its shortest chain, each key from `key`. */
function uriOf(type: string, key: (t: string, k: string) => string): string {
  let uri = '';
  for (const step of anyChains.get(type) ?? []) {
    const keys = def(step.type).keys.map((k) => encodeKey(key(step.type, k)));
    uri += `/${[...step.segments, ...keys].join('/')}`;
  }
  return uri;
}

describe('storedUriChain', () => {
  it('reads the chain of every node type as parseNodePath does', () => {
    const types = [...anyChains.keys()];
    expect(types.length).toBeGreaterThan(100);
    for (const type of types) {
      const uri = uriOf(type, (t, k) => (def(t).properties[k]?.type === 'integer' ? '42' : `${t}-${k}`));
      expect(storedUriChain(schema, uri), uri).toEqual(parseNodePath(schema, uri).chain);
    }
  });

  it('decodes keys that needed percent-encoding', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }), fc.string({ minLength: 1, maxLength: 12 }), (a, b) => {
        const uri = `/network/pnfs/pnf/${encodeKey(a)}/p-interfaces/p-interface/${encodeKey(b)}`;
        expect(storedUriChain(schema, uri)).toEqual(parseNodePath(schema, uri).chain);
      }),
    );
  });

  it('answers undefined for a URI outside the schema', () => {
    expect(storedUriChain(schema, '/network/pnfs/pnf/p1/no-such/thing/x')).toBeUndefined();
    expect(storedUriChain(schema, '/nowhere/things/thing/x')).toBeUndefined();
  });
});
