/**
 * The web console's render times on the benchmark inventory (issue #22: "first render under a
 * second"), in Debian's Chromium (test/helpers/browser.ts) against the service process:
 *   - the search page with a pnf's name in its URL, to its result;
 *   - a pnf's node page, to its p-interfaces; its graph at depth 2, to the drawn graph;
 *   - a pnf with BIG_CHILDREN p-interfaces: its node page and its graph (the aggregation);
 *   - the job list.
 * After one untimed pass over every page (the service's and Neo4j's first run of each read), each
 * page is loaded once in a fresh browser context (cold: nothing cached, the console's files and the
 * API description fetched) and then WARM times in new tabs of that context (the files cached, as
 * for an operator who has the console open). The time is navigation start → the view's
 * content on screen (its selector visible), measured in the page (performance.now()).
 * Runs inside `npm run bench` (after the sync, on its 100,002 objects) and alone: `npm run bench:ui`.
 */
import type { Driver } from 'neo4j-driver';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freshContext, launchBrowser } from '../../test/helpers/browser.js';
import { BENCH_USER, benchNeo4j, fmt, http, percentile, runWhenInvoked, startService, storeObjects } from './common.js';
import { inventory, pnfUri } from './inventory.js';
import { writeRaw } from './raw-driver.js';
import { createDriver } from '../../src/store/driver.js';

/** The p-interfaces of the large pnf ("a node with a few thousand neighbours"). */
export const BIG_CHILDREN = 3000;
const WARM = 7;

export interface UiPageTime {
  page: string;
  coldMs: number;
  warmMedianMs: number;
  warmMaxMs: number;
}

export interface UiReport {
  /** The objects in the store when measured. */
  storeObjects: number;
  pages: UiPageTime[];
}

/** Puts a pnf with `children` p-interfaces (one nested PUT) and returns its URI. */
async function bigPnf(url: string, name: string, children: number): Promise<string> {
  const uri = pnfUri(name);
  const body = { 'pnf-name': name, 'p-interfaces': { 'p-interface': Array.from({ length: children }, (_, i) => ({ 'interface-name': `ge-0/0/${i}` })) } };
  const r = await http('PUT', `${url}/aai/v15${uri}`, body);
  if (r.status !== 201) throw new Error(`PUT ${uri}: ${r.status} ${r.body.slice(0, 300)}`);
  return uri;
}

/** Loads `path` in `page` and returns navigation start → `ready` visible, in ms (the page's own clock). */
async function load(page: Page, url: string, ready: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator(ready).first().waitFor({ state: 'visible', timeout: 60_000 });
  return page.evaluate(() => performance.now());
}

/** Measures the console's pages against the service at `url`, for the inventory's pnf `pnf`. */
export async function uiBench(url: string, driver: Driver, database: string, pnf: string, log: (m: string) => void, browser?: Browser): Promise<UiReport> {
  const big = await bigPnf(url, `${pnf}-big-${Date.now().toString(36)}`, BIG_CHILDREN);
  const objects = await storeObjects(driver, database);
  const own = browser ?? (await launchBrowser());
  const pages: [string, string, string][] = [
    ['search: a pnf by name, to its result', `/ui/search?${new URLSearchParams({ type: 'pnf', prop: 'pnf-name', value: pnf })}`, `#search-results a[data-uri="${pnfUri(pnf)}"]`],
    ['node page of a pnf (4 p-interfaces, 4 links)', `/ui/node?uri=${encodeURIComponent(pnfUri(pnf))}`, '[data-child-type="p-interface"]'],
    ['graph of a pnf, depth 2 (13 nodes)', `/ui/graph?uri=${encodeURIComponent(pnfUri(pnf))}&depth=2`, '#graph[data-ready="true"]'],
    [`node page of a pnf with ${fmt(BIG_CHILDREN)} p-interfaces`, `/ui/node?uri=${encodeURIComponent(big)}`, '[data-child-type="p-interface"]'],
    [`graph of that pnf, depth 1 (${fmt(BIG_CHILDREN)} neighbours aggregated)`, `/ui/graph?uri=${encodeURIComponent(big)}&depth=1`, '#graph[data-ready="true"]'],
    ['job list', '/ui/jobs', 'table.jobs'],
  ];
  const out: UiPageTime[] = [];
  const signedIn = async (): Promise<BrowserContext> => {
    const context = await freshContext(own);
    await context.addInitScript((auth) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('aai-console-auth', auth), JSON.stringify({ kind: 'basic', user: BENCH_USER.name, password: BENCH_USER.password }));
    return context;
  };
  try {
    // One untimed pass, so that the service's and Neo4j's first run of each read (query plans, JIT)
    // is not counted as the browser's cold start.
    const warmUp = await signedIn();
    for (const [, path, ready] of pages) await load(await warmUp.newPage(), `${url}${path}`, ready);
    await warmUp.close();
    for (const [name, path, ready] of pages) {
      const context = await signedIn();
      try {
        const cold = await load(await context.newPage(), `${url}${path}`, ready);
        const warm: number[] = [];
        for (let i = 0; i < WARM; i++) {
          const p = await context.newPage();
          warm.push(await load(p, `${url}${path}`, ready));
          await p.close();
        }
        warm.sort((a, b) => a - b);
        const row = { page: name, coldMs: cold, warmMedianMs: percentile(warm, 50), warmMaxMs: warm[warm.length - 1] ?? NaN };
        log(`ui: ${name}: cold ${fmt(row.coldMs)} ms, warm median ${fmt(row.warmMedianMs)} ms`);
        out.push(row);
      } finally {
        await context.close();
      }
    }
  } finally {
    if (!browser) await own.close();
  }
  return { storeObjects: objects, pages: out };
}

export function printUi(r: UiReport): void {
  console.log(`\nThe web console in headless Chromium, on a store of ${fmt(r.storeObjects)} objects: navigation start → the view's content on screen (after an untimed pass over the pages; cold: a fresh browser profile; warm: median and max of ${WARM} loads with the console's files cached):\n`);
  console.log('| page | cold ms | warm median ms | warm max ms |');
  console.log('|---|---:|---:|---:|');
  for (const p of r.pages) console.log(`| ${p.page} | ${fmt(p.coldMs)} | ${fmt(p.warmMedianMs)} | ${fmt(p.warmMaxMs)} |`);
}

/** `npm run bench:ui`: the benchmark inventory (written with the raw driver), its own Neo4j and service. */
async function main(): Promise<void> {
  const neo4j = await benchNeo4j();
  const driver = createDriver(neo4j);
  const service = await startService(neo4j);
  try {
    const inv = inventory(`u${Date.now().toString(36)}`, Number(process.env['BENCH_UI_PNFS'] ?? 14286));
    process.stderr.write('[bench] ui: writing the benchmark inventory with the raw driver…\n');
    await writeRaw(driver, neo4j.database, inv);
    const pnf = inv.pnfs[Math.floor(inv.pnfs.length / 2)] as string;
    const r = await uiBench(service.url, driver, neo4j.database, pnf, (m) => process.stderr.write(`[bench] ${m}\n`));
    printUi(r);
    console.log(`\nJSON: ${JSON.stringify(r)}`);
  } finally {
    await service.stop();
    await driver.close();
    await neo4j.stop();
  }
}

runWhenInvoked(import.meta.url, main);
