/**
 * Cypher fragments shared by the store's statements. Every lookup of an inventory node by URI goes
 * through the `aai-uri` uniqueness index with `USING INDEX SEEK`: without the hint the planner
 * sometimes prefers a full scan (small or skewed statistics), and a scan makes each statement's
 * cost grow with the inventory. test/integration/store-plans.test.ts pins this with EXPLAIN.
 */
import type { FindQuery, NodeRecord, Props, Where } from '../domain/model.js';
import type { Schema } from '../schema/schema.js';
import { NODE_LABEL } from '../domain/model.js';

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

/** A name (label, property, index) quoted for Cypher; names come from the schema only. */
export const quote = (name: string): string => `\`${name.replaceAll('`', '``')}\``;

/** The index that serves `type.prop` (created by the migrations for keys and OXM indexedProps). */
export function propertyIndexName(type: string, prop: string): string {
  return `aai_prop_${type}_${prop}`.replace(/[^A-Za-z0-9_]/g, '_');
}

function whereClause(v: string, where: readonly Where[], params: Record<string, unknown>, tag: string): string[] {
  return where.map((w, i) => {
    const name = `${tag}_${i}`;
    params[name] = w.values;
    return `${v}.${quote(w.prop)} IN $${name}`;
  });
}

/**
 * The MATCH of a find, ending with the result set as `n` (each node once). Every part seeks an
 * index: the aai-uri index for a URI or a URI prefix (a top-level container), a property index
 * (`USING INDEX SEEK`) for a type's key or indexed property, or an expansion from nodes already found.
 * The one scan is a type's whole set with no indexed test (the nodes API listing every vserver):
 * that is what it asks for.
 */
export function findMatch(schema: Schema, q: FindQuery): { match: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  const parts: string[] = [];
  const { start } = q;
  if ('uri' in start) {
    params['s0'] = start.uri;
    parts.push(byUri('n0', '$s0'));
  } else {
    const label = quote(start.type);
    const indexed = schema.indexedProps(start.type);
    const seekOn = start.where.find((w) => indexed.has(w.prop));
    const tests = whereClause('n0', start.where, params, 'w0');
    if (start.prefix !== undefined) {
      params['p0'] = start.prefix;
      tests.push(`n0.${URI} STARTS WITH $p0`);
    }
    if (seekOn !== undefined) parts.push(`MATCH (n0:${label}) USING INDEX SEEK n0:${label}(${quote(seekOn.prop)}) WHERE ${tests.join(' AND ')}`);
    else if (start.prefix !== undefined) parts.push(`MATCH (n0:${NODE_LABEL}) ${seek('n0')} WHERE n0:${label}${tests.map((t) => ` AND ${t}`).join('')}`);
    else parts.push(`MATCH (n0:${label})${tests.length > 0 ? ` WHERE ${tests.join(' AND ')}` : ''}`);
  }
  q.steps.forEach((step, k) => {
    const i = k + 1;
    const [prev, v, label] = [`n${i - 1}`, `n${i}`, quote(step.type)];
    if (i > 1) parts.push(`WITH DISTINCT ${prev}`);
    const tests = whereClause(v, step.where, params, `w${i}`);
    if (step.kind === 'child') {
      params[`s${i}`] = step.suffix;
      parts.push(`MATCH (${v}:${NODE_LABEL} {${URI}: ${prev}.${URI} + $s${i}}) ${seek(v)} WHERE ${[`${v}:${label}`, ...tests].join(' AND ')}`);
    } else if (step.kind === 'children') {
      params[`s${i}`] = step.prefix;
      parts.push(`MATCH (${prev})--(${v}:${label}) WHERE ${[`${v}.${URI} STARTS WITH ${prev}.${URI} + $s${i}`, ...tests].join(' AND ')}`);
    } else {
      parts.push(`MATCH (${prev})--(${v}:${label})${tests.length > 0 ? ` WHERE ${tests.join(' AND ')}` : ''}`);
    }
  });
  parts.push(`WITH DISTINCT n${q.steps.length} AS n`);
  return { match: parts.join('\n'), params };
}
