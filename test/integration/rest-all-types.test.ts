/**
 * Every v15 node type, generated from schema/v15/node-types.json: PUT a minimal valid object (keys
 * plus required properties without defaults, each of its JSON type) under a chain of parents found
 * from the `topLevel` list and the `children` definitions, GET it back (keys and filled-in
 * defaults), DELETE it with its resource-version, and GET 404.
 *
 * Types with allowDirectWrite=false refuse direct writes (AAI_3006, 404 SVC3001); they are created
 * inside their nearest directly writable ancestor's body and removed by deleting that ancestor.
 */
import { describe, expect, it, vi } from 'vitest';
import type { NodeTypeDef } from '../../src/schema/types.js';
import { client } from '../helpers/app.js';
import { BYPASS, V } from '../helpers/aai.js';
import { all, anyChains, def, minimal, writableChains, type Json, type Made } from '../helpers/node-types.js';

type Client = ReturnType<typeof client>;

// 115 independent tests on unique keys: run more of them at once than vitest's default 5.
vi.setConfig({ maxConcurrency: 16 });

async function put(c: Client, p: string, body: Json): Promise<void> {
  const r = await c.put(`${V}${p}`, body);
  expect(r.status, `PUT ${p} ${JSON.stringify(body)} → ${JSON.stringify(r.body)}`).toBe(201);
}

/**
 * GET: 200, keys as given, defaults filled in; returns the resource-version to DELETE with. A type
 * without a resource-version property in the OXM (software-version) does not show one, so a client
 * can only delete it with the bypass UUID.
 */
async function checkStored(c: Client, type: NodeTypeDef, made: Made): Promise<string> {
  const r = await c.get(`${V}${made.path}`);
  expect(r.status, `GET ${made.path} → ${JSON.stringify(r.body)}`).toBe(200);
  const got = r.body as Json;
  for (const k of type.keys) expect(got[k], `${type.name}.${k}`).toEqual(made.keys[k]);
  for (const [k, v] of Object.entries(type.defaults)) expect(got[k], `default ${type.name}.${k}`).toEqual(v);
  for (const [k, v] of Object.entries(made.body)) expect(got[k], `${type.name}.${k}`).toEqual(v);
  if (!('resource-version' in type.properties)) {
    expect(got).not.toHaveProperty('resource-version');
    return BYPASS;
  }
  expect(typeof got['resource-version']).toBe('string');
  return String(got['resource-version']);
}

function err3006(method: string, p: string) {
  return {
    requestError: {
      serviceException: {
        messageId: 'SVC3001',
        text: 'Resource not found for %1 using id %2 (msg=%3) (ec=%4)',
        // Refused before the database work: the request path relative to /aai (A&AI's consumer variables).
        variables: [method, `v15${p}`, 'Node cannot be directly accessed for write, must be accessed via ancestor(s)', 'ERR.5.6.3006'],
      },
    },
  };
}

const writable = all.filter((t) => def(t).allowDirectWrite);
const notWritable = all.filter((t) => !def(t).allowDirectWrite);

describe('schema coverage', () => {
  it('covers all 115 v15 node types, each reachable from a top-level type', () => {
    expect(all).toHaveLength(115);
    for (const t of all) expect(anyChains.has(t), t).toBe(true);
    for (const t of writable) expect(writableChains.has(t), `${t} has a directly writable chain`).toBe(true);
  });
});

describe('every directly writable node type: PUT minimal → GET → DELETE → 404', () => {
  it.concurrent.each(writable)('%s', async (name) => {
    const c = client();
    const chain = writableChains.get(name) ?? [];
    expect(chain.length).toBeGreaterThan(0);
    const paths: string[] = [];
    let made: Made | undefined;
    for (const step of chain) {
      made = minimal(def(step.type), paths[paths.length - 1] ?? '', step);
      await put(c, made.path, made.body);
      paths.push(made.path);
    }
    if (!made) throw new Error(`no chain for ${name}`);
    const resourceVersion = await checkStored(c, def(name), made);

    const d = await c.delete(`${V}${made.path}?resource-version=${encodeURIComponent(resourceVersion)}`);
    expect(d.status, `DELETE ${made.path} → ${JSON.stringify(d.body)}`).toBe(204);
    expect((await c.get(`${V}${made.path}`)).status).toBe(404);
    // The parent, if any, is still there.
    const parent = paths[paths.length - 2];
    if (parent !== undefined) expect((await c.get(`${V}${parent}`)).status).toBe(200);
  });
});

describe('node types with allowDirectWrite=false: AAI_3006 on direct writes, written through an ancestor', () => {
  it.concurrent.each(notWritable)('%s', async (name) => {
    const c = client();
    const chain = anyChains.get(name) ?? [];
    const w = chain.map((s) => def(s.type).allowDirectWrite).lastIndexOf(true);
    expect(w, `${name} has a directly writable ancestor`).toBeGreaterThanOrEqual(0);

    // Writable ancestors above the nearest writable one: PUT directly.
    let parentPath = '';
    for (const step of chain.slice(0, w)) {
      const m = minimal(def(step.type), parentPath, step);
      await put(c, m.path, m.body);
      parentPath = m.path;
    }

    // The nearest writable ancestor, created with the non-writable descendants nested in its body.
    const wStep = chain[w];
    if (!wStep) throw new Error('unreachable');
    const ancestor = minimal(def(wStep.type), parentPath, wStep);
    let holder = ancestor.body;
    let path = ancestor.path;
    let made: Made | undefined;
    for (const step of chain.slice(w + 1)) {
      const m = minimal(def(step.type), path, step);
      const child = step.child;
      if (!child) throw new Error('a nested step is a child');
      holder[child.attribute] = child.wrapper ? { [child.element]: [m.body] } : [m.body];
      holder = m.body;
      path = m.path;
      made = m;
    }
    if (!made) throw new Error(`${name} is not below its writable ancestor`);
    const target = made;
    const type = def(name);

    // Direct PUT of the type itself is refused, before and after it exists.
    const before = await c.put(`${V}${target.path}`, target.body);
    expect(before.status).toBe(404);
    expect(before.body).toEqual(err3006('PUT', target.path));

    await put(c, ancestor.path, ancestor.body);
    const resourceVersion = await checkStored(c, type, target);

    const again = await c.put(`${V}${target.path}`, { ...target.body, 'resource-version': resourceVersion });
    expect(again.status).toBe(404);
    expect(again.body).toEqual(err3006('PUT', target.path));
    const patch = await c.patch(`${V}${target.path}`, {});
    expect(patch.status).toBe(404);
    expect(patch.body).toEqual(err3006('MERGE_PATCH', target.path));
    const del = await c.delete(`${V}${target.path}?resource-version=${encodeURIComponent(resourceVersion)}`);
    expect(del.status).toBe(404);
    expect(del.body).toEqual(err3006('DELETE', target.path));
    expect((await c.get(`${V}${target.path}`)).status).toBe(200);

    // Deleting the writable ancestor takes the nested objects with it.
    const ancestorRv = String((await c.get(`${V}${ancestor.path}`)).body['resource-version']);
    const d = await c.delete(`${V}${ancestor.path}?resource-version=${encodeURIComponent(ancestorRv)}`);
    expect(d.status, `DELETE ${ancestor.path} → ${JSON.stringify(d.body)}`).toBe(204);
    expect((await c.get(`${V}${target.path}`)).status).toBe(404);
    expect((await c.get(`${V}${ancestor.path}`)).status).toBe(404);
  });
});
