/**
 * Asynchronous bulk jobs under /aai/v15/bulk/jobs:
 *   POST   /bulk/jobs[?type=bulkadd|bulkprocess]   JSON or NDJSON body, streamed → 202 + Location
 *   GET    /bulk/jobs[?status=&limit=&cursor=]      list, newest first, paged by cursor
 *   GET    /bulk/jobs/{id}                          status, progress, counts, times
 *   GET    /bulk/jobs/{id}/results[?cursor=&limit=&failed=true][&format=ndjson]
 *   DELETE /bulk/jobs/{id}                          cancel (409 when already finished)
 *
 * An upload is bounded by a minimum transfer rate (408), and per submitter (X-FromAppId) by the
 * uploads it runs at once on this instance and the input its jobs hold in Neo4j (429).
 */
import { Readable } from 'node:stream';
import type { Config } from '../config.js';
import { cancelJob, StoredInputQuotaError, submitJob } from '../domain/jobs/job-service.js';
import { jobView, type JobRecord, type JobStatus } from '../domain/jobs/jobs.js';
import { renderJobResult } from './bulk-render.js';
import type { JobStorePort } from '../domain/ports.js';
import { AaiError } from '../errors.js';
import type { AppContext } from './context.js';
import { rateBoundedBody } from './request-bounds.js';
import { NDJSON, streamedInputFormat } from './streamed-input.js';
import { unsupportedMethod, wholeNumber, type QueryParam, type Route, type RouteDoc } from './routes.js';
import { jsonContent, ref } from './api-schemas.js';
import { BULKADD_REQUEST, JOB_NDJSON_REQUEST } from './api-examples.js';

export interface JobsDeps {
  jobs: JobStorePort;
  config: Config;
  /** Wakes the local worker after a submission (absent when this instance runs no worker). */
  notify?: () => void;
  /** Whether the request's principal may see and cancel every principal's jobs (admins); others see their own. */
  seesAllJobs: (ctx: AppContext) => boolean;
}

/** The principal a job belongs to. */
export const ownerOf = (ctx: AppContext): string => ctx.state.principal?.name ?? ctx.state.fromAppId;

export const JOBS_PATH = /^\/aai\/([^/]+)\/bulk\/jobs(?:\/([^/]+))?(\/results)?\/?$/;

/** The job submission reads the raw request stream: the JSON body parser must leave it alone. */
export function isJobSubmission(ctx: AppContext): boolean {
  const m = ctx.method === 'POST' ? JOBS_PATH.exec(ctx.path) : null;
  return m !== null && m[2] === undefined;
}

const STATUSES: readonly JobStatus[] = ['pending', 'running', 'completed', 'failed', 'cancelled'];

function queryValue(ctx: AppContext, name: string): string | undefined {
  const v = ctx.query[name];
  return Array.isArray(v) ? v[0] : v;
}

/** An integer parameter the route checked (`fallback` when absent). */
function intParam(ctx: AppContext, name: string, fallback: number): number {
  const v = queryValue(ctx, name);
  return v === undefined ? fallback : Number(v);
}


const LIMIT: QueryParam = { ...wholeNumber('limit', '^0*(1000|[1-9][0-9]{0,2})$', 1, 1000), description: 'Items per page, 1 to 1000' };
/** Up to 15 digits: every cursor below 2^53. */
const CURSOR: QueryParam = { ...wholeNumber('cursor', '^[0-9]{1,15}$', 0, Number.MAX_SAFE_INTEGER), description: 'Where the page starts (from the previous page\'s next link)' };
const STATUS: QueryParam = { schema: { type: 'string', enum: [...STATUSES] }, description: 'Only jobs in this status', error: () => new AaiError('AAI_3000', `status must be one of ${STATUSES.join(', ')}`) };
const TYPE: QueryParam = { schema: { type: 'string', enum: ['bulkadd', 'bulkprocess'] }, description: 'How the transactions are applied (default bulkprocess)', error: (type) => new AaiError('AAI_3000', `type must be bulkadd or bulkprocess, not ${JSON.stringify(type)}`) };
const NO_DRY_RUN: QueryParam = {
  schema: { type: 'string', enum: ['false'] },
  description: 'Jobs are never dry runs (send the transactions to /bulkadd or /bulkprocess with ?dry-run=true)',
  error: () => new AaiError('AAI_3000', 'dry-run is not available for jobs; send the transactions to /bulkadd or /bulkprocess with ?dry-run=true'),
};


function wantsNdjson(ctx: AppContext): boolean {
  return queryValue(ctx, 'format') === 'ndjson' || NDJSON.test(ctx.get('Accept'));
}

/** Seconds a submitter is asked to wait when it already runs its limit of uploads. */
const UPLOAD_RETRY_AFTER_S = 5;

/** Job uploads in progress per submitter on this instance: `take` gives a release, or undefined at the limit. */
function uploadSlots(max: number) {
  const active = new Map<string, number>();
  return {
    take(owner: string): (() => void) | undefined {
      const n = active.get(owner) ?? 0;
      if (n >= max) return undefined;
      active.set(owner, n + 1);
      return () => {
        const left = (active.get(owner) ?? 1) - 1;
        if (left === 0) active.delete(owner);
        else active.set(owner, left);
      };
    },
  };
}

const JOB = jsonContent(ref('job'));
const JOB_ID = [{ name: 'id', in: 'path' as const, required: true, schema: { type: 'string' } }];

const SUBMIT_DOC: RouteDoc = {
  tags: ['jobs'],
  description: 'The body is streamed to Neo4j as it arrives (never held whole in memory), bounded by JOB_MAX_BYTES and a minimum transfer rate; the job runs in the background, each transaction atomic',
  body: {
    required: true,
    content: {
      ...jsonContent(ref('job-transactions'), BULKADD_REQUEST),
      'application/x-ndjson': { schema: { type: 'string', description: 'One transaction object per line' }, example: JOB_NDJSON_REQUEST },
    },
  },
  responses: { '202': { description: 'Accepted: the job, with its URL in Location', content: JOB, headers: { Location: { description: 'The job\'s URL', schema: { type: 'string' } } } } },
  errors: [429],
};

const RESULTS_DOC: RouteDoc = {
  tags: ['jobs'],
  parameters: [
    ...JOB_ID,
    { name: 'failed', in: 'query', description: 'Only failed transactions (true)', schema: { type: 'string', enum: ['true', 'false'] } },
    { name: 'format', in: 'query', description: 'ndjson: every result from the cursor on, one per line (or Accept: application/x-ndjson)', schema: { type: 'string', enum: ['ndjson'] } },
  ],
  responses: {
    '200': {
      description: 'A page of results (JSON), or every result from the cursor on (NDJSON)',
      content: { ...jsonContent(ref('job-results')), 'application/x-ndjson': { schema: { type: 'string', description: 'One result object per line' } } },
    },
  },
  errors: [404],
};

/** The job routes under /aai/{version}/bulk/jobs; any other method on their paths is AAI_3012. */
export function jobRoutes(deps: JobsDeps): Route[] {
  const { jobs, config } = deps;
  const { limits } = config;
  const uploads = uploadSlots(limits.jobClientMaxUploads);
  // An input larger than the submitter's whole quota could never be stored: refused like one over JOB_MAX_BYTES.
  const maxBytes = Math.min(config.jobs.maxBytes, limits.jobClientMaxStoredBytes);

  async function submit(ctx: AppContext, base: string): Promise<void> {
    const type = queryValue(ctx, 'type') === 'bulkadd' ? 'bulkadd' : 'bulkprocess';
    const format = streamedInputFormat(ctx, maxBytes, 'Job input');
    const declared = Number(ctx.get('Content-Length') || 0);
    const owner = ctx.state.fromAppId;
    const release = uploads.take(owner);
    if (release === undefined) {
      ctx.set('Retry-After', String(UPLOAD_RETRY_AFTER_S));
      throw new AaiError('AAI_6147', `${owner} already has ${limits.jobClientMaxUploads} job uploads in progress`, { variant: 'clientQuota' });
    }
    let job: JobRecord;
    try {
      job = await submitJob(jobs, rateBoundedBody(ctx.req, limits.jobUploadMinBytes, limits.jobUploadWindowMs), {
        flavour: type,
        format,
        limits: { ...config.jobs, maxBytes },
        sourceOfTruth: owner,
        transactionId: ctx.state.transactionId,
        owner: ownerOf(ctx),
        quota: { maxStoredBytes: limits.jobClientMaxStoredBytes, ttlMs: config.jobs.ttlMs },
        declaredBytes: declared,
      });
    } catch (e) {
      if (!(e instanceof StoredInputQuotaError)) throw e;
      if (e.retryAfterMs !== null) ctx.set('Retry-After', String(Math.max(1, Math.ceil(e.retryAfterMs / 1000))));
      throw new AaiError('AAI_6147', `job input stored for ${owner} would exceed its limit of ${e.limit} bytes`, { variant: 'clientQuota' });

    } finally {
      release();
    }
    deps.notify?.();
    ctx.status = 202;
    ctx.set('Location', `${base}/${job.id}`);
    ctx.body = jobView(job, base);
  }

  /**
   * A job that exists for this client: its own (or any, for an admin), and no longer receiving its
   * input; else AAI_6114, so another principal's job id reveals nothing.
   */
  async function visibleJob(ctx: AppContext, id: string): Promise<JobRecord> {
    const job = await jobs.get(id);
    if (!job || job.status === 'receiving' || !(deps.seesAllJobs(ctx) || job.owner === ownerOf(ctx))) throw new AaiError('AAI_6114', `No bulk job found with id ${id}`);
    return job;
  }

  /** A page of `limit` items read as `limit + 1`, and the link to the next page if there is one. */
  function paged<T>(items: readonly T[], limit: number, nextLink: (last: T) => string): { shown: T[]; next: string | null } {
    const shown = items.slice(0, limit);
    const last = shown[shown.length - 1];
    return { shown, next: items.length > limit && last !== undefined ? nextLink(last) : null };
  }

  async function list(ctx: AppContext, base: string): Promise<void> {
    const status = STATUSES.find((st) => st === queryValue(ctx, 'status'));
    const limit = intParam(ctx, 'limit', 50);
    const items = await jobs.list({ status, owner: deps.seesAllJobs(ctx) ? undefined : ownerOf(ctx), limit: limit + 1, after: queryValue(ctx, 'cursor') });
    const { shown, next } = paged(items, limit, (last) => `${base}?${new URLSearchParams({ ...(status ? { status } : {}), limit: String(limit), cursor: last.id }).toString()}`);
    ctx.body = { jobs: shown.map((j) => jobView(j, base)), next };
  }

  async function results(ctx: AppContext, base: string, id: string): Promise<void> {
    await visibleJob(ctx, id);
    const failedOnly = queryValue(ctx, 'failed') === 'true';
    const cursor = intParam(ctx, 'cursor', 0);
    if (wantsNdjson(ctx)) {
      // Every result from the cursor on, one line each, read page by page: never all in memory.
      async function* lines(): AsyncGenerator<string> {
        let after = cursor;
        for (;;) {
          const page = await jobs.results(id, { after, limit: 1000, failedOnly });
          for (const r of page) yield `${JSON.stringify(renderJobResult(r))}\n`;
          const last = page[page.length - 1];
          if (!last || page.length < 1000) return;
          after = last.seq + 1;
        }
      }
      ctx.type = 'application/x-ndjson';
      ctx.body = Readable.from(lines());
      return;
    }
    const limit = intParam(ctx, 'limit', 100);
    const items = await jobs.results(id, { after: cursor, limit: limit + 1, failedOnly });
    const { shown, next } = paged(
      items,
      limit,
      (last) => `${base}/${id}/results?${new URLSearchParams({ cursor: String(last.seq + 1), limit: String(limit), ...(failedOnly ? { failed: 'true' } : {}) }).toString()}`,
    );
    ctx.body = { transaction: shown.map(renderJobResult), next };
  }

  /** The base of the job URLs, and the job id (undecoded) of the path, as the route matched them. */
  const where = (ctx: AppContext): { base: string; id: string } => {
    const m = JOBS_PATH.exec(ctx.path);
    return { base: `/aai/${m?.[1] ?? 'v15'}/bulk/jobs`, id: m?.[2] ?? '' };
  };
  const collection = '/aai/:version/bulk/jobs';
  const job = `${collection}/:id`;
  const other = (name: string, path: string): Route => ({ name: `${name}.other`, method: '*', path, access: 'read', summary: 'any other method: AAI_3012', handle: unsupportedMethod });
  return [
    { name: 'jobs.submit', query: { 'dry-run': NO_DRY_RUN, type: TYPE }, method: 'POST', path: collection, access: 'write', summary: 'submit a job (JSON or NDJSON transactions, streamed)', doc: SUBMIT_DOC, handle: (ctx) => submit(ctx, where(ctx).base) },
    { name: 'jobs.list', query: { status: STATUS, limit: LIMIT }, method: 'GET', path: collection, access: 'read', summary: 'list jobs, newest first, paged by cursor', doc: { tags: ['jobs'], parameters: [{ name: 'cursor', in: 'query', description: 'Where the page starts (from the previous page\'s next link)', schema: { type: 'string' } }], responses: { '200': { description: 'A page of jobs (the caller\'s own; every job for an admin)', content: jsonContent(ref('job-list')) } } }, handle: (ctx) => list(ctx, where(ctx).base) },
    other('jobs', collection),
    {
      name: 'jobs.results',
      query: { cursor: CURSOR, limit: LIMIT },
      method: 'GET',
      path: `${job}/results`,
      access: 'read',
      summary: "a job's results, paged or streamed as NDJSON",
      doc: RESULTS_DOC,
      handle: (ctx) => {
        const { base, id } = where(ctx);
        return results(ctx, base, id);
      },
    },
    other('jobs.results', `${job}/results`),
    {
      name: 'jobs.get',
      method: 'GET',
      path: job,
      access: 'read',
      summary: "a job's status, progress, counts and times",
      doc: { tags: ['jobs'], parameters: JOB_ID, responses: { '200': { description: 'The job', content: JOB } }, errors: [404] },
      handle: async (ctx) => {
        const { base, id } = where(ctx);
        ctx.body = jobView(await visibleJob(ctx, id), base);
      },
    },
    {
      name: 'jobs.cancel',
      method: 'DELETE',
      path: job,
      access: 'write',
      summary: 'cancel a job (409 once finished)',
      doc: { tags: ['jobs'], parameters: JOB_ID, responses: { '200': { description: 'The job, cancel requested (it stops after its transaction in progress)', content: JOB } }, errors: [404, 409] },
      handle: async (ctx) => {
        const { base, id } = where(ctx);
        await visibleJob(ctx, id);
        ctx.body = jobView(await cancelJob(jobs, id), base);
      },
    },
    other('jobs.job', job),
  ];
}
