/**
 * `npm run bench:scale` (also `npm run bench -- --scale`): how the costs grow with the inventory
 * (issue #23). One inventory grows through the service's own job path to about 10,000, 100,000 and
 * 1,100,000 objects (the last step is one job of about 1,000,000 operations); at each size:
 *
 *   bulkadd  — 30-operation requests from 8 clients in the shapes clients send: one A&AI
 *              transaction of 30 puts, six of 5 (a pnf and its p-interfaces), and thirty one-object
 *              transactions; beside the raw driver writing the same objects, with the same
 *              bookkeeping properties, in 30-object transactions from 8 clients (one request of
 *              the service is one Neo4j transaction, whatever its shape). ROUNDS alternating rounds,
 *              medians; the service's CPU time per 1,000 operations (from /proc, more stable than
 *              wall time on a shared machine). The measured objects are removed afterwards (raw
 *              Cypher), so each size stays the size it names.
 *   reads    — p50/p99 from 8 clients, each request naming another object of the whole inventory:
 *              GET of a pnf at depth 0, 1 and all; a filtered collection GET (an indexed property,
 *              20 matches at every size); a nodes-query; a key lookup through the nodes API; a batch get of 100.
 *   delete   — DELETE of a pnf with 50 children (one client, its resource-version read first).
 *   growth   — the job to the next size: its rate; the last one on a service process of its own,
 *              whose peak RSS is the job's.
 *
 * The inventory, per pnf: the pnf, 4 p-interfaces each with an l-interface, 2 logical-links (one per
 * pair of p-interfaces of two pnfs), 2 vservers; a tenant per 10 pnfs; a cloud-region per 10,000.
 * Progress goes to stderr; the report (markdown tables, then JSON) to stdout.
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import type { Driver, ManagedTransaction } from 'neo4j-driver';
import { createDriver } from '../../src/store/driver.js';
import { BENCH_AUTHORIZATION, benchNeo4j, fmt, http, median, percentile, runLoad, runWhenInvoked, startService, storeObjects, type LoadResult, type Service } from './common.js';
import { bookkeeping, CREATE_PIFS, CREATE_PNFS } from './raw-driver.js';

const CLIENTS = Number(process.env['BENCH_CLIENTS'] ?? 8);
const ROUNDS = Number(process.env['BENCH_SCALE_ROUNDS'] ?? 3);
/** pnfs per measured bulkadd round (each with 4 p-interfaces: 5 objects). */
const ROUND_PNFS = Number(process.env['BENCH_SCALE_ROUND_PNFS'] ?? 1200);
const READS = Number(process.env['BENCH_SCALE_READS'] ?? 1000);
const DELETES = Number(process.env['BENCH_SCALE_DELETES'] ?? 20);
/** How often a running job's progress is printed. */
const LOG_MS = Number(process.env['BENCH_SCALE_LOG_MS'] ?? 15_000);
/** The sizes, in objects (BENCH_SCALE_SIZES=10000,100000 for a short run). */
const SIZES = (process.env['BENCH_SCALE_SIZES'] ?? '10000,100000,1100000').split(',').map(Number);

const OBJECTS_PER_PNF = 13.1;
const PNFS_PER_REGION = 10_000;
const PNFS_PER_TENANT = 10;
/** pnfs sharing a model-invariant-id (the filtered collection GET's matches, the same at every size). */
const VENDOR_GROUP = 20;

type Put = { uri: string; body: Record<string, unknown> };
type Request = () => Promise<{ ms: number; ops: number; ok: boolean }>;

// ---------------------------------------------------------------- the inventory

const pnfName = (run: string, i: number): string => `${run}-p${i}`;
const pnfUri = (name: string): string => `/network/pnfs/pnf/${name}`;
const pifUri = (pnf: string, j: number): string => `${pnfUri(pnf)}/p-interfaces/p-interface/eth${j}`;
const lifUri = (pnf: string, j: number): string => `${pifUri(pnf, j)}/l-interfaces/l-interface/eth${j}.0`;
const regionId = (run: string, r: number): string => `${run}-cr${r}`;
const regionUri = (run: string, r: number): string => `/cloud-infrastructure/cloud-regions/cloud-region/bench/${regionId(run, r)}`;
const tenantUri = (run: string, t: number): string => `${regionUri(run, Math.floor((t * PNFS_PER_TENANT) / PNFS_PER_REGION))}/tenants/tenant/${run}-t${t}`;
const vserverUri = (run: string, i: number, k: number): string => `${tenantUri(run, Math.floor(i / PNFS_PER_TENANT))}/vservers/vserver/${run}-vs${i}-${k}`;
const linkUri = (run: string, i: number, j: number): string => `/network/logical-links/logical-link/${run}-l${i}-${j}`;

const pnfBody = (name: string, i: number): Record<string, unknown> => ({ 'pnf-name': name, 'pnf-id': `id-${name}`, 'equip-type': 'router', 'equip-vendor': 'acme', 'equip-model': 'x1', 'model-invariant-id': `mi-${Math.floor(i / VENDOR_GROUP)}`, 'prov-status': 'ACTIVE' });
const pifBody = (j: number): Record<string, unknown> => ({ 'interface-name': `eth${j}`, 'port-description': `port eth${j}`, 'speed-value': '100', 'speed-units': 'Gbps', 'operational-status': 'up' });

/** The job transactions that add pnfs [from, to) with everything that hangs off them (from, to even, multiples of 10). */
export function* growth(run: string, from: number, to: number): Generator<Put[]> {
  for (let r = Math.ceil(from / PNFS_PER_REGION); r * PNFS_PER_REGION < to; r++) yield [{ uri: regionUri(run, r), body: { 'cloud-owner': 'bench', 'cloud-region-id': regionId(run, r), 'cloud-type': 'openstack' } }];
  for (let i = from; i < to; i++) {
    const name = pnfName(run, i);
    const puts: Put[] = [{ uri: pnfUri(name), body: pnfBody(name, i) }];
    for (let j = 0; j < 4; j++) {
      puts.push({ uri: pifUri(name, j), body: pifBody(j) });
      puts.push({ uri: lifUri(name, j), body: { 'interface-name': `eth${j}.0`, 'is-port-mirrored': false } });
    }
    yield puts;
    const t = Math.floor(i / PNFS_PER_TENANT);
    const vs: Put[] = i % PNFS_PER_TENANT === 0 ? [{ uri: tenantUri(run, t), body: { 'tenant-id': `${run}-t${t}`, 'tenant-name': `tenant ${t}` } }] : [];
    for (let k = 0; k < 2; k++) vs.push({ uri: vserverUri(run, i, k), body: { 'vserver-id': `${run}-vs${i}-${k}`, 'vserver-name': `vs ${i}.${k}`, 'vserver-selflink': 'http://vim/servers', 'prov-status': 'ACTIVE' } });
    yield vs;
  }
  let links: Put[] = [];
  for (let i = from; i + 1 < to; i += 2) {
    for (let j = 0; j < 4; j++) {
      const rel = (pnf: string) => ({ 'related-to': 'p-interface', 'related-link': `/aai/v15${pifUri(pnf, j)}` });
      links.push({ uri: linkUri(run, i, j), body: { 'link-name': `${run}-l${i}-${j}`, 'link-type': 'ethernet', 'operational-status': 'up', 'relationship-list': { relationship: [rel(pnfName(run, i)), rel(pnfName(run, i + 1))] } } });
      if (links.length === 30) {
        yield links;
        links = [];
      }
    }
  }
  if (links.length > 0) yield links;
}

/** pnfs for about `objects` more objects (a multiple of 10). */
const pnfsFor = (objects: number): number => Math.max(10, Math.round(objects / OBJECTS_PER_PNF / 10) * 10);

// ---------------------------------------------------------------- measuring the service

/** The service's CPU time so far (user + system), in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  // After the command: state is field 3 of stat(5); utime and stime are fields 14 and 15.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

interface JobReport {
  operations: number;
  transactions: number;
  failed: number;
  seconds: number;
  processingSeconds: number;
  opsPerSecond: number;
  cpuMsPer1000: number;
  peakRssMb: number;
}

/** Streams the transactions as one NDJSON bulkadd job and follows it to completion. */
export async function runJob(service: Service, txs: Iterable<Put[]>, log: (m: string) => void): Promise<JobReport> {
  const cpu0 = cpuMs(service.pid);
  const t0 = process.hrtime.bigint();
  const lines = (function* () {
    for (const put of txs) yield `${JSON.stringify({ put })}\n`;
  })();
  const submitted = await new Promise<{ status: number; body: string }>((resolveP, reject) => {
    const req = request(
      `${service.url}/aai/v15/bulk/jobs?type=bulkadd`,
      { method: 'POST', headers: { 'X-FromAppId': 'bench-scale', 'X-TransactionId': `bench-${randomUUID()}`, 'Content-Type': 'application/x-ndjson', Authorization: BENCH_AUTHORIZATION } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolveP({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    Readable.from(lines).pipe(req);
  });
  if (submitted.status !== 202) throw new Error(`job submission answered ${submitted.status}: ${submitted.body.slice(0, 500)}`);
  const { id, operations } = JSON.parse(submitted.body) as { id: string; operations: { total: number } };
  log(`  job ${id}: ${fmt(operations.total)} operations uploaded in ${fmt(Number(process.hrtime.bigint() - t0) / 1e9, 1)} s`);
  let lastLog = Date.now();
  for (;;) {
    const r = await http('GET', `${service.url}/aai/v15/bulk/jobs/${id}`);
    const job = JSON.parse(r.body) as { status: string; progress: number; transactions: { total: number; failed: number; completed: number }; started: string; finished: string };
    if (job.status === 'completed' || job.status === 'failed' || job.status === 'cancelled') {
      if (job.status !== 'completed') throw new Error(`job ${id} ended ${job.status}`);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const cpu = cpuMs(service.pid) - cpu0;
      return {
        operations: operations.total,
        transactions: job.transactions.total,
        failed: job.transactions.failed,
        seconds,
        processingSeconds: (Date.parse(job.finished) - Date.parse(job.started)) / 1000,
        opsPerSecond: operations.total / seconds,
        cpuMsPer1000: (cpu * 1000) / operations.total,
        peakRssMb: service.peakRssMb(),
      };
    }
    if (Date.now() - lastLog > LOG_MS) {
      lastLog = Date.now();
      log(`  job ${id}: ${job.status} ${job.progress}% (${fmt(job.transactions.completed)} of ${fmt(job.transactions.total)} transactions), service RSS peak ${fmt(service.peakRssMb())} MB`);
    }
    await new Promise((r2) => setTimeout(r2, 250));
  }
}

// ---------------------------------------------------------------- bulkadd shapes

type Shape = '30' | '6x5' | '30x1';
const SHAPES: readonly { shape: Shape; name: string }[] = [
  { shape: '30', name: 'bulkadd, one transaction of 30 puts' },
  { shape: '6x5', name: 'bulkadd, six transactions of 5 (a pnf and its p-interfaces)' },
  { shape: '30x1', name: 'bulkadd, thirty one-object transactions' },
];

/** 6 pnfs with their 4 p-interfaces per request (30 objects), in one of the shapes. */
export function bulkaddRequests(url: string, prefix: string, pnfs: number, shape: Shape): Request[] {
  const out: Request[] = [];
  for (let i = 0; i < pnfs; i += 6) {
    const perPnf: Put[][] = [];
    for (let k = i; k < Math.min(pnfs, i + 6); k++) {
      const name = `${prefix}-${k}`;
      perPnf.push([{ uri: pnfUri(name), body: pnfBody(name, k) }, ...Array.from({ length: 4 }, (_, j) => ({ uri: pifUri(name, j), body: pifBody(j) }))]);
    }
    const ops = perPnf.length * 5;
    const transactions = shape === '30' ? [{ put: perPnf.flat() }] : shape === '6x5' ? perPnf.map((put) => ({ put })) : perPnf.flat().map((p) => ({ put: [p] }));
    out.push(async () => {
      const r = await http('PUT', `${url}/aai/v15/bulkadd`, { transactions });
      return { ms: r.ms, ops, ok: r.status === 201 && !/"body":\{"[3-5]\d\d"/.test(r.body) };
    });
  }
  return out;
}

/** The same objects as a bulkadd round, 30 per Neo4j transaction, from CLIENTS clients. */
function rawRequests(driver: Driver, database: string, prefix: string, pnfs: number): Request[] {
  const out: Request[] = [];
  for (let i = 0; i < pnfs; i += 6) {
    const names = Array.from({ length: Math.min(6, pnfs - i) }, (_, k) => [`${prefix}-${i + k}`, i + k] as const);
    out.push(async () => {
      const now = Date.now();
      const t0 = process.hrtime.bigint();
      const session = driver.session({ database });
      try {
        await session.executeWrite(async (tx: ManagedTransaction) => {
          await tx.run(CREATE_PNFS, { rows: names.map(([n, k]) => ({ props: { ...pnfBody(n, k), 'in-maint': false, ...bookkeeping(pnfUri(n), 'pnf', now) } })) });
          await tx.run(CREATE_PIFS, { rows: names.flatMap(([n]) => Array.from({ length: 4 }, (_, j) => ({ parent: pnfUri(n), props: { ...pifBody(j), 'in-maint': false, ...bookkeeping(pifUri(n, j), 'p-interface', now) } }))) });
        });
      } finally {
        await session.close();
      }
      return { ms: Number(process.hrtime.bigint() - t0) / 1e6, ops: names.length * 5, ok: true };
    });
  }
  return out;
}

/** Removes the pnfs named `${prefix}…` and their children (raw Cypher: the measured objects, not part of the inventory). */
async function removeMeasured(driver: Driver, database: string, prefix: string): Promise<void> {
  // CALL … IN TRANSACTIONS needs an auto-commit transaction (session.run, not a managed one).
  const session = driver.session({ database });
  try {
    await session.run('MATCH (n:AaiNode) WHERE n.`aai-uri` STARTS WITH $p CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS', { p: pnfUri(prefix) });
  } finally {
    await session.close();
  }
}

interface ShapeRow {
  name: string;
  opsPerSecond: number;
  p50: number;
  p99: number;
  /** Service CPU ms per 1,000 operations (raw: none). */
  cpuMsPer1000?: number;
  failures: number;
  rounds: number[];
}

async function bulkaddAtSize(service: Service, driver: Driver, database: string, run: string, size: number, log: (m: string) => void): Promise<ShapeRow[]> {
  const results = new Map<string, { loads: LoadResult[]; cpu: number[] }>();
  const record = (name: string, load: LoadResult, cpu?: number): void => {
    const r = results.get(name) ?? { loads: [], cpu: [] };
    r.loads.push(load);
    if (cpu !== undefined) r.cpu.push(cpu);
    results.set(name, r);
  };
  const prefix = `${run}-m${size}`;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const raw = await runLoad(rawRequests(driver, database, `${prefix}-raw${round}`, ROUND_PNFS), CLIENTS);
      record('raw driver, 30-object transactions', raw);
      for (const { shape, name } of SHAPES) {
        const cpu0 = cpuMs(service.pid);
        const load = await runLoad(bulkaddRequests(service.url, `${prefix}-s${shape}-${round}`, ROUND_PNFS, shape), CLIENTS);
        record(name, load, ((cpuMs(service.pid) - cpu0) * 1000) / load.ops);
      }
      log(`  round ${round + 1}/${ROUNDS}: raw ${fmt(raw.opsPerSecond)} ops/s; ${SHAPES.map(({ name }) => `${name.replace('bulkadd, ', '')} ${fmt(results.get(name)?.loads[round]?.opsPerSecond ?? NaN)}`).join('; ')}`);
    }
  } finally {
    await removeMeasured(driver, database, prefix);
  }
  return [...results].map(([name, r]) => {
    const rates = r.loads.map((l) => l.opsPerSecond);
    const mid = r.loads.find((l) => l.opsPerSecond === median(rates)) ?? r.loads[0];
    return {
      name,
      opsPerSecond: median(rates),
      p50: mid?.p50 ?? NaN,
      p99: mid?.p99 ?? NaN,
      ...(r.cpu.length ? { cpuMsPer1000: median(r.cpu) } : {}),
      failures: r.loads.reduce((n, l) => n + l.failures, 0),
      rounds: rates,
    };
  });
}

// ---------------------------------------------------------------- reads and deletes

interface ReadRow {
  name: string;
  p50: number;
  p99: number;
  requestsPerSecond: number;
  failures: number;
}

const enc = encodeURIComponent;

function reads(url: string, run: string, pnfCount: number): { name: string; make: (i: number) => Request }[] {
  const pick = (i: number): number => Math.floor(((Math.imul(i + 1, 2654435761) >>> 0) / 2 ** 32) * pnfCount);
  const get = (path: string, ok: (status: number) => boolean = (s) => s === 200): Request => async () => {
    const r = await http('GET', `${url}/aai/v15${path}`);
    return { ms: r.ms, ops: 1, ok: ok(r.status) };
  };
  return [
    { name: 'GET a pnf, depth=0', make: (i) => get(`${pnfUri(pnfName(run, pick(i)))}?depth=0`) },
    { name: 'GET a pnf, depth=1 (its 4 p-interfaces)', make: (i) => get(`${pnfUri(pnfName(run, pick(i)))}?depth=1`) },
    { name: 'GET a pnf, depth=all (9 objects)', make: (i) => get(`${pnfUri(pnfName(run, pick(i)))}?depth=all`) },
    { name: `filtered collection: GET /network/pnfs?model-invariant-id= (an indexed property, ${VENDOR_GROUP} matches)`, make: (i) => get(`/network/pnfs?model-invariant-id=mi-${Math.floor(pick(i) / VENDOR_GROUP)}`) },
    { name: 'nodes-query: p-interfaces of a pnf by name (edge filter)', make: (i) => get(`/search/nodes-query?search-node-type=p-interface&filter=interface-name:EQUALS:eth1&edge-filter=pnf:EXISTS:pnf-name:${enc(pnfName(run, pick(i)))}`) },
    { name: 'key lookup: GET /nodes/pnfs/pnf/{name}', make: (i) => get(`/nodes/pnfs/pnf/${enc(pnfName(run, pick(i)))}`) },
    {
      name: 'batch get of 100 pnfs (depth 0)',
      make: (i) => async () => {
        const list = Array.from({ length: 100 }, (_, k) => ({ uri: `${pnfUri(pnfName(run, pick(i * 100 + k)))}?depth=0` }));
        const r = await http('POST', `${url}/aai/v15/bulk/get`, { 'batch-get-list': list });
        return { ms: r.ms, ops: 1, ok: r.status === 200 && !r.body.includes('"http-status"') };
      },
    },
  ];
}

async function readsAtSize(url: string, run: string, pnfCount: number, offset: number, log: (m: string) => void): Promise<ReadRow[]> {
  const out: ReadRow[] = [];
  for (const kind of reads(url, run, pnfCount)) {
    await runLoad(Array.from({ length: Math.ceil(READS / 5) }, (_, i) => kind.make(offset + 7 + i)), CLIENTS);
    const load = await runLoad(Array.from({ length: READS }, (_, i) => kind.make(offset + 1000 + i)), CLIENTS);
    out.push({ name: kind.name, p50: load.p50, p99: load.p99, requestsPerSecond: load.opsPerSecond, failures: load.failures });
    log(`  ${kind.name}: p50 ${fmt(load.p50, 1)} ms, p99 ${fmt(load.p99, 1)} ms${load.failures ? `, ${load.failures} FAILED` : ''}`);
  }
  return out;
}

interface DeleteRow {
  p50: number;
  p99: number;
  failures: number;
}

/** DELETE of a pnf with 50 p-interfaces: created (one nested PUT each), then deleted one by one, timed. */
async function deletesAtSize(url: string, run: string, size: number): Promise<DeleteRow> {
  const ms: number[] = [];
  let failures = 0;
  for (let i = 0; i < DELETES; i++) {
    const name = `${run}-d${size}-${i}`;
    const put = await http('PUT', `${url}/aai/v15${pnfUri(name)}`, { 'pnf-name': name, 'p-interfaces': { 'p-interface': Array.from({ length: 50 }, (_, j) => pifBody(j)).map((b, j) => ({ ...b, 'interface-name': `ge-${j}` })) } });
    if (put.status !== 201) throw new Error(`PUT ${name}: ${put.status} ${put.body.slice(0, 300)}`);
    const got = await http('GET', `${url}/aai/v15${pnfUri(name)}?depth=0`);
    const rv = (JSON.parse(got.body) as { 'resource-version': string })['resource-version'];
    const del = await http('DELETE', `${url}/aai/v15${pnfUri(name)}?resource-version=${rv}`);
    if (del.status !== 204) failures++;
    ms.push(del.ms);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), failures };
}

// ---------------------------------------------------------------- the run

interface SizeReport {
  objects: number;
  pnfs: number;
  growth: JobReport;
  bulkadd: ShapeRow[];
  reads: ReadRow[];
  delete: DeleteRow;
}

export async function scaleBench(log: (m: string) => void): Promise<{ sizes: SizeReport[]; warmUpSeconds: number }> {
  const neo4j = await benchNeo4j();
  const driver = createDriver(neo4j);
  let service = await startService(neo4j);
  const run = `sc${Date.now().toString(36)}`;
  const sizes: SizeReport[] = [];
  const started = process.hrtime.bigint();
  let warmUpSeconds = 0;
  try {
    let pnfs = 0;
    for (const [k, target] of SIZES.entries()) {
      const existing = await storeObjects(driver, neo4j.database);
      const add = pnfsFor(target - existing);
      const last = k === SIZES.length - 1 && k > 0;
      if (last) {
        // The largest job on a service of its own: its peak RSS is the job's.
        await service.stop();
        service = await startService(neo4j);
      }
      log(`size ${k + 1}/${SIZES.length}: growing the inventory from ${fmt(existing)} objects by ${fmt(add)} pnfs (about ${fmt(add * OBJECTS_PER_PNF)} objects) through one job…`);
      const growthJob = await runJob(service, growth(run, pnfs, pnfs + add), log);
      pnfs += add;
      const objects = await storeObjects(driver, neo4j.database);
      log(`  ${fmt(objects)} objects; the job: ${fmt(growthJob.opsPerSecond)} ops/s end to end, peak RSS ${fmt(growthJob.peakRssMb)} MB`);
      if (k === 0) {
        const w0 = process.hrtime.bigint();
        log('  warm-up: a round of every bulkadd shape and of every read…');
        for (const { shape } of SHAPES) await runLoad(bulkaddRequests(service.url, `${run}-w-${shape}`, ROUND_PNFS, shape), CLIENTS);
        await runLoad(rawRequests(driver, neo4j.database, `${run}-w-raw`, ROUND_PNFS), CLIENTS);
        await removeMeasured(driver, neo4j.database, `${run}-w`);
        await readsAtSize(service.url, run, pnfs, 5_000_000, () => undefined);
        warmUpSeconds = Number(process.hrtime.bigint() - w0) / 1e9;
      }
      log(`  bulkadd at ${fmt(objects)} objects (${ROUNDS} rounds of ${fmt(ROUND_PNFS * 5)} objects per shape):`);
      const bulkadd = await bulkaddAtSize(service, driver, neo4j.database, run, target, log);
      log(`  reads at ${fmt(objects)} objects (${fmt(READS)} requests each, ${CLIENTS} clients):`);
      const readRows = await readsAtSize(service.url, run, pnfs, k * 1_000_000, log);
      const del = await deletesAtSize(service.url, run, target);
      log(`  DELETE of a pnf with 50 children: p50 ${fmt(del.p50, 1)} ms, p99 ${fmt(del.p99, 1)} ms`);
      sizes.push({ objects, pnfs, growth: growthJob, bulkadd, reads: readRows, delete: del });
      log(`  (${fmt(Number(process.hrtime.bigint() - started) / 60e9, 1)} minutes so far)`);
    }
  } finally {
    await service.stop();
    await driver.close();
    await neo4j.stop();
  }
  return { sizes, warmUpSeconds };
}

export function printScale(r: { sizes: SizeReport[] }): void {
  const s = r.sizes;
  const head = (first: string): void => {
    console.log(`| ${first} | ${s.map((x) => `${fmt(x.objects)} objects`).join(' | ')} |`);
    console.log(`|---|${s.map(() => '---:').join('|')}|`);
  };
  console.log(`\nbulkadd, 30-object requests from ${CLIENTS} clients, operations/s (median of ${ROUNDS} rounds) — p50 / p99 ms per request — service CPU ms per 1,000 operations:\n`);
  head('path');
  const names = s[0]?.bulkadd.map((b) => b.name) ?? [];
  for (const name of names) {
    const cells = s.map((x) => {
      const row = x.bulkadd.find((b) => b.name === name);
      const raw = x.bulkadd.find((b) => b.name.startsWith('raw'));
      if (!row) return '–';
      const ratio = raw && row !== raw ? ` (${fmt((100 * row.opsPerSecond) / raw.opsPerSecond)}% of raw)` : '';
      return `${fmt(row.opsPerSecond)}${ratio}; ${fmt(row.p50, 1)} / ${fmt(row.p99, 1)}${row.cpuMsPer1000 !== undefined ? `; ${fmt(row.cpuMsPer1000)} CPU ms` : ''}${row.failures ? `; ${row.failures} failed` : ''}`;
    });
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
  const first = s[0];
  if (first) {
    console.log(`\nbulkadd's rate at each size against its rate at ${fmt(first.objects)} objects:\n`);
    head('path');
    for (const name of names) console.log(`| ${name} | ${s.map((x) => `${fmt((100 * (x.bulkadd.find((b) => b.name === name)?.opsPerSecond ?? NaN)) / (first.bulkadd.find((b) => b.name === name)?.opsPerSecond ?? NaN))}%`).join(' | ')} |`);
  }
  console.log(`\nReads from ${CLIENTS} clients, p50 / p99 ms (each request another object of the whole inventory):\n`);
  head('read');
  for (const name of s[0]?.reads.map((x) => x.name) ?? []) {
    console.log(`| ${name} | ${s.map((x) => { const row = x.reads.find((y) => y.name === name); return row ? `${fmt(row.p50, 1)} / ${fmt(row.p99, 1)}${row.failures ? ` (${row.failures} failed)` : ''}` : '–'; }).join(' | ')} |`);
  }
  console.log(`| DELETE of a pnf with 50 children (1 client) | ${s.map((x) => `${fmt(x.delete.p50, 1)} / ${fmt(x.delete.p99, 1)}${x.delete.failures ? ` (${x.delete.failures} failed)` : ''}`).join(' | ')} |`);
  console.log('\nThe growth jobs (bulkadd jobs through POST /bulk/jobs, NDJSON):\n');
  console.log('| to | operations | transactions | failed | seconds | operations/s | service CPU ms per 1,000 operations | service peak RSS MB |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const x of s) console.log(`| ${fmt(x.objects)} objects | ${fmt(x.growth.operations)} | ${fmt(x.growth.transactions)} | ${x.growth.failed} | ${fmt(x.growth.seconds, 1)} | ${fmt(x.growth.opsPerSecond)} | ${fmt(x.growth.cpuMsPer1000)} | ${fmt(x.growth.peakRssMb)} |`);
}

export async function main(): Promise<void> {
  const t0 = Date.now();
  const r = await scaleBench((m) => process.stderr.write(`[scale] ${m}\n`));
  printScale(r);
  console.log(`\nWall time: ${fmt((Date.now() - t0) / 60_000, 1)} minutes (warm-up ${fmt(r.warmUpSeconds)} s)`);
  console.log(`\nJSON: ${JSON.stringify(r)}`);
}

runWhenInvoked(import.meta.url, main);
