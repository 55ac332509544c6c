/**
 * The statements of A&AI's search API (src/domain/traversal/search.ts). A nodes-query is a find
 * (cypher.ts findMatch: an index seek on the search type's key or indexed property, or on an
 * indexed property of a neighbour an edge filter names, else the one scan, of the search type's
 * label) with its other tests after it; a generic query walks the graph one level per statement
 * from nodes found by URI. test/integration/store-plans.test.ts pins both shapes.
 */
import type { NodeCondition, NodeSearch, ValueTest } from '../domain/ports.js';
import type { Schema } from '../schema/schema.js';
import { byUri, findMatch, quote, TYPE, URI } from './cypher.js';
import { NODE_LABEL } from './migrations.js';

/** The Cypher of a value test on `v`, its value bound to `$name`. */
function valueTest(v: string, t: ValueTest, name: string, equal: boolean): string {
  const prop = `${v}.${quote(t.prop)}`;
  if (t.list) return equal ? `$${name} IN ${prop}` : `NOT coalesce($${name} IN ${prop}, false)`;
  return equal ? `${prop} = $${name}` : `(${prop} IS NULL OR ${prop} <> $${name})`;
}

function condition(c: NodeCondition, i: number, params: Record<string, unknown>): string {
  const name = `c${i}`;
  switch (c.kind) {
    case 'equal':
    case 'not-equal':
      params[name] = c.value;
      return valueTest('n', c, name, c.kind === 'equal');
    case 'present':
      return `n.${quote(c.prop)} IS NOT NULL`;
    case 'absent':
      return `n.${quote(c.prop)} IS NULL`;
    case 'edge': {
      // Any edge: the store holds only the edges the rules (or the parent fallback) allow, so an
      // edge to a node of the type is one of the rules' labels, as A&AI's both(labels) asks.
      let where = '';
      if (c.test !== undefined) {
        params[name] = c.test.value;
        where = ` WHERE ${valueTest('m', c.test, name, true)}`;
      }
      return `${c.exists ? '' : 'NOT '}EXISTS { MATCH (n)--(m:${quote(c.type)})${where} }`;
    }
  }
}

/** A nodes-query: the find, its conditions on the result `n`, the URIs and types in URI order (`$limit` rows). */
export function searchStatement(schema: Schema, q: Pick<NodeSearch, 'find' | 'conditions'>): { statement: string; params: Record<string, unknown> } {
  const { match, params } = findMatch(schema, { ...q.find, skip: 0, limit: 0 });
  const tests = q.conditions.map((c, i) => condition(c, i, params));
  const where = tests.length > 0 ? ` WHERE ${tests.join(' AND ')}` : '';
  return { statement: `${match}${where}\nRETURN n.${URI} AS uri, n.${TYPE} AS type ORDER BY uri LIMIT $limit`, params };
}

/** One level of a generic query: the nodes any edge joins to the `$uris` (each once), but those in `$seen`. */
export const REACH = `UNWIND $uris AS u ${byUri('n', 'u')}
  MATCH (n)--(m:${NODE_LABEL}) WHERE NOT m.${URI} IN $seen
  RETURN DISTINCT m.${URI} AS uri, m.${TYPE} AS type LIMIT $limit`;
