/**
 * Change events (issue "Change events"): the outbox every write path fills in its own transaction,
 * the AAI-EVENT bodies (A&AI's aai-core payloads/expected/aai-event.json shape, UEBNotification's
 * header, EntityConverter's wrapping of a child in its ancestors, NotificationService's events on
 * both sides of a relationship change), the delta form, the change feed (cursor, paging, filters,
 * long poll, retention), and the Kafka relay on a real broker (a lease, at least once, resumes after
 * SIGKILL). One file, run in order: the retention case prunes the shared outbox, last.
 */
import { randomUUID } from 'node:crypto';
import { Consumer, MessagesStreamModes, stringDeserializers, type Message } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaRelay, type PublishedBatch } from '../../src/domain/events/kafka-relay.js';
import { createKafkaPublisher } from '../../src/kafka/publisher.js';
import { createLogger } from '../../src/logger.js';
import { createEventStore } from '../../src/store/event-store.js';
import { createApp } from '../../src/app.js';
import { JobWorker } from '../../src/domain/jobs/job-worker.js';
import { client, testApp, testConfig, testDeps, testSequencer } from '../helpers/app.js';
import { bootstrapBrokers, useKafka, type TestKafka } from '../helpers/kafka.js';
import { testDriver, uid } from '../helpers/neo4j.js';
import { httpJson, startServiceProcess, type ServiceProcess } from '../helpers/service.js';
import { until } from '../helpers/wait.js';

interface AaiEvent {
  'cambria.partition': string;
  'event-header': Record<string, string>;
  entity?: Record<string, unknown>;
  entities?: Record<string, unknown>[];
  sequence: number;
}

const c = client(testApp());
const TIMESTAMP = /^\d{8}-\d{2}:\d{2}:\d{2}:\d{3}$/;
/** A&AI's NotificationEvent.EventHeader property order. */
const HEADER_ORDER = ['id', 'timestamp', 'source-name', 'domain', 'sequence-number', 'severity', 'event-type', 'version', 'action', 'entity-type', 'top-entity-type', 'entity-link'];

const outbox = createEventStore(testDriver(), testConfig().neo4j.database);

/**
 * The feed's head once every event committed so far is numbered (numbering follows the commit:
 * without this, a test's own setup writes could be numbered after the head it reads).
 */
async function head(): Promise<number> {
  await outbox.sequence(100_000);
  const res = await c.get('/aai/v15/events/head');
  expect(res.status).toBe(200);
  return res.body.sequence as number;
}

/** Every event after `after` up to the head now, page by page (limit 1000). */
async function feedFrom(after: number, query = ''): Promise<{ events: AaiEvent[]; next: number }> {
  const events: AaiEvent[] = [];
  let cursor = after;
  const until = await head();
  for (;;) {
    const res = await c.get(`/aai/v15/events?after=${cursor}&limit=1000${query}`);
    expect(res.status).toBe(200);
    events.push(...(res.body.events as AaiEvent[]));
    if (res.body.next === cursor || res.body.next >= until) return { events, next: res.body.next as number };
    cursor = res.body.next as number;
  }
}

/** The events after `after` whose entity-link names `id`, once there are `want` of them. */
async function eventsOf(after: number, id: string, want: number, query = ''): Promise<AaiEvent[]> {
  return until(
    `${want} events of ${id}`,
    async () => (await feedFrom(after, query)).events.filter((e) => e['event-header']['entity-link']?.includes(id)),
    (v) => v.length >= want,
    20_000,
  );
}

/**
 * Events of `id` after `after`, once a later marker object's event is in the feed: what a write
 * left behind, knowing nothing is still on its way (the marker committed after it).
 */
async function settledEventsOf(after: number, id: string): Promise<AaiEvent[]> {
  const marker = uid('marker');
  expect((await c.put(`/aai/v15/network/pnfs/pnf/${marker}`, { 'pnf-name': marker })).status).toBe(201);
  await eventsOf(after, marker, 1);
  return (await feedFrom(after)).events.filter((e) => e['event-header']['entity-link']?.includes(id));
}

const expectHeader = (e: AaiEvent, want: Record<string, string>): void => {
  expect(Object.keys(e['event-header'])).toEqual(HEADER_ORDER);
  expect(e['event-header']).toEqual({
    id: expect.any(String),
    timestamp: expect.stringMatching(TIMESTAMP),
    'source-name': 'test-app',
    domain: 'dev',
    'sequence-number': String(e.sequence),
    severity: 'NORMAL',
    'event-type': 'AAI-EVENT',
    version: 'v15',
    ...want,
  });
  expect(e['cambria.partition']).toBe('AAI');
};

async function getBody(path: string): Promise<Record<string, unknown>> {
  const res = await c.get(`/aai/v15${path}`);
  expect(res.status).toBe(200);
  return res.body as Record<string, unknown>;
}

describe('AAI-EVENT bodies', () => {
  it('a create: one CREATE event whose entity is what a GET answers, with A&AI\'s header', async () => {
    const before = await head();
    const p = uid('ev-pnf');
    const tx = `tx-${randomUUID()}`;
    expect((await c.put(`/aai/v15/network/pnfs/pnf/${p}`, { 'pnf-name': p, 'equip-type': 'router' }).set('X-TransactionId', tx)).status).toBe(201);
    const [e, ...more] = await eventsOf(before, p, 1);
    expect(more).toEqual([]);
    expect(e).toBeDefined();
    if (!e) return;
    expectHeader(e, { id: tx, action: 'CREATE', 'entity-type': 'pnf', 'top-entity-type': 'pnf', 'entity-link': `/aai/v15/network/pnfs/pnf/${p}` });
    expect(e.entity).toEqual(await getBody(`/network/pnfs/pnf/${p}`));
    expect(Object.keys(e)).toEqual(['cambria.partition', 'event-header', 'entity', 'sequence']);
    expect(e.sequence).toBeGreaterThan(before);
  });

  it('an update: UPDATE with the new state; the delta form gives old and new values', async () => {
    const p = uid('ev-upd');
    expect((await c.put(`/aai/v15/network/pnfs/pnf/${p}`, { 'pnf-name': p, 'equip-type': 'router' })).status).toBe(201);
    const old = await getBody(`/network/pnfs/pnf/${p}`);
    const before = await head();
    expect((await c.patch(`/aai/v15/network/pnfs/pnf/${p}`, { 'equip-type': 'switch', 'serial-number': 'sn-1' })).status).toBe(200);
    const [e] = await eventsOf(before, p, 1);
    if (!e) throw new Error('no event');
    expectHeader(e, { id: 'test-tx', action: 'UPDATE', 'entity-type': 'pnf', 'top-entity-type': 'pnf', 'entity-link': `/aai/v15/network/pnfs/pnf/${p}` });
    const now = await getBody(`/network/pnfs/pnf/${p}`);
    expect(e.entity).toEqual(now);

    const [d] = await eventsOf(before, p, 1, '&format=delta');
    if (!d) throw new Error('no delta event');
    expect(d['cambria.partition']).toBe('DELTA');
    expect(d['event-header']['event-type']).toBe('DELTA');
    expect(d.sequence).toBe(e.sequence);
    const [delta] = d.entities ?? [];
    expect(delta).toMatchObject({ uri: `/network/pnfs/pnf/${p}`, action: 'UPDATE', 'source-of-truth': 'test-app', 'relationship-deltas': [] });
    const props = (delta?.['property-deltas'] ?? {}) as Record<string, unknown>;
    expect(props['equip-type']).toEqual({ action: 'UPDATE', value: 'switch', 'old-value': 'router' });
    expect(props['serial-number']).toEqual({ action: 'CREATE', value: 'sn-1' });
    expect(props['resource-version']).toEqual({ action: 'UPDATE', value: now['resource-version'], 'old-value': old['resource-version'] });
    expect(props['aai-node-type']).toEqual({ action: 'STATIC', value: 'pnf' });
    expect(d['event-header']['entity-uuid']).toEqual((props['aai-uuid'] as { value: string }).value);
  });

  it('a child object: its entity is wrapped in its ancestors up to the top entity, each with its keys and name properties', async () => {
    const owner = uid('ev-own');
    const region = 'r1';
    const tenant = uid('ten');
    const vs = uid('vs');
    const base = `/cloud-infrastructure/cloud-regions/cloud-region/${owner}/${region}`;
    expect((await c.put(`/aai/v15${base}`, { 'cloud-owner': owner, 'cloud-region-id': region, 'owner-defined-type': 'lcp' })).status).toBe(201);
    expect((await c.put(`/aai/v15${base}/tenants/tenant/${tenant}`, { 'tenant-id': tenant, 'tenant-name': 'tenant one' })).status).toBe(201);
    const before = await head();
    const vsUri = `${base}/tenants/tenant/${tenant}/vservers/vserver/${vs}`;
    expect((await c.put(`/aai/v15${vsUri}`, { 'vserver-id': vs, 'vserver-name': 'vm one', 'vserver-selflink': 'x', 'in-maint': false, 'is-closed-loop-disabled': false })).status).toBe(201);
    const [e, ...more] = await eventsOf(before, vs, 1);
    expect(more).toEqual([]);
    if (!e) throw new Error('no event');
    expectHeader(e, { id: 'test-tx', action: 'CREATE', 'entity-type': 'vserver', 'top-entity-type': 'cloud-region', 'entity-link': `/aai/v15${vsUri}` });
    expect(e.entity).toEqual({
      'cloud-owner': owner,
      'cloud-region-id': region,
      'owner-defined-type': 'lcp',
      tenants: { tenant: [{ 'tenant-id': tenant, 'tenant-name': 'tenant one', vservers: { vserver: [await getBody(vsUri)] } }] },
    });
  });

  it('a relationship change: an UPDATE event on both sides, each with its relationship-list', async () => {
    const vnf = uid('ev-vnf');
    const host = uid('ev-host');
    expect((await c.put(`/aai/v15/network/generic-vnfs/generic-vnf/${vnf}`, { 'vnf-id': vnf, 'vnf-name': `name-${vnf}`, 'vnf-type': 't', 'is-closed-loop-disabled': false, 'in-maint': false })).status).toBe(201);
    expect((await c.put(`/aai/v15/cloud-infrastructure/pservers/pserver/${host}`, { hostname: host, 'in-maint': false })).status).toBe(201);
    const before = await head();
    const rel = { 'related-to': 'pserver', 'related-link': `/aai/v15/cloud-infrastructure/pservers/pserver/${host}` };
    expect((await c.put(`/aai/v15/network/generic-vnfs/generic-vnf/${vnf}/relationship-list/relationship`, rel)).status).toBe(200);
    const ofVnf = await eventsOf(before, vnf, 1);
    const ofHost = await eventsOf(before, host, 1);
    expect([ofVnf.length, ofHost.length], JSON.stringify([...ofVnf, ...ofHost].map((e) => e['event-header']))).toEqual([1, 1]);
    const [ev, eh] = [ofVnf[0], ofHost[0]];
    if (!ev || !eh) throw new Error('missing events');
    expectHeader(ev, { id: 'test-tx', action: 'UPDATE', 'entity-type': 'generic-vnf', 'top-entity-type': 'generic-vnf', 'entity-link': `/aai/v15/network/generic-vnfs/generic-vnf/${vnf}` });
    expectHeader(eh, { id: 'test-tx', action: 'UPDATE', 'entity-type': 'pserver', 'top-entity-type': 'pserver', 'entity-link': `/aai/v15/cloud-infrastructure/pservers/pserver/${host}` });
    const vnfNow = await getBody(`/network/generic-vnfs/generic-vnf/${vnf}`);
    const hostNow = await getBody(`/cloud-infrastructure/pservers/pserver/${host}`);
    expect(ev.entity).toEqual(vnfNow);
    expect(eh.entity).toEqual(hostNow);
    // The host's side names the vnf, with its name property (related-to-property), as a GET does.
    expect(JSON.stringify(eh.entity)).toContain(`name-${vnf}`);
    expect((vnfNow['relationship-list'] as { relationship: unknown[] }).relationship).toHaveLength(1);
    // The delta on each side lists the new edge, with both ends' uuids.
    const deltas = await eventsOf(before, vnf, 1, '&format=delta');
    const rd = (deltas[0]?.entities?.[0]?.['relationship-deltas'] ?? []) as Record<string, unknown>[];
    expect(rd).toHaveLength(1);
    expect(rd[0]).toMatchObject({ action: 'CREATE', label: 'tosca.relationships.HostedOn', 'out-v-uri': `/network/generic-vnfs/generic-vnf/${vnf}`, 'in-v-uri': `/cloud-infrastructure/pservers/pserver/${host}` });
    expect(rd[0]?.['in-v-uuid']).toEqual(expect.any(String));
    expect(rd[0]?.['out-v-uuid']).toEqual(expect.any(String));
  });

  it('a delete: DELETE events for the object and each descendant, with their state before the delete', async () => {
    const p = uid('ev-del');
    expect((await c.put(`/aai/v15/network/pnfs/pnf/${p}`, { 'pnf-name': p, 'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0' }, { 'interface-name': 'eth1' }] } })).status).toBe(201);
    const pnfBefore = await getBody(`/network/pnfs/pnf/${p}`);
    const eth0 = await getBody(`/network/pnfs/pnf/${p}/p-interfaces/p-interface/eth0`);
    const before = await head();
    expect((await c.delete(`/aai/v15/network/pnfs/pnf/${p}?resource-version=${String(pnfBefore['resource-version'])}`)).status).toBe(204);
    const events = await eventsOf(before, p, 3);
    expect(events.map((e) => [e['event-header']['action'], e['event-header']['entity-type']]).sort()).toEqual([
      ['DELETE', 'p-interface'],
      ['DELETE', 'p-interface'],
      ['DELETE', 'pnf'],
    ]);
    const ofPnf = events.find((e) => e['event-header']['entity-type'] === 'pnf');
    expect(ofPnf?.entity).toEqual(pnfBefore);
    const ofEth0 = events.find((e) => e['event-header']['entity-link']?.endsWith('/eth0'));
    expect(ofEth0?.entity).toEqual({ 'pnf-name': p, 'p-interfaces': { 'p-interface': [eth0] } });
  });
});

describe('what gets no event', () => {
  it('a failed request, a dry run, and a rolled-back A&AI transaction record nothing', async () => {
    const before = await head();
    const missing = uid('ev-none');
    // A child of a parent that does not exist: 404.
    expect((await c.put(`/aai/v15/network/pnfs/pnf/${missing}/p-interfaces/p-interface/eth0`, { 'interface-name': 'eth0' })).status).toBe(404);
    // A dry run: every answer as if for real, then rolled back.
    const dry = await c.put('/aai/v15/bulkadd?dry-run=true', { transactions: [{ put: [{ uri: `/network/pnfs/pnf/${missing}-dry`, body: { 'pnf-name': `${missing}-dry` } }] }] });
    expect(dry.status).toBe(201);
    // A transaction with one failing put: its other put is rolled back with it.
    const failing = await c.put('/aai/v15/bulkadd', {
      transactions: [{ put: [{ uri: `/network/pnfs/pnf/${missing}-tx`, body: { 'pnf-name': `${missing}-tx` } }, { uri: `/network/pnfs/pnf/${missing}-absent/p-interfaces/p-interface/e`, body: { 'interface-name': 'e' } }] }],
    });
    expect(failing.status).toBe(201);
    expect(await settledEventsOf(before, missing)).toEqual([]);
  });

  it('a bulkadd of transactions where some fail: events for the committed ones only, in transaction order', async () => {
    const id = uid('ev-bulk');
    const ok = (i: number) => ({ put: [{ uri: `/network/pnfs/pnf/${id}-${i}`, body: { 'pnf-name': `${id}-${i}` } }] });
    const bad = (i: number) => ({ put: [{ uri: `/network/pnfs/pnf/${id}-${i}`, body: { 'pnf-name': `${id}-${i}` } }, { uri: `/network/pnfs/pnf/${id}-gone-${i}/p-interfaces/p-interface/e`, body: { 'interface-name': 'e' } }] });
    const before = await head();
    const res = await c.put('/aai/v15/bulkadd', { transactions: [ok(1), bad(2), ok(3), ok(4), bad(5), ok(6)] });
    expect(res.status).toBe(201);
    const events = await settledEventsOf(before, id);
    expect(events.map((e) => e['event-header']['entity-link'])).toEqual([1, 3, 4, 6].map((i) => `/aai/v15/network/pnfs/pnf/${id}-${i}`));
    expect(events.every((e) => e['event-header']['action'] === 'CREATE')).toBe(true);
    const seqs = events.map((e) => e.sequence);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });
});

describe('every write path records its events', () => {
  it('bulkprocess (put, patch, delete), single-transaction and a job, each with its own X-TransactionId', async () => {
    const id = uid('ev-paths');
    const before = await head();
    const bp = await c.put('/aai/v15/bulkprocess', { transactions: [{ put: [{ uri: `/network/pnfs/pnf/${id}-bp`, body: { 'pnf-name': `${id}-bp` } }] }, { patch: [{ uri: `/network/pnfs/pnf/${id}-bp`, body: { 'equip-type': 'x' } }] }] }).set('X-TransactionId', `${id}-tx-bp`);
    expect(bp.status).toBe(201);
    const st = await c.post('/aai/v15/bulk/single-transaction', { operations: [{ action: 'put', uri: `/network/pnfs/pnf/${id}-st`, body: { 'pnf-name': `${id}-st` } }] }).set('X-TransactionId', `${id}-tx-st`);
    expect(st.status).toBe(201);
    // A job, run by a worker on a store that keeps the outbox (as the service's does).
    const deps = testDeps();
    const worker = new JobWorker(deps.store, deps.jobs, deps.schema, { ...deps.config.jobs, pollMs: 50, impliedDeleteWhitelist: {}, maxObjects: deps.config.budget.writeObjects }, createLogger('silent'));
    worker.start();
    try {
      const jc = client(createApp({ ...deps, notifyJobs: () => worker.notify() }));
      const job = await jc.post('/aai/v15/bulk/jobs', { transactions: [{ put: [{ uri: `/network/pnfs/pnf/${id}-job`, body: {} }] }] }).set('X-TransactionId', `${id}-tx-job`);
      expect(job.status).toBe(202);
      await until('the job', async () => (await jc.get(`/aai/v15/bulk/jobs/${String(job.body.id)}`)).body.status as string, (st) => st === 'completed');
    } finally {
      await worker.stop();
    }
    const found = await eventsOf(before, id, 3);
    // The bulkprocess request's transactions ran in one Neo4j transaction: the pnf it created and
    // then patched is one CREATE, with the state it was committed in.
    expect(found[0]?.entity).toMatchObject({ 'pnf-name': `${id}-bp`, 'equip-type': 'x' });
    expect(found.map((e) => [e['event-header']['entity-link']?.split('/').pop(), e['event-header']['action'], e['event-header']['id']])).toEqual([
      [`${id}-bp`, 'CREATE', `${id}-tx-bp`],
      [`${id}-st`, 'CREATE', `${id}-tx-st`],
      [`${id}-job`, 'CREATE', expect.any(String)],
    ]);
    const bpDelete = await c.put('/aai/v15/bulkprocess', { transactions: [{ delete: [{ uri: `/network/pnfs/pnf/${id}-st?resource-version=${String((await getBody(`/network/pnfs/pnf/${id}-st`))['resource-version'])}`, body: {} }] }] });
    expect(bpDelete.status).toBe(201);
    const deleted = await eventsOf(before, `${id}-st`, 2);
    expect(deleted.map((e) => e['event-header']['action'])).toEqual(['CREATE', 'DELETE']);
  });
});

describe('the change feed', () => {
  it('resumes from a cursor: pages of 2 give exactly the events one read gives, each once, numbered without gaps', async () => {
    const id = uid('ev-page');
    const before = await head();
    for (let i = 0; i < 5; i++) expect((await c.put(`/aai/v15/network/pnfs/pnf/${id}-${i}`, { 'pnf-name': `${id}-${i}` })).status).toBe(201);
    await eventsOf(before, id, 5);
    const whole = (await feedFrom(before)).events;
    const paged: AaiEvent[] = [];
    let cursor = before;
    const end = whole[whole.length - 1]?.sequence ?? before;
    while (cursor < end) {
      const res = await c.get(`/aai/v15/events?after=${cursor}&limit=2`);
      expect(res.status).toBe(200);
      expect(res.body.events.length).toBeLessThanOrEqual(2);
      paged.push(...(res.body.events as AaiEvent[]));
      expect(res.body.next).toBeGreaterThan(cursor);
      cursor = res.body.next as number;
    }
    // Other writers go on meanwhile: compare the range the whole read saw.
    expect(paged.filter((e) => e.sequence <= end).map((e) => e.sequence)).toEqual(whole.map((e) => e.sequence));
    expect(whole.map((e) => e.sequence)).toEqual(whole.map((_, i) => before + 1 + i));
  });

  it('sequencers racing (one per instance) never give a number twice: the counter ends at the highest number', async () => {
    const store = outbox;
    const id = uid('ev-race');
    const before = await head();
    const writes = Array.from({ length: 12 }, (_, i) => c.put(`/aai/v15/network/pnfs/pnf/${id}-${i}`, { 'pnf-name': `${id}-${i}` }));
    const racing = Array.from({ length: 6 }, async () => {
      for (let k = 0; k < 5; k++) await store.sequence(3);
    });
    await Promise.all([...writes.map(async (w) => expect((await w).status).toBe(201)), ...racing]);
    const numbered = await eventsOf(before, id, 12);
    expect(new Set(numbered.map((e) => e.sequence)).size).toBe(12);
    // Read in one transaction after taking the counter's lock: no numbering is half-committed then.
    const read = async (): Promise<number[]> => {
      const session = testDriver().session({ database: testConfig().neo4j.database });
      try {
        return await session.executeWrite(async (tx) => {
          await tx.run("MATCH (s:AaiEventState {name: 'sequence'}) SET s.lockedAt = timestamp()");
          const r = await tx.run("MATCH (s:AaiEventState {name: 'sequence'}) OPTIONAL MATCH (e:AaiEvent) WHERE e.seq >= s.seq WITH s, max(e.seq) AS top RETURN s.seq AS counter, top");
          return [Number(r.records[0]?.get('counter')), Number(r.records[0]?.get('top'))];
        });
      } finally {
        await session.close();
      }
    };
    const [counter, top] = await read();
    expect(counter).toBe(top);
  });

  it('filters by entity type, and moves the cursor past what it skipped', async () => {
    const p = uid('ev-type');
    const before = await head();
    expect((await c.put(`/aai/v15/network/pnfs/pnf/${p}`, { 'pnf-name': p, 'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0' }] } })).status).toBe(201);
    await eventsOf(before, p, 2);
    const res = await c.get(`/aai/v15/events?after=${before}&type=p-interface&limit=1000`);
    expect(res.status).toBe(200);
    const types = new Set((res.body.events as AaiEvent[]).map((e) => e['event-header']['entity-type']));
    expect([...types]).toEqual(['p-interface']);
    expect((res.body.events as AaiEvent[]).some((e) => e['event-header']['entity-link']?.includes(p))).toBe(true);
    expect(res.body.next).toBeGreaterThanOrEqual((await feedFrom(before)).events.find((e) => e['event-header']['entity-link']?.includes(p))?.sequence ?? Infinity);
  });

  it('long poll: a request at the head waits for the next event and answers with it', async () => {
    const at = await head();
    const p = uid('ev-poll');
    const started = Date.now();
    const poll = c.get(`/aai/v15/events?after=${at}&wait=20000&limit=1000`).then((r) => r);
    // The poll is waiting (no answer yet) while nothing is written by this test.
    expect((await c.put(`/aai/v15/network/pnfs/pnf/${p}`, { 'pnf-name': p })).status).toBe(201);
    const res = await poll;
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(res.body.events.length).toBeGreaterThan(0);
    expect(res.body.next).toBeGreaterThan(at);
  });

  it('a long poll with nothing new answers an empty page with the same cursor when its wait ends', async () => {
    const at = await head();
    const res = await c.get(`/aai/v15/events?after=${at}&wait=300&type=nos-server`);
    expect(res.status).toBe(200);
    expect(res.body.events.filter((e: AaiEvent) => e['event-header']['entity-type'] !== 'nos-server')).toEqual([]);
    expect(res.body.next).toBeGreaterThanOrEqual(at);
  });

  it.each([
    ['after=-1', 'after must be an integer'],
    ['limit=0', 'limit must be an integer from 1 to 1000'],
    ['limit=1001', 'limit must be an integer from 1 to 1000'],
    ['wait=30001', 'wait must be an integer from 0 to 30000'],
    ['format=xml', 'format must be one of event, delta'],
    ['type=no-such-type', 'is not a node type of v15'],
  ])('refuses %s with 400 AAI_3000', async (query, text) => {
    const res = await c.get(`/aai/v15/events?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.messageId).toBe('SVC3000');
    expect(JSON.stringify(res.body)).toContain(text);
  });

  it('refuses a cursor beyond the newest event (another inventory\'s) with 400', async () => {
    const res = await c.get(`/aai/v15/events?after=${(await head()) + 1_000_000}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('beyond the newest event');
  });

  it('answers another method with A&AI\'s 400 AAI_3012', async () => {
    const res = await c.post('/aai/v15/events', {});
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.messageId).toBe('SVC3012');
  });
});

describe('the Kafka relay', () => {
  let kafka: TestKafka;
  let brokers: string[];
  const closers: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    kafka = await useKafka();
    brokers = bootstrapBrokers(kafka.brokers);
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await kafka?.stop();
  });

  /** Every message of the topic, read from the beginning until `done` holds. */
  async function consume(topic: string, done: (got: Message<string, string, string, string>[]) => boolean): Promise<Message<string, string, string, string>[]> {
    const consumer = new Consumer({ clientId: 'aai-events-test', groupId: `aai-events-test-${randomUUID()}`, bootstrapBrokers: brokers, deserializers: stringDeserializers, maxWaitTime: 300 });
    closers.push(() => consumer.close());
    const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: false });
    const got: Message<string, string, string, string>[] = [];
    stream.on('data', (m) => got.push(m));
    await until(`messages of ${topic}`, async () => got.length, () => done(got), 60_000);
    await stream.close();
    return got;
  }

  function relay(topic: string, leaseMs = 10_000): KafkaRelay {
    const config = testConfig();
    const { sequencer } = testSequencer(config);
    const r = new KafkaRelay(
      createEventStore(testDriver(), config.neo4j.database),
      sequencer,
      createKafkaPublisher({ brokers, topic, clientId: 'aai-events-test' }),
      { topic, leaseMs, start: 'latest', batch: 50, version: 'v15', domain: 'dev' },
      createLogger('silent'),
    );
    closers.push(() => r.stop());
    return r;
  }

  it('publishes each event once the relay holds its lease: keyed by the top entity, the AAI-EVENT as value, the sequence as header; two relays never publish at once', async () => {
    const topic = `aai-events-${randomUUID()}`;
    const [a, b] = [relay(topic), relay(topic)];
    const batches: PublishedBatch[] = [];
    a.onPublished = (x) => batches.push(x);
    b.onPublished = (x) => batches.push(x);
    a.start();
    b.start();
    // Wait until one of them holds the lease (its cursor starts at the head then: KAFKA_START=latest).
    await until('a relay lease', async () => (await testDriver().executeQuery('MATCH (s:AaiEventState {name: $n}) RETURN s.holder AS h', { n: `relay:${topic}` })).records[0]?.get('h') as string | undefined, (h) => typeof h === 'string');
    const id = uid('ev-kafka');
    const before = await head();
    for (let i = 0; i < 20; i++) expect((await c.put(`/aai/v15/network/pnfs/pnf/${id}-${i}`, { 'pnf-name': `${id}-${i}`, 'p-interfaces': { 'p-interface': [{ 'interface-name': 'eth0' }] } })).status).toBe(201);
    const feed = await eventsOf(before, id, 40);
    const got = await consume(topic, (msgs) => feed.every((e) => msgs.some((m) => m.headers.get('sequence') === String(e.sequence))));
    for (const e of feed) {
      const m = got.find((x) => x.headers.get('sequence') === String(e.sequence));
      const { sequence, ...aaiEvent } = e;
      expect(JSON.parse(m?.value ?? '{}')).toEqual(aaiEvent);
      expect(sequence).toBe(e.sequence);
      // Keyed by the top entity: a pnf and its p-interface share a key, hence a partition.
      expect(m?.key).toBe(`/aai/v15/network/pnfs/pnf/${String(e['event-header']['entity-link']).split('/')[6]}`);
    }
    // Per key, the messages come in sequence order (a batch published again after a takeover repeats, never reorders).
    for (const key of new Set(got.map((m) => m.key))) {
      const seqs = [...new Set(got.filter((m) => m.key === key).map((m) => Number(m.headers.get('sequence'))))];
      expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
    }
    // The lease: batches of different holders never overlap in time.
    const sorted = [...batches].sort((x, y) => x.startedAt - y.startedAt);
    for (let i = 1; i < sorted.length; i++) {
      const [p, q] = [sorted[i - 1], sorted[i]];
      if (p && q && p.holder !== q.holder) expect(q.startedAt).toBeGreaterThanOrEqual(p.endedAt);
    }
    expect(new Set(batches.map((x) => x.holder)).size).toBe(1);
    // The holder stops (hands its lease back): the other takes over and publishes what follows.
    const holder = batches[0]?.holder;
    const [stopping, other] = holder === a.holder ? [a, b] : [b, a];
    await stopping.stop();
    const later = uid('ev-kafka2');
    const before2 = await head();
    expect((await c.put(`/aai/v15/network/pnfs/pnf/${later}`, { 'pnf-name': later })).status).toBe(201);
    const [next] = await eventsOf(before2, later, 1);
    await until('the other relay publishes', async () => batches.filter((x) => x.holder === other.holder && next !== undefined && x.first <= next.sequence && x.last >= next.sequence).length, (n) => n > 0, 30_000);
  });

  it('the service SIGKILLed mid-stream and restarted: every event reaches Kafka at least once, and once deduplicated by sequence, each exactly once, in order per key', async () => {
    const topic = `aai-events-${randomUUID()}`;
    const env = { AUTH: 'off', KAFKA_BROKERS: kafka.brokers, KAFKA_TOPIC: topic, KAFKA_START: 'latest', KAFKA_LEASE: '2s', KAFKA_BATCH: '10' };
    let service: ServiceProcess = await startServiceProcess(env);
    closers.push(() => service.kill('SIGKILL'));
    await until('the relay lease', async () => (await testDriver().executeQuery('MATCH (s:AaiEventState {name: $n}) RETURN s.holder AS h', { n: `relay:${topic}` })).records[0]?.get('h') as string | undefined, (h) => typeof h === 'string');
    const id = uid('ev-kill');
    const before = await head();
    const write = async (i: number): Promise<void> => {
      const res = await httpJson('PUT', `${service.url}/aai/v15/network/pnfs/pnf/${id}-${i}`, { 'pnf-name': `${id}-${i}` });
      expect(res.status).toBe(201);
    };
    for (let i = 0; i < 30; i++) await write(i);
    // Killed while the relay has events to publish, then started again on the same Neo4j and topic.
    await service.kill('SIGKILL');
    service = await startServiceProcess(env);
    for (let i = 30; i < 60; i++) await write(i);
    const feed = await eventsOf(before, id, 60);
    const got = await consume(topic, (msgs) => feed.every((e) => msgs.some((m) => m.headers.get('sequence') === String(e.sequence))));
    const seen = new Map<number, Message<string, string, string, string>>();
    for (const m of got) {
      const seq = Number(m.headers.get('sequence'));
      const first = seen.get(seq);
      // A duplicate (published again after the kill) is the same message.
      if (first) expect(m.value).toBe(first.value);
      else seen.set(seq, m);
    }
    for (const e of feed) expect(seen.has(e.sequence)).toBe(true);
    for (const partition of new Set(got.map((m) => m.partition))) {
      const seqs = [...new Set(got.filter((m) => m.partition === partition).map((m) => Number(m.headers.get('sequence'))))];
      expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
    }
    // The restarted service's metrics: it holds the relay's lease, numbered events and published them.
    const metric = (text: string, name: string): number => Number(new RegExp(`^${name.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    const scrape = async (): Promise<string> => String((await httpJson('GET', `${service.url}/metrics`)).body);
    const text = await until('the relay in the metrics', scrape, (t) => metric(t, 'aai_events_relay_lease') === 1 && metric(t, 'aai_events_total{stage="published",outcome="ok"}') > 0);
    expect(metric(text, 'aai_events_total{stage="numbered",outcome="ok"}')).toBeGreaterThan(0);
    await service.kill('SIGTERM');
  });
});

describe('retention', () => {
  it('a cursor before the retained events answers 410 AAI_3040, telling the consumer to resynchronise', async () => {
    const p = uid('ev-old');
    const before = await head();
    expect((await c.put(`/aai/v15/network/pnfs/pnf/${p}`, { 'pnf-name': p })).status).toBe(201);
    const [e] = await eventsOf(before, p, 1);
    if (!e) throw new Error('no event');
    const store = createEventStore(testDriver(), testConfig().neo4j.database);
    // Retention of 0: everything written until now goes.
    while ((await store.prune(Date.now() + 1, 10_000)) > 0);
    const h = await c.get('/aai/v15/events/head');
    expect(h.body.oldest).toBeGreaterThanOrEqual(e.sequence);
    const res = await c.get(`/aai/v15/events?after=${before}`);
    expect(res.status).toBe(410);
    expect(res.body.requestError.serviceException.messageId).toBe('SVC3040');
    expect(JSON.stringify(res.body)).toContain('read the inventory again');
    // From the oldest retained cursor (or with no cursor) the feed answers again.
    expect((await c.get(`/aai/v15/events?after=${h.body.oldest}`)).status).toBe(200);
    expect((await c.get('/aai/v15/events')).status).toBe(200);
  });
});
