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

/**
 * State nodes are read only after their lock is held, in a statement of its own: a statement that
 * reads a property and then waits for the lock keeps the value it read before the wait (setting
 * `s.seq = s.seq` that way wrote back a stale counter, and numbers were given twice).
 */
export const EQ = {
  lock: `MERGE (s:${EVENT_STATE_LABEL} {name: $name}) ON CREATE SET s += $init SET s.lockedAt = timestamp()`,
  // The counter, or a higher number already given (a seek on the sequence index, past the counter).
  counter: `${STATE("'sequence'")} OPTIONAL MATCH (e:${EVENT_LABEL}) WHERE e.seq > s.seq WITH s, max(e.seq) AS given RETURN coalesce(given, s.seq) AS seq`,
  number: `MATCH (e:${PENDING_EVENT_LABEL}) WITH e ORDER BY e.key LIMIT $batch
    WITH collect(e) AS es UNWIND range(0, size(es) - 1) AS i WITH es[i] AS e, $base + i + 1 AS seq
    SET e.seq = seq REMOVE e:${PENDING_EVENT_LABEL} RETURN max(seq) AS last`,
  setCounter: `${STATE("'sequence'")} SET s.seq = $last`,
  head: `${STATE("'sequence'")} RETURN s.seq AS seq, s.pruned AS pruned`,
  // A range seek on the sequence's uniqueness index; `upto` bounds the rows a filtered read looks at.
  read: `MATCH (e:${EVENT_LABEL}) WHERE e.seq > $after AND e.seq <= $upto AND ($types IS NULL OR e.type IN $types)
    RETURN e{.*} AS e ORDER BY e.seq LIMIT $limit`,
  oldest: `MATCH (e:${EVENT_LABEL}) WHERE e.seq > $after RETURN e.seq AS seq, e.ts AS ts ORDER BY e.seq LIMIT $limit`,
  prune: `MATCH (e:${EVENT_LABEL}) WHERE e.seq > $after AND e.seq <= $upto DETACH DELETE e`,
  setPruned: `${STATE("'sequence'")} SET s.pruned = $upto`,
  // The relay's lease, on Neo4j's clock (instances' clocks may differ): taken when free, lapsed or already held.
  takeLease: `${STATE('$name')} WHERE s.holder IS NULL OR s.holder = $holder OR s.until < timestamp()
    SET s.holder = $holder, s.until = timestamp() + $ttl RETURN s.cursor AS cursor`,
  advance: `${STATE('$name')} WHERE s.holder = $holder AND s.until >= timestamp()
    SET s.cursor = $cursor, s.until = timestamp() + $ttl RETURN s.cursor AS cursor`,
  release: `${STATE('$name')} WHERE s.holder = $holder SET s.holder = null, s.until = 0`,
};

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

function toEvent(p: Record<string, unknown>): SequencedEvent {
  const s = (k: string): string => String(p[k] ?? '');
  return {
    sequence: num(p['seq']),
    key: s('key'),
    transactionId: s('transactionId'),
    sourceName: s('sourceName'),
    action: s('action') as OutboxEvent['action'],
    uri: s('uri'),
    type: s('type'),
    topType: s('topType'),
    topUri: s('topUri'),
    ts: num(p['ts']),
    entity: s('entity'),
    delta: s('delta'),
  };
}

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
        const last = (await run(EQ.number, { batch: int(batch), base: int(base) }))[0]?.['last'];
        if (last === null || last === undefined) return 0;
        await run(EQ.setCounter, { last: int(num(last)) });
        return num(last) - base;
      }),
    head: () =>
      inTx('READ', async (run) => {
        const row = (await run(EQ.head))[0];
        return { sequence: num(row?.['seq']), pruned: num(row?.['pruned']) };
      }),
    read: (after, limit, scan, types) =>
      inTx('READ', async (run) => {
        const upto = after + scan;
        const rows = await run(EQ.read, { after: int(after), upto: int(upto), limit: int(limit), types: types && types.length > 0 ? [...types] : null });
        const events = rows.map((r) => toEvent(r['e'] as Record<string, unknown>));
        // A full page ends at its last event; a short one has seen everything up to `upto` (or the head).
        const scannedTo = events.length === limit ? (events[events.length - 1]?.sequence ?? after) : upto;
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
          upto = num(r['seq']);
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
