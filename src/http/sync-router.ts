/**
 * Declarative sync and export under /aai/v15/bulk:
 *   POST /bulk/sync[?mode=diff|apply&prune=true&base=TOKEN&unchanged=true]   JSON or NDJSON, streamed
 *        mode=diff (the default): 200, the diff (JSON, or NDJSON lines then the summary line)
 *        mode=apply: 202 + Location, the diff's summary and the job that applies it (200, job null, when nothing changes)
 *   GET  /bulk/export?uri=…&type=…[&depth=all|0]                           NDJSON, streamed
 * A sync's desired state is held in memory (bounded by JOB_MAX_BYTES and SYNC_MAX_OBJECTS), so an
 * instance computes at most SYNC_CONCURRENCY diffs at once (429 beyond).
 */
import { Readable } from 'node:stream';
import type { Config } from '../config.js';
import { StoredInputQuotaError } from '../domain/jobs/job-service.js';
import { jobView } from '../domain/jobs/jobs.js';
import type { GraphStorePort, JobStorePort } from '../domain/ports.js';
import type { SyncDiff } from '../domain/sync/sync-diff.js';
import { exportLines } from '../domain/sync/sync-export.js';
import { parseScope, readSyncInput, type SyncScope } from '../domain/sync/sync-input.js';
import { syncApply, syncDiff } from '../domain/sync/sync-service.js';
import { AaiError } from '../errors.js';
import type { Schema } from '../schema/schema.js';
import { jsonContent, ref } from './api-schemas.js';
import type { AppContext } from './context.js';
import { rateBoundedBody } from './request-bounds.js';
import { NDJSON, streamedInputFormat } from './streamed-input.js';
import { unsupportedMethod, type QueryParam, type Route } from './routes.js';

export interface SyncRouteDeps {
  store: GraphStorePort;
  schema: Schema;
  jobs: JobStorePort;
  config: Config;
  /** Wakes the local job worker after an apply. */
  notify?: () => void;
  /** The principal a job belongs to (jobs-router.ts). */
  ownerOf: (ctx: AppContext) => string;
}

export const SYNC_PATH = /^\/aai\/([^/]+)\/bulk\/sync\/?$/;

/** A sync reads the raw request stream: the JSON body parser must leave it alone. */
export function isSyncSubmission(ctx: AppContext): boolean {
  return ctx.method === 'POST' && SYNC_PATH.test(ctx.path);
}

function queryValue(ctx: AppContext, name: string): string | undefined {
  const v = ctx.query[name];
  return Array.isArray(v) ? v[0] : v;
}

function queryValues(ctx: AppContext, name: string): string[] {
  const v = ctx.query[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

const flag = (name: string, description: string): QueryParam => ({
  schema: { type: 'string', enum: ['true', 'false'] },
  description,
  error: (v) => new AaiError('AAI_3000', `${name} must be true or false, not ${JSON.stringify(v)}`),
});

const MODE: QueryParam = {
  schema: { type: 'string', enum: ['diff', 'apply'] },
  description: 'diff (the default): answer the diff, change nothing; apply: apply it as a job',
  error: (v) => new AaiError('AAI_3000', `mode must be diff or apply, not ${JSON.stringify(v)}`),
};
const BASE: QueryParam = {
  schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
  description: 'The base token of the diff reviewed: the apply is refused (412) when the scope changed since',
  error: () => new AaiError('AAI_3000', 'base must be the base token of a diff'),
};
const DEPTH: QueryParam = {
  schema: { type: 'string', enum: ['all', '0'] },
  description: 'The subtrees of the URIs (all, the default) or the objects at the URIs alone (0)',
  error: (v) => new AaiError('AAI_3000', `depth must be all or 0, not ${JSON.stringify(v)}`),
};

/** Diffs computed at once on this instance: `take` gives a release, or undefined at the limit. */
function slots(max: number) {
  let active = 0;
  return {
    take(): (() => void) | undefined {
      if (active >= max) return undefined;
      active++;
      let released = false;
      return () => {
        if (!released) active--;
        released = true;
      };
    },
  };
}

/** A diff as its JSON answer (the plan stays inside). */
function diffBody(diff: SyncDiff): Record<string, unknown> {
  const { owner, ...scope }: SyncScope = diff.scope;
  return { base: diff.base, scope: { ...scope, owner }, summary: diff.summary, changes: diff.changes };
}

export function syncRoutes(deps: SyncRouteDeps): Route[] {
  const { config } = deps;
  const running = slots(config.sync.concurrency);
  const maxBytes = Math.min(config.jobs.maxBytes, config.limits.jobClientMaxStoredBytes);

  async function sync(ctx: AppContext, version: string): Promise<void> {
    const format = streamedInputFormat(ctx, maxBytes, 'Sync input');
    const release = running.take();
    if (release === undefined) {
      ctx.set('Retry-After', '5');
      throw new AaiError('AAI_6147', `this instance already computes ${config.sync.concurrency} syncs (SYNC_CONCURRENCY)`, { variant: 'clientQuota' });
    }
    try {
      const input = await readSyncInput(
        deps.schema,
        rateBoundedBody(ctx.req, config.limits.jobUploadMinBytes, config.limits.jobUploadWindowMs),
        format,
        { maxBytes, maxTransactionBytes: config.jobs.maxTransactionBytes, maxJsonDepth: config.jobs.maxJsonDepth, maxObjects: config.sync.maxObjects },
        ctx.state.fromAppId,
      );
      const opts = { prune: queryValue(ctx, 'prune') === 'true', listUnchanged: queryValue(ctx, 'unchanged') === 'true' };
      if (queryValue(ctx, 'mode') !== 'apply') {
        const diff = await syncDiff(deps, input, opts);
        if (NDJSON.test(ctx.get('Accept')) || queryValue(ctx, 'format') === 'ndjson') {
          ctx.type = 'application/x-ndjson';
          ctx.body = Readable.from(ndjsonDiff(diff));
        } else ctx.body = diffBody(diff);
        return;
      }
      const base = `/aai/${version}/bulk/jobs`;
      const owner = ctx.state.fromAppId;
      const { diff, job } = await syncApply(deps, input, {
        ...opts,
        base: queryValue(ctx, 'base'),
        job: {
          limits: { ...config.jobs, maxBytes: Number.MAX_SAFE_INTEGER },
          sourceOfTruth: owner,
          transactionId: ctx.state.transactionId,
          owner: deps.ownerOf(ctx),
          quota: { maxStoredBytes: config.limits.jobClientMaxStoredBytes, ttlMs: config.jobs.ttlMs },
        },
      }).catch((e: unknown) => {
        if (!(e instanceof StoredInputQuotaError)) throw e;
        if (e.retryAfterMs !== null) ctx.set('Retry-After', String(Math.max(1, Math.ceil(e.retryAfterMs / 1000))));
        throw new AaiError('AAI_6147', `job input stored for ${owner} would exceed its limit of ${e.limit} bytes`, { variant: 'clientQuota' });
      });
      if (job) {
        deps.notify?.();
        ctx.status = 202;
        ctx.set('Location', `${base}/${job.id}`);
      }
      ctx.body = { base: diff.base, summary: diff.summary, job: job ? jobView(job, base) : null };
    } finally {
      release();
    }
  }

  async function exportScope(ctx: AppContext): Promise<void> {
    const raw = { uris: queryValues(ctx, 'uri'), types: queryValues(ctx, 'type'), depth: queryValue(ctx, 'depth') ?? 'all' };
    const scope = parseScope(deps.schema, raw, ctx.state.fromAppId);
    ctx.type = 'application/x-ndjson';
    ctx.body = Readable.from(exportLines(deps.store, deps.schema, scope));
  }

  const path = '/aai/:version/bulk/sync';
  const exportPath = '/aai/:version/bulk/export';
  return [
    {
      name: 'bulk.sync',
      method: 'POST',
      path,
      access: 'write',
      summary: 'diff a scope against its desired state, or apply the diff as a job',
      query: { mode: MODE, prune: flag('prune', 'Delete the objects of the scope that are not desired and whose source-of-truth is the caller (others are reported, never touched)'), base: BASE, unchanged: flag('unchanged', 'List unchanged objects too (they are always counted)') },
      doc: {
        tags: ['sync'],
        description:
          'The desired state of a scope (root URIs and/or node types) as A&AI objects. The diff lists, per object, a create, an update (property and relationship changes, old and new values), a delete (prune=true, the caller\'s own objects only) or a skip (with the reason), and counts unchanged ones; nothing changes. mode=apply computes the same diff and applies it as a job (updates, creates parents first, relationships, deletes children first), refused with 412 when base= is given and the scope changed since that diff.',
        body: {
          required: true,
          content: {
            ...jsonContent(ref('sync-request')),
            'application/x-ndjson': { schema: { type: 'string', description: 'The scope as the first line ({"scope": {…}}), then one {"uri","body"} object per line' } },
          },
        },
        responses: {
          '200': { description: 'The diff (mode=diff), or an apply with nothing to change', content: { ...jsonContent({ oneOf: [ref('sync-diff'), ref('sync-apply')] }), 'application/x-ndjson': { schema: { type: 'string', description: 'One change per line, then {"base","summary"}' } } } },
          '202': { description: 'Accepted (mode=apply): the diff\'s summary and the job applying it, its URL in Location', content: jsonContent(ref('sync-apply')), headers: { Location: { description: 'The job\'s URL', schema: { type: 'string' } } } },
        },
        errors: [404, 412, 413, 429],
      },
      handle: (ctx) => sync(ctx, ctx.params['version'] ?? 'v15'),
    },
    { name: 'bulk.sync.other', method: '*', path, access: 'read', summary: 'any other method: AAI_3012', handle: unsupportedMethod },
    {
      name: 'bulk.export',
      method: 'GET',
      path: exportPath,
      access: 'read',
      summary: 'the objects of a scope as NDJSON a sync takes back',
      query: { depth: DEPTH },
      doc: {
        tags: ['sync'],
        description: 'The scope as the first line, then one {"uri","body"} per object in URI order (parents first), each body as a GET at depth 0 answers it, without its resource-version: the input of a sync (or of the CLI\'s import).',
        parameters: [
          { name: 'uri', in: 'query', description: 'A root URI (repeatable)', schema: { type: 'string' } },
          { name: 'type', in: 'query', description: 'A node type (repeatable)', schema: { type: 'string' } },
        ],
        responses: { '200': { description: 'NDJSON, streamed', content: { 'application/x-ndjson': { schema: { type: 'string' } } } } },
      },
      handle: exportScope,
    },
    { name: 'bulk.export.other', method: '*', path: exportPath, access: 'read', summary: 'any other method: AAI_3012', handle: unsupportedMethod },
  ];
}

function* ndjsonDiff(diff: SyncDiff): Generator<string> {
  for (const c of diff.changes) yield `${JSON.stringify(c)}\n`;
  yield `${JSON.stringify({ base: diff.base, summary: diff.summary })}\n`;
}
