/**
 * Cypher fragments shared by the store's statements. Every lookup of an inventory node by URI goes
 * through the `aai-uri` uniqueness index with `USING INDEX SEEK`: without the hint the planner
 * sometimes prefers a full scan (small or skewed statistics), and a scan makes each statement's
 * cost grow with the inventory. test/integration/store-plans.test.ts pins this with EXPLAIN.
 */
import type { NodeRecord, Props } from '../domain/model.js';
import { NODE_LABEL } from './migrations.js';

export const URI = '`aai-uri`';
export const TYPE = '`aai-node-type`';

export const seek = (v: string): string => `USING INDEX SEEK ${v}:${NODE_LABEL}(${URI})`;
/** `v` is the node whose aai-uri is `value`. */
export const byUri = (v: string, value: string): string => `MATCH (${v}:${NODE_LABEL} {${URI}: ${value}}) ${seek(v)}`;
/** `v` ranges over the nodes whose aai-uri starts with `prefix`. */
export const byPrefix = (v: string, prefix: string): string => `MATCH (${v}:${NODE_LABEL}) ${seek(v)} WHERE ${v}.${URI} STARTS WITH ${prefix}`;

/** A node read as its property map. */
export function toNode(p: Props): NodeRecord {
  return { uri: String(p['aai-uri']), type: String(p['aai-node-type']), props: p };
}
