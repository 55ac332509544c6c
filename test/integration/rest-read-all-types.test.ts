/**
 * Every v15 node type (115), generated from schema/v15/node-types.json, read every way
 * A&AI's clients read it: by its URI with each query format; through the nodes API by its keys, by
 * its plural with a key filter, and from its parent (`/nodes/{parent}/{keys}/{container}/…`); as a
 * member of its container (top-level or child container, filtered, and a filter that matches
 * nothing: 404); from its parent through `/related-to/{plural}` (A&AI follows every edge kind
 * there: URIParser.parseCousin uses EdgeType.ALL); and its relationship list (404 AAI_6149 when it
 * has none: HttpEntry.getRelationshipObjectFromDb).
 */
import { describe, expect, it, vi } from 'vitest';
import { client } from '../helpers/app.js';
import { BYPASS, V } from '../helpers/aai.js';
import { all, anyChains, def, minimal, writableChains, type Json, type Made, type Step } from '../helpers/node-types.js';

vi.setConfig({ maxConcurrency: 16 });

type Client = ReturnType<typeof client>;

const writable = all.filter((t) => def(t).allowDirectWrite);
const notWritable = all.filter((t) => !def(t).allowDirectWrite);

const keyPath = (type: string, keys: Json): string =>
  def(type)
    .keys.map((k) => encodeURIComponent(String(keys[k])))
    .join('/');
const stringKeyed = (type: string): boolean => def(type).keys.every((k) => def(type).properties[k]?.type === 'string');

async function get(c: Client, p: string): Promise<{ status: number; body: Json }> {
  const r = await c.get(`${V}${p}`);
  return { status: r.status, body: r.body as Json };
}

async function ok(c: Client, p: string): Promise<Json> {
  const r = await get(c, p);
  expect(r.status, `GET ${p} → ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
}

/** Read the last node of `made` (its chain of steps `chain`) every way; `body` is its plain GET. */
async function checkReads(c: Client, name: string, chain: readonly Step[], made: readonly Made[]): Promise<void> {
  const target = made[made.length - 1];
  const step = chain[chain.length - 1];
  if (!target || !step) throw new Error(`no chain for ${name}`);
  const parent = made[made.length - 2];
  const parentType = chain[chain.length - 2]?.type;
  const body = await ok(c, target.path);
  const keyFilter = def(name)
    .keys.map((k) => `${k}=${encodeURIComponent(String(target.keys[k]))}`)
    .join('&');

  // Formats on the node's own URI (HttpEntry: a format replaces the default body).
  expect(await ok(c, `${target.path}?format=count`)).toEqual({ results: [{ [name]: 1 }] });
  expect(await ok(c, `${target.path}?format=pathed`)).toEqual({ results: [{ 'resource-type': name, 'resource-link': `${V}${target.path}` }] });
  expect(await ok(c, `${target.path}?format=resource`)).toEqual({ results: [{ [name]: body }] });

  // The nodes API by keys (unique values per run), and from the parent.
  if (stringKeyed(name)) expect(await ok(c, `/nodes/${name}/${keyPath(name, target.keys)}`)).toEqual(body);
  if (parent && parentType && stringKeyed(parentType)) {
    expect(await ok(c, `/nodes/${parentType}/${keyPath(parentType, parent.keys)}/${step.segments.join('/')}/${keyPath(name, target.keys)}`)).toEqual(body);
  }

  // Its container: the top-level one, or the parent's child container (its only member here).
  const plural = step.child ? (step.child.wrapper ? step.child.path[0] : undefined) : step.segments[1];
  const element = step.child ? step.child.element : name;
  if (plural !== undefined) {
    const containerPath = parent ? `${parent.path}/${plural}` : `/${step.segments.slice(0, 2).join('/')}`;
    if (parent) expect(await ok(c, containerPath)).toEqual({ [element]: [body] });
    expect(await ok(c, `${containerPath}?${keyFilter}`)).toEqual({ [element]: [body] });
    const none = await get(c, `${containerPath}?${def(name).keys[0] ?? ''}=${stringKeyed(name) ? 'no-such-value' : '999999999'}`);
    expect(none.status).toBe(404);
    if (stringKeyed(name)) expect(await ok(c, `/nodes/${plural}?${keyFilter}`)).toEqual({ [element]: [body] });
    // related-to from the parent follows the parent–child edge too.
    if (parent) expect(await ok(c, `${parent.path}/related-to/${plural}`)).toEqual({ [element]: [body] });
  }

  // No relationships yet: the relationship list is 404.
  if (def(name).hasRelationshipList) {
    const rl = await get(c, `${target.path}/relationship-list`);
    expect(rl.status, JSON.stringify(rl.body)).toBe(404);
    expect(JSON.stringify(rl.body)).toContain('ERR.5.4.6149');
  }
}

async function remove(c: Client, m: Made): Promise<void> {
  const rv = (await ok(c, m.path))['resource-version'];
  const d = await c.delete(`${V}${m.path}?resource-version=${encodeURIComponent(String(rv ?? BYPASS))}`);
  expect(d.status, `DELETE ${m.path} → ${JSON.stringify(d.body)}`).toBe(204);
}

describe('every directly writable node type, read as the clients read it', () => {
  it.concurrent.each(writable)('%s', async (name) => {
    const c = client();
    const chain = writableChains.get(name) ?? [];
    const made: Made[] = [];
    for (const step of chain) {
      const m = minimal(def(step.type), made[made.length - 1]?.path ?? '', step);
      const r = await c.put(`${V}${m.path}`, m.body);
      expect(r.status, `PUT ${m.path} → ${JSON.stringify(r.body)}`).toBe(201);
      made.push(m);
    }
    await checkReads(c, name, chain, made);
    // Clean up, from the bottom of the chain up.
    for (const m of [...made].reverse()) await remove(c, m);
  });
});

describe('node types with allowDirectWrite=false, written inside their nearest writable ancestor, read the same ways', () => {
  it.concurrent.each(notWritable)('%s', async (name) => {
    const c = client();
    const chain = anyChains.get(name) ?? [];
    const w = chain.map((s) => def(s.type).allowDirectWrite).lastIndexOf(true);
    const made: Made[] = [];
    for (const step of chain.slice(0, w)) {
      const m = minimal(def(step.type), made[made.length - 1]?.path ?? '', step);
      expect((await c.put(`${V}${m.path}`, m.body)).status).toBe(201);
      made.push(m);
    }
    const wStep = chain[w];
    if (!wStep) throw new Error(`${name} has no writable ancestor`);
    const ancestor = minimal(def(wStep.type), made[made.length - 1]?.path ?? '', wStep);
    made.push(ancestor);
    let holder = ancestor.body;
    for (const step of chain.slice(w + 1)) {
      const m = minimal(def(step.type), made[made.length - 1]?.path ?? '', step);
      const child = step.child;
      if (!child) throw new Error('a nested step is a child');
      holder[child.attribute] = child.wrapper ? { [child.element]: [m.body] } : [m.body];
      holder = m.body;
      made.push(m);
    }
    const r = await c.put(`${V}${ancestor.path}`, ancestor.body);
    expect(r.status, `PUT ${ancestor.path} → ${JSON.stringify(r.body)}`).toBe(201);
    await checkReads(c, name, chain, made);
    for (const m of made.slice(0, w + 1).reverse()) await remove(c, m);
  });
});

describe('coverage', () => {
  it('reads all 115 v15 node types', () => {
    expect(writable.length + notWritable.length).toBe(115);
  });
});
