/**
 * The change events' outbox after commit: numbering pending events (the sequencer), reading them by
 * sequence (the change feed, the Kafka relay), pruning the retained range, and the relay's lease
 * and cursor. Write transactions add events as pending (graph-tx.ts, Q.recordEvents); numbering
 * happens afterwards, under the lock of one counter node, so that an event becomes visible with a
 * number only after every event numbered before it: a reader that has seen N never later finds an
 * event below N (numbering at write time would give numbers in the order transactions wrote, not
 * the order they committed).
 */
import { int, type Driver } from 'neo4j-driver';
import type { SequencedEvent } from '../domain/events/aai-event.js';
import type { EventStorePort } from '../domain/ports.js';
import type { OutboxEvent } from '../domain/model.js';
import { mapDriverError } from './errors.js';
import { EVENT_LABEL, EVENT_STATE_LABEL, PENDING_EVENT_LABEL } from './migrations.js';

const STATE = (name: string): string => `MATCH (s:${EVENT_STATE_LABEL} {name: ${name}})`;

/** Events per outbox record: a transaction's events are one record, or several of at most this many. */
export const EVENTS_PER_RECORD = 100;

/**
 * An outbox record: a transaction's events (or up to EVENTS_PER_RECORD of them) in one node, the
 * per-event fields as parallel lists. One node per transaction, not one per event: the outbox costs
 * a transaction one more node, however many objects it changed. Numbered, a record holds the events
 * `seq` to `last`.
 */
export function outboxRecords(events: readonly OutboxEvent[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < events.length; i += EVENTS_PER_RECORD) {
    const part = events.slice(i, i + EVENTS_PER_RECORD);
    const first = part[0];
    if (!first) break;
    out.push({
      key: first.key,
      transactionId: first.transactionId,
      sourceName: first.sourceName,
      ts: int(first.ts),
      count: int(part.length),
      actions: part.map((e) => e.action),
      uris: part.map((e) => e.uri),
      types: part.map((e) => e.type),
      topTypes: part.map((e) => e.topType),
      topUris: part.map((e) => e.topUri),
      entities: part.map((e) => e.entity),
      deltas: part.map((e) => e.delta),
    });
  }
  return out;
}

/**
 * State nodes are read only after their lock is held, in a statement of its own: a statement that
 * reads a property and then waits for the lock keeps the value it read before the wait (setting
 * `s.seq = s.seq` that way wrote back a stale counter, and numbers were given twice).
 */
export const EQ = {
  lock: `MERGE (s:${EVENT_STATE_LABEL} {name: $name}) ON CREATE SET s += $init SET s.lockedAt = timestamp()`,
  // The counter, or a higher number already given (a seek on the records' last-number index, past the counter).
  counter: `${STATE("'sequence'")} OPTIONAL MATCH (r:${EVENT_LABEL}) WHERE r.last > s.seq WITH s, max(r.last) AS given RETURN coalesce(given, s.seq) AS seq`,
  pending: `MATCH (r:${PENDING_EVENT_LABEL}) RETURN elementId(r) AS id, r.count AS n ORDER BY r.key LIMIT $batch`,
  number: `UNWIND $rows AS row MATCH (r:${PENDING_EVENT_LABEL}) WHERE elementId(r) = row.id
    SET r.seq = row.seq, r.last = row.last REMOVE r:${PENDING_EVENT_LABEL}`,
  setCounter: `${STATE("'sequence'")} SET s.seq = $last`,
  head: `${STATE("'sequence'")} RETURN s.seq AS seq, s.pruned AS pruned`,
  // A range seek on the records' last-number index; `upto` bounds the numbers a filtered read looks at.
  read: `MATCH (r:${EVENT_LABEL}) WHERE r.last > $after AND r.seq <= $upto RETURN r{.*} AS r ORDER BY r.last LIMIT $records`,
  oldest: `MATCH (r:${EVENT_LABEL}) WHERE r.last > $after RETURN r.last AS last, r.ts AS ts ORDER BY r.last LIMIT $limit`,
  prune: `MATCH (r:${EVENT_LABEL}) WHERE r.last > $after AND r.last <= $upto DETACH DELETE r`,
  setPruned: `${STATE("'sequence'")} SET s.pruned = $upto`,
  // The relay's lease, on Neo4j's clock (instances' clocks may differ): taken when free, lapsed or already held.
  takeLease: `${STATE('$name')} WHERE s.holder IS NULL OR s.holder = $holder OR s.until < timestamp()
    SET s.holder = $holder, s.until = timestamp() + $ttl RETURN s.cursor AS cursor`,
  advance: `${STATE('$name')} WHERE s.holder = $holder AND s.until >= timestamp()
    SET s.cursor = $cursor, s.until = timestamp() + $ttl RETURN s.cursor AS cursor`,
  release: `${STATE('$name')} WHERE s.holder = $holder SET s.holder = null, s.until = 0`,
};

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** A numbered record's events, each with its sequence number. */
function eventsOf(r: Record<string, unknown>): SequencedEvent[] {
  const list = (k: string): string[] => (Array.isArray(r[k]) ? (r[k] as unknown[]).map(String) : []);
  const [actions, uris, types, topTypes, topUris, entities, deltas] = ['actions', 'uris', 'types', 'topTypes', 'topUris', 'entities', 'deltas'].map(list);
  const first = num(r['seq']);
  return (uris ?? []).map((uri, i) => ({
    sequence: first + i,
    key: String(r['key'] ?? ''),
    transactionId: String(r['transactionId'] ?? ''),
    sourceName: String(r['sourceName'] ?? ''),
    ts: num(r['ts']),
    action: (actions?.[i] ?? 'UPDATE') as OutboxEvent['action'],
    uri,
    type: types?.[i] ?? '',
    topType: topTypes?.[i] ?? '',
    topUri: topUris?.[i] ?? '',
    entity: entities?.[i] ?? '{}',
    delta: deltas?.[i] ?? '{}',
  }));
}

/** Records a read looks at, at most (a filtered read's page then ends at the last of them). */
const READ_RECORDS = 200;

export function createEventStore(driver: Driver, database: string): EventStorePort {
  async function inTx<T>(access: 'READ' | 'WRITE', work: (run: (q: string, p?: Record<string, unknown>) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
    const session = driver.session({ database, defaultAccessMode: access });
    try {
      const tx = session.beginTransaction();
      try {
        const value = await work(async (q, p) => (await tx.run(q, p)).records.map((r) => r.toObject()));
        await tx.commit();
        return value;
      } catch (e) {
        if (tx.isOpen()) await tx.rollback().catch(() => undefined);
        throw e;
      }
    } catch (e) {
      throw mapDriverError(e);
    } finally {
      await session.close();
    }
  }

  return {
    sequence: (batch) =>
      inTx('WRITE', async (run) => {
        await run(EQ.lock, { name: 'sequence', init: { seq: int(0), pruned: int(0) } });
        const base = num((await run(EQ.counter))[0]?.['seq']);
        const pending = await run(EQ.pending, { batch: int(batch) });
        if (pending.length === 0) return 0;
        let next = base;
        const rows = pending.map((p) => {
          const row = { id: p['id'], seq: int(next + 1), last: int(next + num(p['n'])) };
          next += num(p['n']);
          return row;
        });
        await run(EQ.number, { rows });
        await run(EQ.setCounter, { last: int(next) });
        return next - base;
      }),
    head: () =>
      inTx('READ', async (run) => {
        const row = (await run(EQ.head))[0];
        return { sequence: num(row?.['seq']), pruned: num(row?.['pruned']) };
      }),
    read: (after, limit, scan, types) =>
      inTx('READ', async (run) => {
        const upto = after + scan;
        const records = await run(EQ.read, { after: int(after), upto: int(upto), records: int(Math.min(READ_RECORDS, limit)) });
        const wanted = types && types.length > 0 ? new Set(types) : undefined;
        const events: SequencedEvent[] = [];
        let scannedTo = upto;
        for (const row of records) {
          for (const e of eventsOf(row['r'] as Record<string, unknown>)) {
            if (e.sequence <= after || e.sequence > upto) continue;
            if (wanted && !wanted.has(e.type)) continue;
            events.push(e);
            if (events.length === limit) return { events, scannedTo: e.sequence };
          }
        }
        // Fewer records than asked for: everything up to `upto` was seen; else up to the last record's end.
        if (records.length === Math.min(READ_RECORDS, limit)) scannedTo = Math.min(upto, num((records[records.length - 1]?.['r'] as Record<string, unknown> | undefined)?.['last']));
        return { events, scannedTo };
      }),
    prune: (beforeTs, batch) =>
      inTx('WRITE', async (run) => {
        await run(EQ.lock, { name: 'sequence', init: { seq: int(0), pruned: int(0) } });
        const head = await run(EQ.head);
        const after = num(head[0]?.['pruned']);
        // Oldest first, by sequence: the retained range stays one interval (a cursor is either in it or before it).
        const rows = await run(EQ.oldest, { after: int(after), limit: int(batch) });
        let upto = after;
        for (const r of rows) {
          if (num(r['ts']) >= beforeTs) break;
          upto = num(r['last']);
        }
        if (upto === after) return 0;
        await run(EQ.prune, { after: int(after), upto: int(upto) });
        await run(EQ.setPruned, { upto: int(upto) });
        return upto - after;
      }),
    takeLease: (name, holder, ttlMs, start) =>
      inTx('WRITE', async (run) => {
        await run(EQ.lock, { name, init: { cursor: int(start) } });
        const row = (await run(EQ.takeLease, { name, holder, ttl: int(ttlMs), start: int(start) }))[0];
        return row === undefined ? undefined : num(row['cursor']);
      }),
    advance: (name, holder, ttlMs, cursor) =>
      inTx('WRITE', async (run) => {
        await run(EQ.lock, { name, init: { cursor: int(cursor) } });
        return (await run(EQ.advance, { name, holder, ttl: int(ttlMs), cursor: int(cursor) })).length > 0;
      }),
    release: (name, holder) => inTx('WRITE', async (run) => void (await run(EQ.release, { name, holder }))),
  };
}
