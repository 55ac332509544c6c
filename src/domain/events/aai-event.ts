/**
 * A stored change event on the wire: A&AI's AAI-EVENT (aai-aai-common NotificationEvent and
 * UEBNotification: `cambria.partition`, the event-header in its property order, the entity) and
 * the delta form (DeltaEventsService: partition DELTA, event-type DELTA, the object's delta as the
 * one entity). The header's sequence-number is the event's place in the outbox's order (A&AI sends
 * a configured constant there); its timestamp is when the transaction wrote, in UTC.
 */
import type { Schema } from '../../schema/schema.js';
import { parseNodePath } from '../../uri/aai-uri.js';
import type { OutboxEvent } from '../model.js';

/** An outbox event with its sequence number (given after commit, in order). */
export interface SequencedEvent extends OutboxEvent {
  sequence: number;
}

export interface EventWire {
  /** The schema version the entity-link and header name (v15). */
  version: string;
  /** A&AI's aai.notificationEvent.default.domain. */
  domain: string;
  /** For the delta form: where the object sits in its entity's wrapper. */
  schema?: Schema;
}

type Json = Record<string, unknown>;

/** The fields of an event the delta's bookkeeping properties repeat. */
export interface DeltaFields {
  uri: string;
  type: string;
  ts: number;
  sourceName: string;
  transactionId: string;
}

/**
 * The property deltas an event's entity and fields already say: for a CREATE, every property of the
 * object and the bookkeeping the write set; for a DELETE, the object's properties as they were; for
 * an UPDATE, the identifying properties (STATIC). `object` is the entity's own object (not its wrapper).
 */
export function derivableDeltas(action: string, object: Json, f: DeltaFields): Json {
  const own = Object.entries(object).filter(([k]) => k !== 'relationship-list');
  const out: Json = {};
  if (action === 'CREATE') {
    const bookkeeping = { 'aai-uri': f.uri, 'aai-node-type': f.type, 'aai-last-mod-ts': f.ts, 'last-mod-source-of-truth': f.sourceName, 'aai-last-mod-transaction-id': f.transactionId, 'aai-created-ts': f.ts, 'source-of-truth': f.sourceName };
    for (const [k, v] of [...own, ...Object.entries(bookkeeping)]) out[k] = { action: 'CREATE', value: v };
  } else if (action === 'DELETE') {
    for (const [k, v] of [...own, ['aai-uri', f.uri], ['aai-node-type', f.type]] as [string, unknown][]) out[k] = { action: 'DELETE', value: v, 'old-value': v };
  } else {
    out['aai-uri'] = { action: 'STATIC', value: f.uri };
    out['aai-node-type'] = { action: 'STATIC', value: f.type };
  }
  return out;
}

/** Values of property deltas: scalars and string lists. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** Two property deltas ({action, value, old-value}) are the same. */
function sameDelta(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b;
  const [x, y] = [a as Json, b as Json];
  return x['action'] === y['action'] && sameValue(x['value'], y['value']) && sameValue(x['old-value'], y['old-value']) && ('old-value' in x) === ('old-value' in y);
}

/** A delta as stored: its property deltas as a difference from the derivable ones (null: not there), and its relationship deltas. */
export function compactDelta(full: { p: Json; r: Json[] }, derivable: Json): Json {
  const p: Json = {};
  for (const [k, v] of Object.entries(full.p)) if (!sameDelta(derivable[k], v)) p[k] = v;
  for (const k of Object.keys(derivable)) if (!(k in full.p)) p[k] = null;
  return { p, r: full.r };
}

/** The object inside an entity's wrapper: down the ancestors' containers, to the one object. */
function innerObject(schema: Schema, uri: string, entity: Json): Json {
  const chain = parseNodePath(schema, uri).chain;
  let at: Json = entity;
  for (let i = 0; i + 1 < chain.length; i++) {
    const ref = chain[i];
    const child = chain[i + 1];
    if (!ref || !child) break;
    const slot = schema.type(ref.type).children.find((c) => c.type === child.type && child.uri.startsWith(`${ref.uri}/${c.path.join('/')}/`));
    if (!slot) break;
    const holder = at[slot.attribute] as Json | Json[] | undefined;
    const list = (slot.wrapper ? (holder as Json | undefined)?.[slot.element] : holder) as Json[] | undefined;
    at = list?.[0] ?? {};
  }
  return at;
}

/** A&AI's ObjectDelta of a stored event: its derivable property deltas with the stored difference laid over them. */
function objectDelta(e: SequencedEvent, schema: Schema): Json {
  const stored = JSON.parse(e.delta) as { p?: Json; r?: Json[] };
  const derived = derivableDeltas(e.action, innerObject(schema, e.uri, JSON.parse(e.entity) as Json), e);
  const diff = stored.p ?? {};
  const deltas: Json = {};
  for (const [k, v] of Object.entries(derived)) if (!(k in diff)) deltas[k] = v;
  for (const [k, v] of Object.entries(diff)) if (v !== null) deltas[k] = v;
  return { uri: e.uri, action: e.action, 'source-of-truth': e.sourceName, timestamp: e.ts, 'property-deltas': deltas, 'relationship-deltas': stored.r ?? [] };
}

export const EVENT_FORMATS = ['event', 'delta'] as const;
export type EventFormat = (typeof EVENT_FORMATS)[number];

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** A&AI's event timestamp, `yyyyMMdd-HH:mm:ss:SSS` in UTC (A&AI's pattern writes the week-based year, a bug in the last days of December; this is the calendar year). */
export function eventTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}:${pad(d.getUTCMilliseconds(), 3)}`;
}

/** The event-header, in A&AI's property order. */
function header(e: SequencedEvent, wire: EventWire, delta: boolean): Record<string, string> {
  return {
    id: e.transactionId,
    timestamp: eventTimestamp(e.ts),
    'source-name': e.sourceName,
    domain: wire.domain,
    'sequence-number': String(e.sequence),
    severity: 'NORMAL',
    'event-type': delta ? 'DELTA' : 'AAI-EVENT',
    version: wire.version,
    action: e.action,
    'entity-type': e.type,
    'top-entity-type': e.topType,
    'entity-link': `/aai/${wire.version}${e.uri}`,
  };
}

/**
 * The event as JSON text: the AAI-EVENT (or its delta form), with `sequence` after A&AI's fields
 * when asked (the change feed's elements carry it; a Kafka message carries it as a header).
 * The entity is spliced in as stored: it was rendered once, in the transaction that wrote it.
 */
export function eventJson(e: SequencedEvent, wire: EventWire, format: EventFormat, withSequence: boolean): string {
  const tail = withSequence ? `,"sequence":${e.sequence}` : '';
  if (format === 'event') return `{"cambria.partition":"AAI","event-header":${JSON.stringify(header(e, wire, false))},"entity":${e.entity}${tail}}`;
  if (!wire.schema) throw new Error('the delta form needs the schema');
  const delta = objectDelta(e, wire.schema);
  const uuid = (delta['property-deltas'] as Record<string, { value?: unknown }>)['aai-uuid']?.value;
  const head = { ...header(e, wire, true), 'entity-uuid': typeof uuid === 'string' ? uuid : '' };
  return `{"cambria.partition":"DELTA","event-header":${JSON.stringify(head)},"entities":[${JSON.stringify(delta)}]${tail}}`;
}
