/**
 * `npm run bench`: builds a realistic inventory (2,000 pnfs × 4 p-interfaces + 4,000 logical-links
 * relating pairs of p-interfaces) against one Neo4j, in the same run:
 *   raw       — the raw neo4j-driver, UNWIND batches of 1,000 (the reference rate);
 *   raw30     — the raw neo4j-driver in bulkadd's 30-operation transactions from 8 clients (what
 *               Neo4j costs per transaction of that size, without any A&AI semantics);
 *   bulkadd   — PUT /aai/v15/bulkadd, 30-operation requests from 8 concurrent clients, as one A&AI
 *               transaction or as six;
 *   bulkadd with and without change events — the same load through a second service with
 *               EVENTS_ENABLED=false (no outbox), the default service (outbox + sequencer), and a
 *               service that also relays the outbox to a Kafka broker the bench starts, with the
 *               relay's lag after the load and the topic's messages against the events recorded
 *               (scripts/bench/events.ts);
 *   bulk/single-transaction and bulkprocess (patches and deletes) in the same shapes;
 * and prints operations/s, the ratio to raw, p50/p99 per request and the service's peak RSS; then
 * a 100,002-operation job against a raw load of the same size; then the traversal reads
 * (nodes-query, generic-query, Policy's closed-loop stored query, a 3-hop DSL query) from 8 clients
 * against the raw driver running the same Cypher (scripts/bench/reads.ts); then the declarative
 * sync of a 100,002-object scope: apply and diffs (scripts/bench/sync.ts, alone: npm run bench:sync);
 * then the web console's render times on that store (scripts/bench/ui.ts, alone: npm run bench:ui).
 *
 * Neo4j's JVM keeps compiling for a long while: on the 2-core machine its JIT was still spending
 * seconds of compile time per round after 100,000 bulk operations, and bulkadd ran four to six
 * times faster in the tenth round than in the first. So every path is warmed up at full size, then
 * all of them are measured in alternating rounds; the figures are the medians.
 *
 * Options (environment): BENCH_PNFS (2000), BENCH_CLIENTS (8), BENCH_WARMUP_ROUNDS (3),
 * BENCH_ROUNDS (5), BENCH_JOB_PNFS (14286), BENCH_READ_REQUESTS (2000), BENCH_KAFKA (true; false leaves
 * out the Kafka relay row and the broker), NEO4J_URI (an existing server instead of a throwaway
 * one), KAFKA_BROKERS (an existing broker for the relay row instead of a local one; the other
 * services run without a relay), and any service setting (e.g. NEO4J_MAX_POOL_SIZE), passed to the
 * service.
 */
import { createDriver } from '../src/store/driver.js';
import { benchNeo4j, fmt, median, startService, type LoadResult } from './bench/common.js';
import { inventory, operationCount, type Inventory } from './bench/inventory.js';
import { writeRaw, writeRawTransactions } from './bench/raw-driver.js';
import { jobLoad } from './bench/job.js';
import { bulkaddLoad, bulkprocessLoad, serialLatency, singleTransactionLoad } from './bench/scenarios.js';
import { readLoads, type ReadPair } from './bench/reads.js';
import { benchKafka, relayRound, type BenchKafka, type RelayRound } from './bench/events.js';
import { Schema } from '../src/schema/schema.js';
import { printSync, syncBench, type SyncReport } from './bench/sync.js';
import { printUi, uiBench, type UiReport } from './bench/ui.js';
import { main as scaleMain } from './bench/scale.js';

const PNFS = Number(process.env['BENCH_PNFS'] ?? 2000);
const CLIENTS = Number(process.env['BENCH_CLIENTS'] ?? 8);
const WARMUP_ROUNDS = Number(process.env['BENCH_WARMUP_ROUNDS'] ?? 3);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
/** pnfs of the job inventory: 7 operations each (pnf, 4 p-interfaces, 2 links) → 100,002. */
const JOB_PNFS = Number(process.env['BENCH_JOB_PNFS'] ?? 14286);
/** Requests per read row (each row twice: warm-up, then measured), and for its raw reference. */
const READ_REQUESTS = Number(process.env['BENCH_READ_REQUESTS'] ?? 2000);
/** The bulkadd row with the Kafka relay (a local broker, unless KAFKA_BROKERS names one). */
const KAFKA = (process.env['BENCH_KAFKA'] ?? 'true') !== 'false';

interface Row {
  name: string;
  /** Operations/s of every measured round, in order. */
  rounds?: number[] | undefined;
  ops: number;
  opsPerSecond: number;
  ratio?: number;
  p50?: number;
  p99?: number;
  failures?: number;
}

/** The round with the median rate, so its latencies belong to the rate reported. */
function medianRound(results: readonly LoadResult[]): LoadResult {
  const sorted = [...results].sort((a, b) => a.opsPerSecond - b.opsPerSecond);
  const r = sorted[Math.floor(sorted.length / 2)];
  if (!r) throw new Error('no rounds');
  return r;
}

/** A path measured in every round: `run` writes (or, for bulkprocess, rewrites) one round's inventory. */
interface Path {
  /** The paths the report refers to by name. */
  key?: 'raw' | 'raw30' | 'bulk' | 'noEvents' | 'relay';
  name: string;
  /** One round; `tag` names its inventories. */
  run(tag: string): Promise<LoadResult>;
}

async function main(): Promise<void> {
  if (process.argv.includes('--scale')) {
    // `npm run bench -- --scale`: the scale run instead (scripts/bench/scale.ts, also npm run bench:scale).
    await scaleMain();
    return;
  }
  const run = `b${Date.now().toString(36)}`;
  const neo4j = await benchNeo4j();
  const driver = createDriver(neo4j);
  // A relay only in the relay row's own service (KAFKA_BROKERS may be set for that row).
  const service = await startService(neo4j, { KAFKA_BROKERS: '' });
  const noEvents = await startService(neo4j, { EVENTS_ENABLED: 'false', KAFKA_BROKERS: '' });
  let kafka: BenchKafka | undefined;
  const relayRounds: RelayRound[] = [];
  const inv = (tag: string, path: string): Inventory => inventory(`${run}-${tag}-${path}`, PNFS);
  const paths: Path[] = [
    {
      key: 'raw',
      name: 'raw driver, UNWIND batches of 1,000',
      run: async (tag) => {
        const t0 = process.hrtime.bigint();
        const ops = await writeRaw(driver, neo4j.database, inv(tag, 'raw'));
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        return { ops, requests: 0, seconds, opsPerSecond: ops / seconds, p50: NaN, p99: NaN, failures: 0, latencies: [] };
      },
    },
    { key: 'raw30', name: `raw driver, bulkadd's 30-operation transactions, ${CLIENTS} clients`, run: (tag) => writeRawTransactions(driver, neo4j.database, inv(tag, 'raw30'), CLIENTS) },
    { key: 'noEvents', name: `bulkadd, 30 ops/request, ${CLIENTS} clients, EVENTS_ENABLED=false (no outbox)`, run: (tag) => bulkaddLoad(noEvents.url, inv(tag, 'noev'), CLIENTS) },
    { key: 'bulk', name: `bulkadd, 30 ops/request, ${CLIENTS} clients`, run: (tag) => bulkaddLoad(service.url, inv(tag, 'bulk'), CLIENTS) },
    ...(KAFKA
      ? [
          {
            key: 'relay' as const,
            name: `bulkadd, 30 ops/request, ${CLIENTS} clients, events relayed to Kafka`,
            run: async (tag: string): Promise<LoadResult> => {
              if (!kafka) throw new Error('no Kafka broker');
              const topic = `aai-bench-${run}-${tag}`;
              const warmup = inventory(`${run}-${tag}-warmkafka`, Math.max(20, Math.round(PNFS / 4)));
              const r = await relayRound({ neo4j, driver, kafka, topic, tag, clients: CLIENTS, inventory: inv(tag, 'kafka'), warmup, log: (m) => process.stderr.write(`[bench] ${m}\n`) });
              relayRounds.push(r.relay);
              const x = r.relay;
              process.stderr.write(
                `[bench] relay on ${topic}: numbered ${fmt(x.sequencedMs)} ms and relayed ${fmt(x.lagMs)} ms after the load; ${fmt(x.events)} events of the load (${fmt(x.otherEvents)} others), ${fmt(x.messages)} messages, ${fmt(x.delivered)} of the load's events on the topic\n`,
              );
              return r.load;
            },
          },
        ]
      : []),
    { name: `bulkadd, 30 ops/request as 6 transactions of a pnf and its p-interfaces, ${CLIENTS} clients`, run: (tag) => bulkaddLoad(service.url, inv(tag, 'perpnf'), CLIENTS, true) },
    { name: `bulk/single-transaction, 30 ops/request, ${CLIENTS} clients`, run: (tag) => singleTransactionLoad(service.url, inv(tag, 'single'), CLIENTS) },
    // On the inventory bulkadd wrote in the same round.
    { name: `bulkprocess (patch p-interfaces, delete links), 30 ops/request, ${CLIENTS} clients`, run: (tag) => bulkprocessLoad(service.url, inv(tag, 'bulk'), CLIENTS) },
  ];
  const rows: Row[] = [];
  const reads: ReadPair[] = [];
  let peakBulk = NaN;
  let events: EventsReport | undefined;
  let sync: SyncReport | undefined;
  let ui: UiReport | undefined;
  let peakJob = NaN;
  try {
    // One progress line per path and round (stderr: the report on stdout stays the table).
    const started = Date.now();
    if (KAFKA) kafka = await benchKafka((m) => process.stderr.write(`[kafka] ${m}\n`));
    const timed = async (phase: string, p: Path, tag: string): Promise<LoadResult> => {
      const r = await p.run(tag);
      process.stderr.write(`[bench ${Math.round((Date.now() - started) / 1000)} s] ${phase}: ${p.name}: ${fmt(r.opsPerSecond)} ops/s${r.failures > 0 ? `, ${r.failures} failed` : ''}\n`);
      return r;
    };
    for (let i = 0; i < WARMUP_ROUNDS; i++) for (const p of paths) await timed(`warm-up ${i + 1}/${WARMUP_ROUNDS}`, p, `w${i}`);
    const results = paths.map((): LoadResult[] => []);
    for (let i = 0; i < ROUNDS; i++) for (const [k, p] of paths.entries()) results[k]?.push(await timed(`round ${i + 1}/${ROUNDS}`, p, `m${i}`));
    const measured = paths.map((p, k) => ({ key: p.key, name: p.name, r: medianRound(results[k] ?? []), rounds: (results[k] ?? []).map((r) => r.opsPerSecond) }));
    const byKey = (key: Path['key']): (typeof measured)[number] | undefined => measured.find((m) => m.key === key);
    const [raw, raw30, bulk, noEv, relay] = [byKey('raw'), byKey('raw30'), byKey('bulk'), byKey('noEvents'), byKey('relay')];
    const others = measured.filter((m) => m.key === undefined);
    if (!raw || !raw30 || !bulk || !noEv) throw new Error('no paths');
    const rawRate = raw.r.opsPerSecond;
    const row = (name: string, r: LoadResult, rounds?: number[]): Row => ({ name, rounds, ops: r.ops, opsPerSecond: r.opsPerSecond, ratio: r.opsPerSecond / rawRate, p50: r.p50, p99: r.p99, failures: r.failures });
    rows.push({ name: raw.name, rounds: raw.rounds, ops: raw.r.ops, opsPerSecond: rawRate });
    rows.push(row(raw30.name, raw30.r, raw30.rounds));
    rows.push(row(`${bulk.name} (${fmt((100 * bulk.r.opsPerSecond) / raw30.r.opsPerSecond)}% of the raw 30-operation rate)`, bulk.r, bulk.rounds));
    const cost = (r: LoadResult): string => `${fmt((100 * (noEv.r.opsPerSecond - r.opsPerSecond)) / noEv.r.opsPerSecond, 1)}%`;
    rows.push(row(noEv.name, noEv.r, noEv.rounds));
    const measuredRelay = relayRounds.filter((x) => x.tag.startsWith('m'));
    if (relay) rows.push(row(`${relay.name} (outbox and relay cost ${cost(relay.r)} of the rate without events)`, relay.r, relay.rounds));
    events = {
      off: noEv.r.opsPerSecond,
      outbox: bulk.r.opsPerSecond,
      outboxCostPercent: (100 * (noEv.r.opsPerSecond - bulk.r.opsPerSecond)) / noEv.r.opsPerSecond,
      ...(relay
        ? {
            relay: relay.r.opsPerSecond,
            relayCostPercent: (100 * (noEv.r.opsPerSecond - relay.r.opsPerSecond)) / noEv.r.opsPerSecond,
            relayRounds: measuredRelay,
            kafka: kafka?.source,
          }
        : {}),
    };
    process.stderr.write('[bench] bulkadd from one client…\n');
    rows.push(row('bulkadd, 30 ops/request, 1 client', await serialLatency(service.url, inventory(`${run}-serial`, 600))));
    for (const o of others) rows.push(row(o.name, o.r, o.rounds));
    peakBulk = service.peakRssMb();

    // The reads, on an inventory a bulkadd path wrote in full (pnfs, p-interfaces, logical-links):
    // a warm-up pass of every row, then the measured one.
    process.stderr.write('[bench] the traversal reads: a warm-up pass, then the measured one…\n');
    const schema = Schema.load();
    const readInv = inv('m0', 'perpnf');
    await readLoads(service.url, driver, neo4j.database, schema, readInv, `${run}-rw`, CLIENTS, READ_REQUESTS);
    for (const pair of await readLoads(service.url, driver, neo4j.database, schema, readInv, `${run}-r`, CLIENTS, READ_REQUESTS)) {
      reads.push(pair);
      process.stderr.write(`[bench] ${pair.name}: ${fmt(pair.service.opsPerSecond)} requests/s, raw ${fmt(pair.raw.opsPerSecond)}\n`);
    }

    // The job path has code of its own on both sides (NDJSON input, job worker, job statements):
    // warm it up like every other path before measuring it.
    process.stderr.write('[bench] the job path: a warm-up job, a raw load of its size, then the measured job…\n');
    await jobLoad(service.url, inventory(`${run}-jobwarm`, Math.min(JOB_PNFS, 2000)));
    const jobInv = inventory(`${run}-job`, JOB_PNFS);
    const t1 = process.hrtime.bigint();
    const rawJobOps = await writeRaw(driver, neo4j.database, inventory(`${run}-rawjob`, JOB_PNFS));
    const rawJobRate = rawJobOps / (Number(process.hrtime.bigint() - t1) / 1e9);
    rows.push({ name: `raw driver, UNWIND batches of 1,000 (job-sized inventory)`, ops: rawJobOps, opsPerSecond: rawJobRate });
    const job = await jobLoad(service.url, jobInv);
    rows.push({ name: `job, end to end: submit (${fmt(job.submitSeconds, 1)} s upload) → completed`, ops: job.ops, opsPerSecond: job.opsPerSecond, ratio: job.opsPerSecond / rawJobRate, failures: job.failedTransactions });
    rows.push({ name: `job, processing: started → finished (${fmt(job.processingSeconds, 1)} s)`, ops: job.ops, opsPerSecond: job.processingOpsPerSecond, ratio: job.processingOpsPerSecond / rawJobRate, failures: job.failedTransactions });
    peakJob = service.peakRssMb();
    sync = await syncBench(service.url, driver, neo4j.database, run, JOB_PNFS, (m) => process.stderr.write(`[bench] ${m}\n`), noEvents.url);
    // The console on everything written so far (the sync's inventory among it).
    ui = await uiBench(service.url, driver, neo4j.database, `${run}-sync-pnf-${Math.floor(JOB_PNFS / 2)}`, (m) => process.stderr.write(`[bench] ${m}\n`));
  } finally {
    const peak = service.peakRssMb();
    if (Number.isNaN(peakJob)) peakJob = peak;
    await service.stop();
    await noEvents.stop();
    await kafka?.stop();
    await driver.close();
    await neo4j.stop();
    print(rows, reads, peakBulk, peakJob, events);
    if (sync) printSync(sync, peak);
    if (ui) printUi(ui);
  }
}

/** bulkadd without change events, with the outbox, and with the Kafka relay: medians of the measured rounds. */
interface EventsReport {
  off: number;
  outbox: number;
  outboxCostPercent: number;
  relay?: number;
  relayCostPercent?: number;
  /** Every measured relay round, in order. */
  relayRounds?: RelayRound[];
  kafka?: BenchKafka['source'] | undefined;
}

function printEvents(e: EventsReport): void {
  console.log(`\nChange events on bulkadd, 30 ops/request, ${CLIENTS} clients (median rounds), against the same load without them:\n`);
  console.log('| change events | operations/s | cost vs no outbox | numbered after the load (median / max ms) | relayed after the load (median / max ms) | per round: events of the load / on the topic / messages published |');
  console.log('|---|---:|---:|---:|---:|---:|');
  console.log(`| off (EVENTS_ENABLED=false) | ${fmt(e.off)} | – | – | – | – |`);
  console.log(`| outbox + sequencer (the default) | ${fmt(e.outbox)} | ${fmt(e.outboxCostPercent, 1)}% | – | – | – |`);
  const rr = e.relayRounds ?? [];
  if (e.relay !== undefined && e.relayCostPercent !== undefined) {
    const seq = rr.map((r) => r.sequencedMs);
    const lag = rr.map((r) => r.lagMs);
    console.log(
      `| outbox + sequencer + Kafka relay (${e.kafka === 'env' ? 'KAFKA_BROKERS' : 'local broker'}) | ${fmt(e.relay)} | ${fmt(e.relayCostPercent, 1)}% | ${fmt(median(seq))} / ${fmt(Math.max(...seq))} | ${fmt(median(lag))} / ${fmt(Math.max(...lag))} | ${rr.map((r) => `${fmt(r.events)} / ${fmt(r.delivered)} / ${fmt(r.messages)}`).join(', ')} |`,
    );
    const others = rr.reduce((n, r) => n + r.otherEvents, 0);
    if (others > 0) console.log(`\n(${fmt(others)} events of other writers on this Neo4j were numbered during the relay rounds; the relay published them too.)`);
    const short = rr.filter((r) => r.delivered < r.events || r.messages < r.events);
    if (short.length > 0) {
      console.log(`\nMISSING MESSAGES: the topic lacks events the load recorded in ${short.map((r) => `${r.topic} (${r.events - r.delivered} missing)`).join(', ')}`);
      process.exitCode = 1;
    }
  }
}

function print(rows: readonly Row[], reads: readonly ReadPair[], peakBulkMb: number, peakRssMb: number, events: EventsReport | undefined): void {
  console.log(`\nInventory per round: ${PNFS} pnfs × 4 p-interfaces + ${PNFS * 2} logical-links = ${fmt(operationCount(inventory('x', PNFS)))} operations`);
  console.log(`Warm-up: ${WARMUP_ROUNDS} rounds of the full inventory on each synchronous path and a job of 2,000 pnfs; measured: median of ${ROUNDS} alternating rounds (1 client: one run after them), one job\n`);
  console.log('| path | operations | operations/s | vs raw | p50 ms/request | p99 ms/request | failed requests / transactions |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const cell = (v: number | undefined, digits = 1): string => (v === undefined ? '–' : fmt(v, digits));
    console.log(
      `| ${r.name} | ${fmt(r.ops)} | ${fmt(r.opsPerSecond)} | ${r.ratio === undefined ? '100%' : `${fmt(100 * r.ratio)}%`} | ${cell(r.p50)} | ${cell(r.p99)} | ${r.failures ?? '–'} |`,
    );
  }
  console.log('\nOperations/s of each measured round, in order:');
  for (const r of rows) if (r.rounds) console.log(`- ${r.name.replace(/ \(.*\)$/, '')}: ${r.rounds.map((x) => fmt(x)).join(', ')}`);
  if (events) printEvents(events);
  if (reads.length > 0) {
    console.log(`\nTraversal reads, ${CLIENTS} clients, ${fmt(READ_REQUESTS)} requests each (after a warm-up pass), against the raw driver running the same Cypher:\n`);
    console.log('| read | requests/s | raw requests/s | vs raw | p50 ms | p99 ms | raw p50 ms | raw p99 ms | failed |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of reads) {
      console.log(
        `| ${r.name} | ${fmt(r.service.opsPerSecond)} | ${fmt(r.raw.opsPerSecond)} | ${fmt((100 * r.service.opsPerSecond) / r.raw.opsPerSecond)}% | ${fmt(r.service.p50, 1)} | ${fmt(r.service.p99, 1)} | ${fmt(r.raw.p50, 1)} | ${fmt(r.raw.p99, 1)} | ${r.service.failures} / ${r.raw.failures} |`,
      );
    }
  }
  console.log(`\nService peak RSS (VmHWM): ${fmt(peakBulkMb)} MB through the synchronous bulk runs, ${fmt(peakRssMb)} MB including the job`);
  console.log(`\nJSON: ${JSON.stringify({ rows, reads: reads.map((r) => ({ name: r.name, service: { ...r.service, latencies: undefined }, raw: { ...r.raw, latencies: undefined } })), peakBulkMb, peakRssMb, events })}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
