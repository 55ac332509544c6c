/**
 * Issue "Bounded under abuse": a bounded fuzz run over every endpoint, fixed seed. Requests are
 * built from A&AI's shapes with hostile parts (lone surrogates, odd percent-encoding, deep nesting,
 * huge and non-canonical integers, wrong JSON types, odd headers); every answer must be an A&AI
 * body with a status below 500, never a stack, a driver message or an internal name.
 * Job submissions are left out: a stored job would be run by another test file's worker.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { client } from '../helpers/app.js';
import { uid } from '../helpers/neo4j.js';

const SEED = 20261130;
const RUNS = 4000;

const hostileText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom('\uD800', 'a\uDC00b', '\u00A0', '%', '%zz', '%E0%A4%A', '..', '/', '\u0000', 'é', '🙂', ' ', '', '0', '010', '-0', '9223372036854775808', '1e3'),
);
const key = fc.oneof(hostileText, fc.integer().map(String), fc.constantFrom('10', '0010', '-1', '99999999999999999999'));
const enc = (s: string): string => {
  try {
    return encodeURIComponent(s);
  } catch {
    return s.replace(/[\uD800-\uDFFF]/g, '%ED%A0%80');
  }
};

/** A value of any JSON shape. */
const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  hostileText,
  fc.constantFrom(2 ** 53, -0, 1e308, Number.MAX_SAFE_INTEGER),
);

/** Request bodies travel as text: a deep one (l-interfaces nested up to 3,000 levels) is built as text. */
const deepText = fc.integer({ min: 1, max: 3000 }).map((depth) => {
  const open = '{"interface-name":"x","l-interfaces":{"l-interface":['.repeat(depth);
  return `${open}{"interface-name":"y"}${']}}'.repeat(depth)}`;
});
const asText = (a: fc.Arbitrary<unknown>): fc.Arbitrary<string> => a.map((v) => JSON.stringify(v) ?? 'null');

const base = uid('fz');

const nodePath = fc.oneof(
  key.map((k) => `/network/pnfs/pnf/${base}-${enc(k)}`),
  fc.tuple(key, key).map(([a, b]) => `/network/pnfs/pnf/${base}-${enc(a)}/p-interfaces/p-interface/${enc(b)}`),
  fc.tuple(key, key, key).map(([a, b, c]) => `/cloud-infrastructure/cloud-regions/cloud-region/${base}-${enc(a)}/${enc(b)}/tenants/tenant/${enc(c)}`),
  fc.tuple(key, key).map(([a, v]) => `/network/generic-vnfs/generic-vnf/${base}-${enc(a)}/l-interfaces/l-interface/x/vlans/vlan/${enc(v)}`),
  key.map((k) => `/network/vces/vce/${base}-${k}`),
  hostileText.map((t) => `/${t}`),
);
const query = fc.oneof(
  fc.constant(''),
  fc.constantFrom('?depth=all', '?depth=1', '?depth=-1', '?depth=99999999999', '?nodes-only', '?resultIndex=0&resultSize=1', '?resultIndex=1&resultSize=1000000000000', '?format=count', '?dry-run=maybe'),
  fc.tuple(hostileText, hostileText).map(([k, v]) => `?${enc(k)}=${enc(v)}`),
);
const bodyValue = fc.oneof(jsonValue, fc.record({ 'pnf-name': hostileText, 'equip-type': jsonValue }, { requiredKeys: [] }), fc.dictionary(hostileText, jsonValue, { maxKeys: 4 }));
const body = fc.oneof(
  asText(bodyValue),
  deepText,
  fc.constantFrom('', '{', '{"a":1,"a":2}', '\u00A0{}', '[]', 'null', '{"number-of-cpus":9007199254740993}', '{"cvlan-tag":1e400}', '{"in-maint":-0}', '{"pnf-name":"\\ud800"}'),
);
const bulkOp = fc.record({ uri: fc.oneof(nodePath, hostileText), body: bodyValue }, { requiredKeys: [] });
const bulkBody = fc.oneof(
  body,
  deepText.map((d) => `{"transactions":[{"put":[{"uri":"/network/generic-vnfs/generic-vnf/${base}-d/l-interfaces/l-interface/x","body":${d}}]}]}`),
  asText(fc.record({ transactions: fc.array(fc.dictionary(fc.constantFrom('put', 'patch', 'delete', 'get', 'x'), fc.array(bulkOp, { maxLength: 3 }), { maxKeys: 2 }), { maxLength: 3 }) })),
);
const singleBody = fc.oneof(body, asText(fc.record({ operations: fc.array(fc.record({ action: fc.constantFrom('put', 'patch', 'delete', 'get', ''), uri: nodePath, body: bodyValue }, { requiredKeys: [] }), { maxLength: 3 }) })));
const batchBody = fc.oneof(body, asText(fc.record({ 'batch-get-list': fc.array(fc.record({ uri: fc.tuple(nodePath, query).map(([p, q]) => p + q) }, { requiredKeys: [] }), { maxLength: 4 }) })));

type Req = { method: string; url: string; body?: string; headers?: Record<string, string> };
const request: fc.Arbitrary<Req> = fc.oneof(
  fc.tuple(fc.constantFrom('GET', 'DELETE', 'HEAD', 'OPTIONS', 'POST'), nodePath, query).map(([method, p, q]) => ({ method, url: `/aai/v15${p}${q}` })),
  fc.tuple(fc.constantFrom('PUT', 'PATCH'), nodePath, body).map(([method, p, b]) => ({ method, url: `/aai/v15${p}`, body: b })),
  fc.tuple(nodePath, body).map(([p, b]) => ({ method: 'PUT', url: `/aai/v15${p}/relationship-list/relationship`, body: b })),
  fc.tuple(fc.constantFrom('bulkadd', 'bulkprocess'), bulkBody, fc.boolean()).map(([e, b, dry]) => ({ method: 'PUT', url: `/aai/v15/${e}${dry ? '?dry-run=true' : ''}`, body: b })),
  singleBody.map((b) => ({ method: 'POST', url: '/aai/v15/bulk/single-transaction', body: b })),
  batchBody.map((b) => ({ method: 'POST', url: '/aai/v15/bulk/get', body: b })),
  fc.tuple(fc.constantFrom('GET', 'DELETE'), hostileText).map(([method, id]) => ({ method, url: `/aai/v15/bulk/jobs/${enc(id)}/results?cursor=${enc(id)}` })),
  fc.tuple(hostileText, fc.constantFrom('X-FromAppId', 'X-TransactionId', 'Accept', 'Content-Type', 'X-HTTP-Method-Override')).map(([v, h]) => ({
    method: 'GET',
    url: '/aai/util/echo',
    headers: { [h]: v.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?') },
  })),
  fc.tuple(hostileText, hostileText).map(([v, p]) => ({ method: 'GET', url: `/aai/${enc(v)}/${enc(p)}` })),
);

const INTERNAL = /at .*\.(ts|js):\d+|Neo4jError|neo4j|Cypher|bolt:|TypeError|RangeError|SyntaxError|ReferenceError|stack/i;

describe('fuzzing every endpoint', () => {
  it(`answers ${RUNS} generated requests with A&AI bodies, never a 5xx or an internal detail`, async () => {
    const c = client();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        let t = c.raw[r.method.toLowerCase() as 'get'](r.url).set({ 'X-FromAppId': 'fuzz', 'X-TransactionId': 'fuzz', ...r.headers });
        if (r.body !== undefined) t = t.set('Content-Type', 'application/json').send(r.body);
        const res = await t;
        expect(res.status, `${r.method} ${r.url} → ${res.status} ${(res.text ?? '').slice(0, 300)}`).toBeLessThan(500);
        expect(res.text ?? '', `${r.method} ${r.url}`).not.toMatch(INTERNAL);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  }, 600_000);
});
