/**
 * The change feed (src/domain/events): every committed change as an AAI-EVENT, in sequence order,
 * from a cursor.
 *   GET /aai/v15/events?after=<sequence>&limit=…&type=…&format=event|delta&wait=<ms>
 *     → {"events":[…],"next":<sequence>}: each element an AAI-EVENT (or its delta form) with its
 *       `sequence`; `next` is the cursor to pass as `after` next time. With `wait`, a request that
 *       finds nothing new waits up to that long for the next event (a long poll).
 *   GET /aai/v15/events/head → {"sequence":<latest>,"oldest":<first retained - 1>}: a new consumer starts from now.
 * A cursor before the retained range answers 410 (AAI_3040): the consumer must resynchronise.
 */
import type { Config } from '../config.js';
import { EVENT_FORMATS, type EventFormat } from '../domain/events/aai-event.js';
import { readFeed, type EventSequencer } from '../domain/events/event-service.js';
import type { EventStorePort } from '../domain/ports.js';
import { AaiError } from '../errors.js';
import type { Schema } from '../schema/schema.js';
import { jsonContent, ref } from './api-schemas.js';
import { queryValues, type AppContext } from './context.js';
import { unsupportedMethod, wholeNumber, type QueryParam, type Route } from './routes.js';

export interface EventsDeps {
  schema: Schema;
  config: Config;
  events: { store: EventStorePort; sequencer: EventSequencer } | undefined;
}

const AFTER: QueryParam = { ...wholeNumber('after', '^[0-9]{1,15}$', 0, Number.MAX_SAFE_INTEGER), description: 'Events after this sequence number (the previous page\'s `next`); absent: from the oldest retained event' };
const LIMIT: QueryParam = { ...wholeNumber('limit', '^0*(1000|[1-9][0-9]{0,2})$', 1, 1000), description: 'Events per page, 1 to 1000 (default 100)' };
const WAIT: QueryParam = { ...wholeNumber('wait', '^0*(30000|[1-2]?[0-9]{1,4})$', 0, 30_000), description: 'Long poll: when no event follows `after`, wait up to this many milliseconds (at most 30000) for one' };
const FORMAT: QueryParam = {
  schema: { type: 'string', enum: [...EVENT_FORMATS] },
  description: '`event` (default): A&AI\'s AAI-EVENT; `delta`: its delta form (property and relationship changes, old and new values)',
  error: (v) => new AaiError('AAI_3000', `format must be one of ${EVENT_FORMATS.join(', ')}, not ${JSON.stringify(v)}`),
};

const first = (ctx: AppContext, name: string): string | undefined => queryValues(ctx)[name]?.[0];

export function eventRoutes(deps: EventsDeps): Route[] {
  const { schema, config } = deps;
  const feed = `/aai/:version/events`;
  const enabled = (): NonNullable<EventsDeps['events']> => {
    if (!deps.events) throw new AaiError('AAI_3001', 'change events are off (EVENTS_ENABLED=false)');
    return deps.events;
  };
  const other = (path: string, name: string): Route => ({ name, method: '*', path, access: 'read', summary: 'any other method: AAI_3012', handle: unsupportedMethod });

  const list = async (ctx: AppContext): Promise<void> => {
    const events = enabled();
    const types = queryValues(ctx)['type'] ?? [];
    for (const t of types) if (!schema.nodeTypes.has(t)) throw new AaiError('AAI_3000', `type ${JSON.stringify(t)} is not a node type of ${schema.version}`);
    const after = first(ctx, 'after');
    const abort = new AbortController();
    const onClose = (): void => abort.abort();
    ctx.req.once('close', onClose);
    try {
      const page = await readFeed(
        events.store,
        events.sequencer,
        {
          after: after === undefined ? undefined : Number(after),
          limit: Number(first(ctx, 'limit') ?? 100),
          types,
          format: (first(ctx, 'format') ?? 'event') as EventFormat,
          waitMs: Math.min(Number(first(ctx, 'wait') ?? 0), config.events.maxWaitMs),
        },
        { version: schema.version, domain: config.events.domain, schema },
        abort.signal,
      );
      // The events are JSON text as stored: spliced, not parsed and written again.
      ctx.type = 'application/json';
      ctx.body = `{"events":[${page.events.join(',')}],"next":${page.next}}`;
    } finally {
      ctx.req.off('close', onClose);
    }
  };

  const head = async (ctx: AppContext): Promise<void> => {
    const h = await enabled().store.head();
    ctx.body = { sequence: h.sequence, oldest: h.pruned };
  };

  return [
    {
      name: 'events.list',
      method: 'GET',
      path: feed,
      access: 'read',
      query: { after: AFTER, limit: LIMIT, wait: WAIT, format: FORMAT },
      summary: 'the change feed: every committed change as an AAI-EVENT, from a cursor',
      doc: {
        tags: ['events'],
        description:
          'The events after `after`, in sequence order: one per object each committed transaction created, updated or deleted (both ends of a changed relationship), none for a failed transaction or a dry run. `next` is the cursor for the next page. Resuming from the last `next` seen never misses or repeats an event. A cursor before the retained range (EVENTS_RETENTION) answers 410 AAI_3040',
        parameters: [{ name: 'type', in: 'query', description: 'Repeatable: only events of these entity types (a page then looks at up to 10,000 sequence numbers, and `next` moves past those it skipped)', schema: { type: 'array', items: { type: 'string' }, examples: [['pnf']] } }],
        responses: { '200': { description: 'A page of events and the next cursor', content: jsonContent(ref('event-page')) } },
        errors: [404, 410],
      },
      handle: list,
    },
    {
      name: 'events.head',
      method: 'GET',
      path: `${feed}/head`,
      access: 'read',
      summary: 'the newest event\'s sequence number: a new consumer starts from it',
      doc: { tags: ['events'], responses: { '200': { description: 'The newest sequence number, and the last pruned one', content: jsonContent(ref('event-head')) } }, errors: [404] },
      handle: head,
    },
    other(`${feed}/head`, 'events.head.other'),
    other(feed, 'events.other'),
  ];
}
