/**
 * The service's Prometheus metrics (README "Metrics"): one prom-client Registry per app (never the
 * global one), filled at the HTTP edge (requests by route name and status), by the domain through
 * BulkMetricsPort (bulk and job transactions), by the store through its observer (transaction
 * re-runs, transactions in flight), on scrape from the job store (queue depth), and prom-client's
 * default process metrics. `GET /metrics` is a route of the table (access read) and follows the
 * normal authentication rules; a scrape carries no A&AI headers (X-FromAppId, X-TransactionId).
 */
import type { Next } from 'koa';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EventMetricsPort, BulkMetricsPort, BulkSource, BulkTally } from '../domain/metrics-port.js';
import type { AppContext } from './context.js';
import { unsupportedMethod, type Route } from './routes.js';

export const METRICS_PATH = '/metrics';

/** Jobs waiting and being applied (the job store's one cheap count). */
export interface QueueDepth {
  pending: number;
  running: number;
}

/** How long a scrape waits for the job store's count before reporting the last one it had. */
const QUEUE_DEPTH_WAIT_MS = 1_000;

/** The label of a request that matched no route (or was refused before routing, e.g. a 401). */
const NO_ROUTE = 'none';

export class Metrics implements BulkMetricsPort, EventMetricsPort {
  readonly registry = new Registry();
  private readonly requests: Counter<'route' | 'status'>;
  private readonly duration: Histogram<'route' | 'status'>;
  private readonly transactions: Counter<'source' | 'outcome'>;
  private readonly operations: Counter<'source' | 'outcome'>;
  private readonly retries: Counter;
  private readonly inFlight: Gauge<'access'>;
  private readonly events: Counter<'stage' | 'outcome'>;
  private readonly relayLease: Gauge;
  private queueDepth: (() => Promise<QueueDepth | undefined>) | undefined;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({ name: 'aai_http_requests_total', help: 'HTTP requests answered, by route name and status', labelNames: ['route', 'status'], registers });
    this.duration = new Histogram({
      name: 'aai_http_request_duration_seconds',
      help: 'HTTP request duration in seconds, by route name and status',
      labelNames: ['route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.transactions = new Counter({ name: 'aai_bulk_transactions_total', help: 'A&AI bulk transactions applied, by source (bulkadd, bulkprocess, single-transaction, jobs) and outcome (ok, failed)', labelNames: ['source', 'outcome'], registers });
    this.operations = new Counter({ name: 'aai_bulk_operations_total', help: "Operations of A&AI bulk transactions applied, by source and their transaction's outcome", labelNames: ['source', 'outcome'], registers });
    this.retries = new Counter({ name: 'aai_neo4j_transaction_retries_total', help: 'Neo4j write transactions re-run after a conflict (deadlock, uniqueness race)', registers });
    this.inFlight = new Gauge({ name: 'aai_neo4j_transactions_in_flight', help: 'Neo4j transactions open now (each holds a pooled connection), by access', labelNames: ['access'], registers });
    for (const access of ['read', 'write']) this.inFlight.set({ access }, 0);
    this.events = new Counter({
      name: 'aai_events_total',
      help: 'Change events numbered (stage "numbered": visible to the feed and the relay) and published to Kafka (stage "published", acknowledged by the broker); outcome "failed" counts failed attempts',
      labelNames: ['stage', 'outcome'],
      registers,
    });
    for (const stage of ['numbered', 'published']) for (const outcome of ['ok', 'failed']) this.events.inc({ stage, outcome }, 0);
    this.relayLease = new Gauge({ name: 'aai_events_relay_lease', help: '1 while this instance holds the Kafka relay\'s lease (it is the one publishing), else 0', registers });
    this.relayLease.set(0);
    const jobsGauge: Gauge<'state'> = new Gauge({
      name: 'aai_jobs',
      help: 'Bulk jobs pending or running (read from the job store on scrape)',
      labelNames: ['state'],
      registers,
      collect: async () => {
        const depth = await this.queueDepth?.();
        if (depth === undefined) return;
        jobsGauge.set({ state: 'pending' }, depth.pending);
        jobsGauge.set({ state: 'running' }, depth.running);
      },
    });
  }

  /** Where the job queue's depth comes from (the job store); a scrape waits for it at most a second. */
  setQueueDepth(read: () => Promise<QueueDepth>): void {
    this.queueDepth = () =>
      new Promise<QueueDepth | undefined>((resolve) => {
        const timer = setTimeout(() => resolve(undefined), QUEUE_DEPTH_WAIT_MS);
        read().then(resolve, () => resolve(undefined)).finally(() => clearTimeout(timer));
      });
  }

  /** BulkMetricsPort. */
  applied(source: BulkSource, t: BulkTally): void {
    this.transactions.inc({ source, outcome: 'ok' }, t.txOk);
    this.transactions.inc({ source, outcome: 'failed' }, t.txFailed);
    this.operations.inc({ source, outcome: 'ok' }, t.opsOk);
    this.operations.inc({ source, outcome: 'failed' }, t.opsFailed);
  }

  /** EventMetricsPort. */
  numbered(events: number): void {
    this.events.inc({ stage: 'numbered', outcome: 'ok' }, events);
  }

  numberingFailed(): void {
    this.events.inc({ stage: 'numbered', outcome: 'failed' });
  }

  published(events: number): void {
    this.events.inc({ stage: 'published', outcome: 'ok' }, events);
  }

  publishFailed(): void {
    this.events.inc({ stage: 'published', outcome: 'failed' });
  }

  relayHolding(held: boolean): void {
    this.relayLease.set(held ? 1 : 0);
  }

  /** The store's observer (StoreOptions.observer in src/store/graph-store.ts). */
  readonly store = {
    retried: (): void => this.retries.inc(),
    inFlight: (access: 'read' | 'write', delta: 1 | -1): void => this.inFlight.inc({ access }, delta),
  };

  /** One answered request (src/http/request-log.ts). */
  request(route: string | undefined, status: number, seconds: number): void {
    const labels = { route: route ?? NO_ROUTE, status: String(status) };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }
}

/** Whether the request is a scrape (answered without A&AI's header checks). */
export function isScrape(ctx: AppContext): boolean {
  return ctx.path === METRICS_PATH;
}

/** A scrape's stand-in for A&AI's headers: it acts as its principal. */
export async function asScrape(ctx: AppContext, next: Next): Promise<void> {
  ctx.state.fromAppId = ctx.state.principal?.name ?? 'anonymous';
  ctx.state.transactionId = ctx.get('X-TransactionId');
  await next();
}

export function metricsRoutes(metrics: Metrics): Route[] {
  const scrape = async (ctx: AppContext): Promise<void> => {
    const text = await metrics.registry.metrics();
    ctx.status = 200;
    ctx.type = metrics.registry.contentType;
    ctx.body = text;
  };
  return [
    { name: 'metrics', method: 'GET', path: METRICS_PATH, access: 'read', summary: 'Prometheus metrics (text format)', doc: { tags: ['metrics'], responses: { '200': { description: 'The metrics', content: { 'text/plain': { schema: { type: 'string' } } } } } }, handle: scrape },
    { name: 'metrics.other', method: '*', path: METRICS_PATH, access: 'read', summary: 'any other method: AAI_3012', handle: unsupportedMethod },
  ];
}
