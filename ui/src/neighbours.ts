/**
 * A node and its neighbours, from one read: GET {uri}?format=raw — every stored property
 * (resource-version, source-of-truth…) and every edge ("related-to": parent and children included,
 * each with its label, type and URL). The parent is the neighbour whose URI is a prefix of the
 * node's; children are those under the node's URI; everything else is a relationship.
 */
import { get, restPath } from './api';

export interface Neighbour {
  uri: string;
  type: string;
  label: string;
}

export interface NodeView {
  uri: string;
  type: string;
  properties: Record<string, unknown>;
  parent: Neighbour | undefined;
  children: Neighbour[];
  related: Neighbour[];
}

interface Raw {
  results?: {
    'node-type': string;
    url: string;
    properties: Record<string, unknown>;
    'related-to'?: { 'relationship-label': string; 'node-type': string; url: string }[];
  }[];
}

export async function readNode(uri: string, signal?: AbortSignal): Promise<NodeView> {
  const raw = await get<Raw>(`${uri}?format=raw`, signal);
  const r = raw.results?.[0];
  if (!r) throw new Error(`${uri}: no such object`);
  const self = restPath(r.url);
  const out: NodeView = { uri: self, type: r['node-type'], properties: r.properties, parent: undefined, children: [], related: [] };
  const seen = new Set<string>();
  for (const e of r['related-to'] ?? []) {
    const n: Neighbour = { uri: restPath(e.url), type: e['node-type'], label: e['relationship-label'] };
    const id = `${n.uri} ${n.label}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (self.startsWith(`${n.uri}/`)) out.parent = n;
    else if (n.uri.startsWith(`${self}/`)) out.children.push(n);
    else out.related.push(n);
  }
  return out;
}

/** Neighbours grouped by type, in first-seen order. */
export function byType(list: readonly Neighbour[]): Map<string, Neighbour[]> {
  const m = new Map<string, Neighbour[]>();
  for (const n of list) {
    const g = m.get(n.type);
    if (g) g.push(n);
    else m.set(n.type, [n]);
  }
  return m;
}

/** A relationship label's last part: org.onap.relationships.inventory.BelongsTo → BelongsTo. */
export function shortLabel(label: string): string {
  return label.split('.').pop() ?? label;
}
