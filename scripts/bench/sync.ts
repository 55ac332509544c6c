/**
 * The declarative sync (POST /aai/v15/bulk/sync) at 100,002 objects: the benchmark inventory
 * (14,286 pnfs × 4 p-interfaces + 28,572 logical-links, each related to two p-interfaces) as a
 * desired state whose scope is its 42,858 roots (the pnfs and the links).
 *   apply   — into an empty scope: the POST (upload, diff, job stored) and the job to completion,
 *             against the raw driver writing the same objects (UNWIND batches of 1,000);
 *   diff    — of the applied scope, unchanged, and with 10% of the p-interfaces changed (the POST
 *             to the last byte of the answer);
 *   the apply again on a service with EVENTS_ENABLED=false (the raw driver writes no outbox).
 * Runs inside `npm run bench` (after the job path) and alone: `npm run bench:sync`.
 */
import { request } from 'node:http';
import { Readable } from 'node:stream';
import type { Driver } from 'neo4j-driver';
import { BENCH_AUTHORIZATION, benchNeo4j, fmt, http, runWhenInvoked, startService } from './common.js';
import { INTERFACES_PER_PNF, inventory, linkBody, linkUri, pifBody, pifUri, pnfBody, pnfUri, type Inventory } from './inventory.js';
import { writeRaw } from './raw-driver.js';
import { createDriver } from '../../src/store/driver.js';

export interface SyncReport {
  /** The apply again, on a service with EVENTS_ENABLED=false (no outbox). */
  withoutEvents?: { applySeconds: number; applyJobSeconds: number };
  objects: number;
  /** The scope's roots (the pnfs and the links). */
  roots: number;
  rawSeconds: number;
  /** POST → 202 (upload, scope read, diff, job input stored). */
  applyPostSeconds: number;
  /** The job's own started → finished. */
  applyJobSeconds: number;
  /** POST → job completed. */
  applySeconds: number;
  applyTransactions: number;
  applyFailed: number;
  diffUnchangedSeconds: number;
  diffChangedSeconds: number;
  diffChangedUpdates: number;
}

function* desired(inv: Inventory, changed: number): Generator<string> {
  const roots = [...inv.pnfs.map(pnfUri), ...inv.links.map((l) => linkUri(l.name))];
  yield `${JSON.stringify({ scope: { uris: roots } })}\n`;
  let k = 0;
  for (const pnf of inv.pnfs) {
    yield `${JSON.stringify({ uri: pnfUri(pnf), body: pnfBody(pnf) })}\n`;
    for (let j = 0; j < INTERFACES_PER_PNF; j++) {
      const body = pifBody(`eth${j}`);
      if (k++ % 10 < changed) body['port-description'] = 'changed';
      yield `${JSON.stringify({ uri: pifUri(pnf, `eth${j}`), body })}\n`;
    }
  }
  for (const l of inv.links) yield `${JSON.stringify({ uri: linkUri(l.name), body: linkBody(l) })}\n`;
}

/** POST the desired state (streamed NDJSON); the answer's status, body, and seconds to its last byte. */
function post(url: string, query: string, inv: Inventory, changed: number): Promise<{ status: number; body: string; seconds: number }> {
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/aai/v15/bulk/sync${query}`,
      { method: 'POST', headers: { 'X-FromAppId': 'bench-sync', 'X-TransactionId': 'bench-sync', 'Content-Type': 'application/x-ndjson', Accept: 'application/json', Authorization: BENCH_AUTHORIZATION } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), seconds: Number(process.hrtime.bigint() - t0) / 1e9 }));
      },
    );
    req.on('error', reject);
    Readable.from(desired(inv, changed)).pipe(req);
  });
}

async function waitJob(url: string, id: string): Promise<{ processingSeconds: number; transactions: { total: number; failed: number } }> {
  for (;;) {
    const r = await http('GET', `${url}/aai/v15/bulk/jobs/${id}`, undefined, { 'X-FromAppId': 'bench-sync' });
    const job = JSON.parse(r.body) as { status: string; transactions: { total: number; failed: number }; started: string; finished: string };
    if (['completed', 'failed', 'cancelled'].includes(job.status)) {
      if (job.status !== 'completed') throw new Error(`sync job ended ${job.status}`);
      return { processingSeconds: (Date.parse(job.finished) - Date.parse(job.started)) / 1000, transactions: job.transactions };
    }
    await new Promise((r2) => setTimeout(r2, 100));
  }
}

const objectsOf = (inv: Inventory): number => inv.pnfs.length * (1 + INTERFACES_PER_PNF) + inv.links.length;

/** One apply into an empty scope, then the diffs. */
async function round(url: string, inv: Inventory): Promise<Omit<SyncReport, 'rawSeconds'>> {
  const t0 = process.hrtime.bigint();
  const applied = await post(url, '?mode=apply', inv, 0);
  if (applied.status !== 202) throw new Error(`sync apply answered ${applied.status}: ${applied.body.slice(0, 500)}`);
  const { job } = JSON.parse(applied.body) as { job: { id: string } };
  const done = await waitJob(url, job.id);
  const applySeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const unchanged = await post(url, '', inv, 0);
  if (unchanged.status !== 200) throw new Error(`sync diff answered ${unchanged.status}: ${unchanged.body.slice(0, 500)}`);
  const u = JSON.parse(unchanged.body) as { summary: Record<string, number> };
  if (u.summary['unchanged'] !== objectsOf(inv)) throw new Error(`the diff after the apply is not empty: ${JSON.stringify(u.summary)}`);
  const changed = await post(url, '', inv, 1);
  if (changed.status !== 200) throw new Error(`sync diff answered ${changed.status}: ${changed.body.slice(0, 500)}`);
  const c = JSON.parse(changed.body) as { summary: Record<string, number> };
  return {
    objects: objectsOf(inv),
    roots: inv.pnfs.length + inv.links.length,
    applyPostSeconds: applied.seconds,
    applyJobSeconds: done.processingSeconds,
    applySeconds,
    applyTransactions: done.transactions.total,
    applyFailed: done.transactions.failed,
    diffUnchangedSeconds: unchanged.seconds,
    diffChangedSeconds: changed.seconds,
    diffChangedUpdates: c.summary['update'] ?? 0,
  };
}

export async function syncBench(url: string, driver: Driver, database: string, run: string, pnfs: number, log: (m: string) => void, noEventsUrl?: string): Promise<SyncReport> {
  log(`sync: a warm-up round of ${fmt(objectsOf(inventory('x', Math.min(pnfs, 2000))))} objects…`);
  await round(url, inventory(`${run}-syncwarm`, Math.min(pnfs, 2000)));
  if (noEventsUrl) await round(noEventsUrl, inventory(`${run}-syncwarmnoev`, Math.min(pnfs, 2000)));
  const t0 = process.hrtime.bigint();
  await writeRaw(driver, database, inventory(`${run}-syncraw`, pnfs));
  const rawSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  log(`sync: raw driver wrote ${fmt(objectsOf(inventory('x', pnfs)))} objects in ${fmt(rawSeconds, 1)} s; now the measured apply and diffs…`);
  const r = await round(url, inventory(`${run}-sync`, pnfs));
  log(`sync: apply ${fmt(r.applySeconds, 1)} s (POST ${fmt(r.applyPostSeconds, 1)} s, job ${fmt(r.applyJobSeconds, 1)} s); diff ${fmt(r.diffUnchangedSeconds, 1)} s unchanged, ${fmt(r.diffChangedSeconds, 1)} s with ${fmt(r.diffChangedUpdates)} updates`);
  if (!noEventsUrl) return { ...r, rawSeconds };
  const n = await round(noEventsUrl, inventory(`${run}-syncnoev`, pnfs));
  log(`sync without events: apply ${fmt(n.applySeconds, 1)} s (job ${fmt(n.applyJobSeconds, 1)} s)`);
  return { ...r, rawSeconds, withoutEvents: { applySeconds: n.applySeconds, applyJobSeconds: n.applyJobSeconds } };
}

export function printSync(r: SyncReport, peakRssMb?: number): void {
  const rate = (s: number): string => fmt(r.objects / s);
  const raw = r.objects / r.rawSeconds;
  console.log(`\nDeclarative sync of ${fmt(r.objects)} objects (scope: their ${fmt(r.roots)} roots, the pnfs and the links), against the raw driver writing the same objects:\n`);
  console.log('| step | seconds | objects/s | vs raw |');
  console.log('|---|---:|---:|---:|');
  console.log(`| raw driver, UNWIND batches of 1,000 | ${fmt(r.rawSeconds, 1)} | ${rate(r.rawSeconds)} | 100% |`);
  console.log(`| sync apply into an empty scope: POST → job completed (${fmt(r.applyTransactions)} transactions, ${r.applyFailed} failed) | ${fmt(r.applySeconds, 1)} | ${rate(r.applySeconds)} | ${fmt((100 * r.objects) / r.applySeconds / raw)}% |`);
  console.log(`| … of which the POST: upload, scope read, diff, job stored | ${fmt(r.applyPostSeconds, 1)} | – | – |`);
  console.log(`| … of which the job: started → finished | ${fmt(r.applyJobSeconds, 1)} | ${rate(r.applyJobSeconds)} | ${fmt((100 * r.objects) / r.applyJobSeconds / raw)}% |`);
  if (r.withoutEvents) {
    const w = r.withoutEvents;
    console.log(`| sync apply, EVENTS_ENABLED=false: POST → job completed | ${fmt(w.applySeconds, 1)} | ${rate(w.applySeconds)} | ${fmt((100 * r.objects) / w.applySeconds / raw)}% |`);
    console.log(`| … of which the job | ${fmt(w.applyJobSeconds, 1)} | ${rate(w.applyJobSeconds)} | ${fmt((100 * r.objects) / w.applyJobSeconds / raw)}% |`);
  }
  console.log(`| sync diff, unchanged (POST → last byte) | ${fmt(r.diffUnchangedSeconds, 1)} | ${rate(r.diffUnchangedSeconds)} | – |`);
  console.log(`| sync diff, ${fmt(r.diffChangedUpdates)} objects changed | ${fmt(r.diffChangedSeconds, 1)} | ${rate(r.diffChangedSeconds)} | – |`);
  if (peakRssMb !== undefined) console.log(`\nService peak RSS (VmHWM) through the sync runs: ${fmt(peakRssMb)} MB`);
}

/** `npm run bench:sync`: this part alone, on its own Neo4j and service. */
async function main(): Promise<void> {
  const neo4j = await benchNeo4j();
  const driver = createDriver(neo4j);
  const service = await startService(neo4j);
  const noEvents = await startService(neo4j, { EVENTS_ENABLED: 'false' });
  try {
    const r = await syncBench(service.url, driver, neo4j.database, `s${Date.now().toString(36)}`, Number(process.env['BENCH_SYNC_PNFS'] ?? 14286), (m) => process.stderr.write(`[bench] ${m}\n`), noEvents.url);
    printSync(r, service.peakRssMb());
    console.log(`\nJSON: ${JSON.stringify(r)}`);
  } finally {
    await service.stop();
    await noEvents.stop();
    await driver.close();
    await neo4j.stop();
  }
}

runWhenInvoked(import.meta.url, main);
