/**
 * `npm run bench`: builds a realistic inventory (2,000 pnfs × 4 p-interfaces + 4,000 logical-links
 * relating pairs of p-interfaces) against one Neo4j, in the same run:
 *   raw       — the raw neo4j-driver, UNWIND batches of 1,000 (the reference rate);
 *   raw30     — the raw neo4j-driver in bulkadd's 30-operation transactions from 8 clients (what
 *               Neo4j costs per transaction of that size, without any A&AI semantics);
 *   bulkadd   — PUT /aai/v15/bulkadd, 30-operation requests from 8 concurrent clients;
 * and prints operations/s, the ratio to raw, p50/p99 per request and the service's peak RSS.
 * Both JITs (Neo4j's JVM, Node) keep speeding up for thousands of operations, so both paths are
 * warmed up first, then measured in alternating rounds; the figures are the medians.
 *
 * Options (environment): BENCH_PNFS (2000), BENCH_CLIENTS (8), BENCH_WARMUP_ROUNDS (3),
 * BENCH_ROUNDS (3), NEO4J_URI (an existing server instead of a throwaway one), and any service
 * setting (e.g. NEO4J_MAX_POOL_SIZE), passed to the service.
 */
import { createDriver } from '../src/store/driver.js';
import { benchNeo4j, fmt, startService, type LoadResult } from './bench/common.js';
import { inventory, operationCount } from './bench/inventory.js';
import { writeRaw, writeRawTransactions } from './bench/raw-driver.js';
import { jobLoad } from './bench/job.js';
import { bulkaddLoad, bulkprocessLoad, serialLatency, singleTransactionLoad } from './bench/scenarios.js';

const PNFS = Number(process.env['BENCH_PNFS'] ?? 2000);
const CLIENTS = Number(process.env['BENCH_CLIENTS'] ?? 8);
const WARMUP_ROUNDS = Number(process.env['BENCH_WARMUP_ROUNDS'] ?? 3);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
/** pnfs of the job inventory: 7 operations each (pnf, 4 p-interfaces, 2 links) → 100,002. */
const JOB_PNFS = Number(process.env['BENCH_JOB_PNFS'] ?? 14286);

interface Row {
  name: string;
  ops: number;
  opsPerSecond: number;
  ratio?: number;
  p50?: number;
  p99?: number;
  failures?: number;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

/** The round with the median rate, so its latencies belong to the rate reported. */
function medianRound(results: readonly LoadResult[]): LoadResult {
  const sorted = [...results].sort((a, b) => a.opsPerSecond - b.opsPerSecond);
  const r = sorted[Math.floor(sorted.length / 2)];
  if (!r) throw new Error('no rounds');
  return r;
}

async function main(): Promise<void> {
  const run = `b${Date.now().toString(36)}`;
  const neo4j = await benchNeo4j();
  const driver = createDriver(neo4j);
  const service = await startService(neo4j);
  const rows: Row[] = [];
  let peakBulk = NaN;
  try {
    for (let i = 0; i < WARMUP_ROUNDS; i++) {
      await writeRaw(driver, neo4j.database, inventory(`${run}-wr${i}`, 1000));
      await writeRawTransactions(driver, neo4j.database, inventory(`${run}-wt${i}`, 1000), CLIENTS);
      await bulkaddLoad(service.url, inventory(`${run}-wb${i}`, 1000), CLIENTS);
    }
    const raw: number[] = [];
    const raw30: LoadResult[] = [];
    const bulk: LoadResult[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = process.hrtime.bigint();
      const ops = await writeRaw(driver, neo4j.database, inventory(`${run}-raw${i}`, PNFS));
      raw.push(ops / (Number(process.hrtime.bigint() - t0) / 1e9));
      raw30.push(await writeRawTransactions(driver, neo4j.database, inventory(`${run}-raw30-${i}`, PNFS), CLIENTS));
      bulk.push(await bulkaddLoad(service.url, inventory(`${run}-bulk${i}`, PNFS), CLIENTS));
    }
    const rawRate = median(raw);
    rows.push({ name: 'raw driver, UNWIND batches of 1,000', ops: operationCount(inventory('x', PNFS)), opsPerSecond: rawRate });
    const r30 = medianRound(raw30);
    rows.push({ name: `raw driver, bulkadd's 30-operation transactions, ${CLIENTS} clients`, ops: r30.ops, opsPerSecond: r30.opsPerSecond, ratio: r30.opsPerSecond / rawRate, p50: r30.p50, p99: r30.p99, failures: r30.failures });
    const b = medianRound(bulk);
    rows.push({ name: `bulkadd, 30 ops/request, ${CLIENTS} clients (${fmt((100 * b.opsPerSecond) / r30.opsPerSecond)}% of the raw 30-operation rate)`, ops: b.ops, opsPerSecond: b.opsPerSecond, ratio: b.opsPerSecond / rawRate, p50: b.p50, p99: b.p99, failures: b.failures });
    const serial = await serialLatency(service.url, inventory(`${run}-serial`, 600));
    rows.push({ name: 'bulkadd, 30 ops/request, 1 client', ops: serial.ops, opsPerSecond: serial.opsPerSecond, ratio: serial.opsPerSecond / rawRate, p50: serial.p50, p99: serial.p99, failures: serial.failures });
    const perPnf = await bulkaddLoad(service.url, inventory(`${run}-perpnf`, PNFS), CLIENTS, true);
    rows.push({ name: `bulkadd, 30 ops/request as 6 transactions of a pnf and its p-interfaces, ${CLIENTS} clients`, ops: perPnf.ops, opsPerSecond: perPnf.opsPerSecond, ratio: perPnf.opsPerSecond / rawRate, p50: perPnf.p50, p99: perPnf.p99, failures: perPnf.failures });
    const proc = await bulkprocessLoad(service.url, inventory(`${run}-bulk0`, PNFS), CLIENTS);
    rows.push({ name: `bulkprocess (patch p-interfaces, delete links), 30 ops/request, ${CLIENTS} clients`, ops: proc.ops, opsPerSecond: proc.opsPerSecond, ratio: proc.opsPerSecond / rawRate, p50: proc.p50, p99: proc.p99, failures: proc.failures });
    const single = await singleTransactionLoad(service.url, inventory(`${run}-single`, PNFS), CLIENTS);
    rows.push({ name: `bulk/single-transaction, 30 ops/request, ${CLIENTS} clients`, ops: single.ops, opsPerSecond: single.opsPerSecond, ratio: single.opsPerSecond / rawRate, p50: single.p50, p99: single.p99, failures: single.failures });
    peakBulk = service.peakRssMb();

    // The job path has code of its own on both sides (NDJSON input, job worker, job statements):
    // warm it up like every other path before measuring it.
    await jobLoad(service.url, inventory(`${run}-jobwarm`, Math.min(JOB_PNFS, 2000)));
    const jobInv = inventory(`${run}-job`, JOB_PNFS);
    const t1 = process.hrtime.bigint();
    const rawJobOps = await writeRaw(driver, neo4j.database, inventory(`${run}-rawjob`, JOB_PNFS));
    const rawJobRate = rawJobOps / (Number(process.hrtime.bigint() - t1) / 1e9);
    rows.push({ name: `raw driver, UNWIND batches of 1,000 (job-sized inventory)`, ops: rawJobOps, opsPerSecond: rawJobRate });
    const job = await jobLoad(service.url, jobInv);
    rows.push({ name: `job, end to end: submit (${fmt(job.submitSeconds, 1)} s upload) → completed`, ops: job.ops, opsPerSecond: job.opsPerSecond, ratio: job.opsPerSecond / rawJobRate, failures: job.failedTransactions });
    rows.push({ name: `job, processing: started → finished (${fmt(job.processingSeconds, 1)} s)`, ops: job.ops, opsPerSecond: job.processingOpsPerSecond, ratio: job.processingOpsPerSecond / rawJobRate, failures: job.failedTransactions });
  } finally {
    const peak = service.peakRssMb();
    await service.stop();
    await driver.close();
    await neo4j.stop();
    print(rows, peakBulk, peak);
  }
}

function print(rows: readonly Row[], peakBulkMb: number, peakRssMb: number): void {
  console.log(`\nInventory per round: ${PNFS} pnfs × 4 p-interfaces + ${PNFS * 2} logical-links = ${fmt(operationCount(inventory('x', PNFS)))} operations`);
  console.log(`Warm-up: ${WARMUP_ROUNDS} rounds of 1,000 pnfs on each synchronous path and a job of 2,000 pnfs; measured: median of ${ROUNDS} alternating rounds, one job\n`);
  console.log('| path | operations | operations/s | vs raw | p50 ms/request | p99 ms/request | failed requests / transactions |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const cell = (v: number | undefined, digits = 1): string => (v === undefined ? '–' : fmt(v, digits));
    console.log(
      `| ${r.name} | ${fmt(r.ops)} | ${fmt(r.opsPerSecond)} | ${r.ratio === undefined ? '100%' : `${fmt(100 * r.ratio)}%`} | ${cell(r.p50)} | ${cell(r.p99)} | ${r.failures ?? '–'} |`,
    );
  }
  console.log(`\nService peak RSS (VmHWM): ${fmt(peakBulkMb)} MB through the synchronous bulk runs, ${fmt(peakRssMb)} MB including the job`);
  console.log(`\nJSON: ${JSON.stringify({ rows, peakBulkMb, peakRssMb })}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
