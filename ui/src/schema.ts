/**
 * Node types and their searchable properties, from the service's own API description
 * (GET /aai/v15/openapi.json, public, cached by ETag): each `/nodes/{plural}` operation lists the
 * type's keys and indexed properties as its query parameters. Loaded once, after the first render.
 */
import { get } from './api';

export interface NodeTypeInfo {
  type: string;
  plural: string;
  /** Keys first, then indexed properties. */
  props: string[];
}

/** What the console knows before the description has arrived (or when it cannot be read). */
const FALLBACK: NodeTypeInfo[] = [
  { type: 'pnf', plural: 'pnfs', props: ['pnf-name', 'pnf-id', 'equip-type', 'equip-vendor', 'ipaddress-v4-oam'] },
  { type: 'pserver', plural: 'pservers', props: ['hostname', 'pserver-id', 'equip-type'] },
  { type: 'generic-vnf', plural: 'generic-vnfs', props: ['vnf-id', 'vnf-name', 'vnf-type'] },
  { type: 'vserver', plural: 'vservers', props: ['vserver-id', 'vserver-name'] },
  { type: 'logical-link', plural: 'logical-links', props: ['link-name', 'link-type'] },
  { type: 'p-interface', plural: 'p-interfaces', props: ['interface-name'] },
  { type: 'l-interface', plural: 'l-interfaces', props: ['interface-name'] },
  { type: 'complex', plural: 'complexes', props: ['physical-location-id'] },
  { type: 'cloud-region', plural: 'cloud-regions', props: ['cloud-owner', 'cloud-region-id'] },
  { type: 'service-instance', plural: 'service-instances', props: ['service-instance-id', 'service-instance-name'] },
];

interface Description {
  paths: Record<string, { get?: { summary?: string; parameters?: ({ name?: string; in?: string; $ref?: string })[] } }>;
}

let loaded: Promise<Map<string, NodeTypeInfo>> | undefined;

function fromDescription(doc: Description): Map<string, NodeTypeInfo> {
  const out = new Map<string, NodeTypeInfo>();
  for (const [path, item] of Object.entries(doc.paths)) {
    const m = /^\/nodes\/([a-z0-9-]+)$/.exec(path);
    const op = item.get;
    if (!m?.[1] || !op) continue;
    const type = /returns every (\S+), wherever/.exec(op.summary ?? '')?.[1];
    if (!type) continue;
    const props = (op.parameters ?? []).filter((p) => p.in === 'query' && p.name !== undefined && p.$ref === undefined).map((p) => p.name ?? '');
    out.set(type, { type, plural: m[1], props });
  }
  return out;
}

const fallbackMap = (): Map<string, NodeTypeInfo> => new Map(FALLBACK.map((t) => [t.type, t]));

/** Every node type (the description's), or the fallback when it cannot be read. */
export function nodeTypes(): Promise<Map<string, NodeTypeInfo>> {
  loaded ??= get<Description>('/openapi.json')
    .then((d) => {
      const m = fromDescription(d);
      return m.size > 0 ? m : fallbackMap();
    })
    .catch(() => fallbackMap());
  return loaded;
}

export function knownNow(): Map<string, NodeTypeInfo> {
  return fallbackMap();
}
