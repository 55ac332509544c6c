/**
 * What many integration tests share: A&AI constants and error-body builders, the URIs of the node
 * types the tests use most, creating a node through the REST API, and reading Neo4j directly.
 */
import { expect } from 'vitest';
import type { client } from './app.js';
import { cypher } from './neo4j.js';

export type Client = ReturnType<typeof client>;

export const V = '/aai/v15';
export const REL = '/relationship-list/relationship';
/** A&AI's resource-version that deletes whatever the stored one is. */
export const BYPASS = '38cf3090-6a0c-4e9d-8142-4332a7352846';

export const TEXT_3000 = 'Invalid input performing %1 on %2 (msg=%3) (ec=%4)';
export const TEXT_3001 = 'Resource not found for %1 using id %2 (msg=%3) (ec=%4)';

/** A&AI's serviceException error body. */
export function svc(messageId: string, text: string, variables: readonly unknown[]) {
  return { requestError: { serviceException: { messageId, text, variables } } };
}

export const pnfPath = (name: string): string => `/network/pnfs/pnf/${name}`;
export const pifPath = (pnf: string, pif: string): string => `${pnfPath(pnf)}/p-interfaces/p-interface/${pif}`;
export const linkPath = (name: string): string => `/network/logical-links/logical-link/${name}`;
export const linkRel = (link: string) => ({ 'related-to': 'logical-link', 'related-link': `${V}${linkPath(link)}` });

/** PUT a node through the REST API and expect it created. */
export async function create(c: Client, p: string, body: Record<string, unknown>): Promise<void> {
  const r = await c.put(`${V}${p}`, body);
  expect(r.status, `PUT ${p}: ${JSON.stringify(r.body)}`).toBe(201);
}

/** The stored properties of the node at `uri`, read from Neo4j. */
export async function propsOf(uri: string): Promise<Record<string, unknown> | null> {
  const rows = await cypher<{ p: Record<string, unknown> }>('MATCH (n:AaiNode {`aai-uri`: $u}) RETURN properties(n) AS p', { u: uri });
  return rows[0]?.p ?? null;
}

/** The stored resource-version of the node at `uri`, read from Neo4j. */
export async function rvOf(uri: string): Promise<string | null> {
  const rows = await cypher<{ rv: string }>('MATCH (n:AaiNode {`aai-uri`: $u}) RETURN n.`resource-version` AS rv', { u: uri });
  return rows[0]?.rv ?? null;
}

export async function exists(uri: string): Promise<boolean> {
  return (await propsOf(uri)) !== null;
}

export interface StoredEdge {
  label: string;
  from: string;
  to: string;
}

/** Edges stored in Neo4j between two nodes (either direction), by label. */
export function edgesBetween(a: string, b: string): Promise<StoredEdge[]> {
  return cypher<StoredEdge>(
    'MATCH (x:AaiNode {`aai-uri`: $a})-[e]-(y:AaiNode {`aai-uri`: $b}) RETURN type(e) AS label, startNode(e).`aai-uri` AS from, endNode(e).`aai-uri` AS to ORDER BY label',
    { a, b },
  );
}
