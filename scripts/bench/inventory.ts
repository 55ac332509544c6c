/**
 * The benchmark's inventory: N pnfs, each with 4 p-interfaces, and one logical-link per pair of
 * p-interfaces (pnf 2k/ethj ↔ pnf 2k+1/ethj), so every p-interface has exactly one LinksTo.
 */

export const INTERFACES_PER_PNF = 4;

export interface Inventory {
  prefix: string;
  pnfs: string[];
  /** [pnf name, interface name] pairs per link. */
  links: { name: string; a: [string, string]; b: [string, string] }[];
}

export function inventory(prefix: string, pnfCount: number): Inventory {
  const pnfs = Array.from({ length: pnfCount }, (_, i) => `${prefix}-pnf-${i}`);
  const links: Inventory['links'] = [];
  for (let k = 0; k + 1 < pnfCount; k += 2) {
    for (let j = 0; j < INTERFACES_PER_PNF; j++) {
      const a = pnfs[k] as string;
      const b = pnfs[k + 1] as string;
      links.push({ name: `${prefix}-link-${k}-${j}`, a: [a, `eth${j}`], b: [b, `eth${j}`] });
    }
  }
  return { prefix, pnfs, links };
}

export const pnfUri = (pnf: string): string => `/network/pnfs/pnf/${pnf}`;
export const pifUri = (pnf: string, pif: string): string => `${pnfUri(pnf)}/p-interfaces/p-interface/${pif}`;
export const linkUri = (name: string): string => `/network/logical-links/logical-link/${name}`;

export function pnfBody(pnf: string): Record<string, unknown> {
  return { 'pnf-name': pnf, 'equip-type': 'router', 'equip-vendor': 'acme', 'equip-model': 'x1', 'frame-id': 'f1', 'prov-status': 'ACTIVE' };
}

export function pifBody(pif: string): Record<string, unknown> {
  return { 'interface-name': pif, 'port-description': `port ${pif}`, 'speed-value': '100', 'speed-units': 'Gbps', 'operational-status': 'up' };
}

export function linkBody(link: Inventory['links'][number]): Record<string, unknown> {
  return {
    'link-name': link.name,
    'link-type': 'ethernet',
    'speed-value': '100',
    'speed-units': 'Gbps',
    'operational-status': 'up',
    'relationship-list': {
      relationship: [
        { 'related-to': 'p-interface', 'related-link': `/aai/v15${pifUri(...link.a)}` },
        { 'related-to': 'p-interface', 'related-link': `/aai/v15${pifUri(...link.b)}` },
      ],
    },
  };
}

export interface BulkPut {
  uri: string;
  body: Record<string, unknown>;
}

/** One A&AI transaction per pnf: the pnf and its p-interfaces (5 puts). */
export function pnfTransactions(inv: Inventory): BulkPut[][] {
  return inv.pnfs.map((pnf) => [
    { uri: pnfUri(pnf), body: pnfBody(pnf) },
    ...Array.from({ length: INTERFACES_PER_PNF }, (_, j) => ({ uri: pifUri(pnf, `eth${j}`), body: pifBody(`eth${j}`) })),
  ]);
}

export function linkPuts(inv: Inventory): BulkPut[] {
  return inv.links.map((l) => ({ uri: linkUri(l.name), body: linkBody(l) }));
}

export function operationCount(inv: Inventory): number {
  return inv.pnfs.length * (1 + INTERFACES_PER_PNF) + inv.links.length;
}
