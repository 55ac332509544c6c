/**
 * A stored change event on the wire: A&AI's AAI-EVENT (aai-aai-common NotificationEvent and
 * UEBNotification: `cambria.partition`, the event-header in its property order, the entity) and
 * the delta form (DeltaEventsService: partition DELTA, event-type DELTA, the object's delta as the
 * one entity). The header's sequence-number is the event's place in the outbox's order (A&AI sends
 * a configured constant there); its timestamp is when the transaction wrote, in UTC.
 */
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
    ...(delta ? { 'entity-uuid': uuidOf(e) } : {}),
  };
}

/** The object's aai-uuid, from its stored delta (the delta header names it). */
function uuidOf(e: SequencedEvent): string {
  const parsed = JSON.parse(e.delta) as { 'property-deltas'?: Record<string, { value?: unknown }> };
  const v = parsed['property-deltas']?.['aai-uuid']?.value;
  return typeof v === 'string' ? v : '';
}

/**
 * The event as JSON text: the AAI-EVENT (or its delta form), with `sequence` after A&AI's fields
 * when asked (the change feed's elements carry it; a Kafka message carries it as a header).
 * The entity is spliced in as stored: it was rendered once, in the transaction that wrote it.
 */
export function eventJson(e: SequencedEvent, wire: EventWire, format: EventFormat, withSequence: boolean): string {
  const delta = format === 'delta';
  const head = `{"cambria.partition":${delta ? '"DELTA"' : '"AAI"'},"event-header":${JSON.stringify(header(e, wire, delta))}`;
  const body = delta ? `,"entities":[${e.delta}]` : `,"entity":${e.entity}`;
  return `${head}${body}${withSequence ? `,"sequence":${e.sequence}` : ''}}`;
}
