/**
 * GraphReader over a Neo4j read transaction: exact nodes by `aai-uri`, descendants by URI prefix
 * (an index seek on the uniqueness constraint), neighbours, and collections of top-level types.
 */
import { int } from 'neo4j-driver';
import type { FindQuery, Neighbour, NodeRecord, Props } from '../domain/model.js';
import type { GraphReader, NodeRef, NodeSearch, ScopeBatch, ScopedNode, ScopeQuery } from '../domain/ports.js';
import type { DslPlan } from '../domain/traversal/dsl-plan.js';
import type { Schema } from '../schema/schema.js';
import { byPrefix, byUri, findMatch, seek, toNode, URI } from './cypher.js';
import type { StatementRunner } from './driver.js';
import { NODE_LABEL } from './migrations.js';
import { REACH, searchStatement } from './search-cypher.js';
import { dslStatement } from './traversal-cypher.js';

// The far end has no label in the pattern (an inventory node is one with an aai-uri): with one, a
// planner without statistics (a fresh 2026.x store) chose to scan the label's index for it.
const SCOPE_RETURN = `RETURN properties(n) AS p, COLLECT { MATCH (n)-[e]-(m) WHERE m.${URI} IS NOT NULL AND NOT m.${URI} STARTS WITH n.${URI} + '/'
         RETURN [type(e), startNode(e) = n, CASE WHEN $otherProps THEN properties(m) ELSE {\`aai-uri\`: m.${URI}, \`aai-node-type\`: m.\`aai-node-type\`} END] } AS edges`;

/**
 * Read statements (shapes that seek the `aai-uri` index; see test/integration/store-plans.test.ts).
 * Every statement that can return many rows takes `$limit`: the read budget stops it in Neo4j, not
 * after loading everything (the caller asks for one row more than it may use, to know it exceeded).
 */
export const RQ = {
  nodes: `UNWIND $uris AS u ${byUri('n', 'u')} RETURN properties(n) AS p`,
  // The whole subtrees (depth=all): one index range per root, in no particular order.
  descendants: `UNWIND $prefixes AS pre ${byPrefix('n', 'pre')} RETURN properties(n) AS p LIMIT $limit`,
  // One level: the nodes an edge joins to a parent whose aai-uri extends the parent's (its children).
  children: `UNWIND $uris AS u ${byUri('n', 'u')} MATCH (n)--(c:${NODE_LABEL}) WHERE c.${URI} STARTS WITH u + '/'
       RETURN properties(c) AS p LIMIT $limit`,
  // Relationships: edges to nodes other than the node's own descendants (its children are rendered
  // as children, never in its relationship-list), so a node's thousands of children cost the server
  // a comparison each, not a row. The parent edge still comes back; the domain drops it by its rule.
  neighbours: `UNWIND $uris AS u ${byUri('n', 'u')} MATCH (n)-[e]-(m:${NODE_LABEL}) WHERE NOT m.${URI} STARTS WITH u + '/'
       RETURN u AS uri, type(e) AS label, startNode(e) = n AS outgoing, properties(m) AS other LIMIT $limit`,
  // A page of a sync or export scope: an aai-uri range seek, in index order (no sort), each node
  // with its edges to anything but its descendants (as neighbours: a node's thousands of children
  // are not rows of it), the other end's properties only when asked. The range is [$from, $upper):
  // both bounds in the seek, so a page starts where the last ended.
  scope: `MATCH (n:${NODE_LABEL}) ${seek('n')} WHERE n.${URI} >= $from AND n.${URI} < $upper
       AND ($types IS NULL OR n.\`aai-node-type\` IN $types)
       WITH n ORDER BY n.${URI} LIMIT $limit
       ${SCOPE_RETURN}`,
  // Many ranges at once (a sync of thousands of small subtrees, or of exact URIs): at most a page,
  // sorted (a sort of at most $limit rows), so a parent comes before its children.
  scopeBatch: `UNWIND $ranges AS r MATCH (n:${NODE_LABEL}) ${seek('n')} WHERE n.${URI} >= r[0] AND n.${URI} < r[1]
       AND ($types IS NULL OR n.\`aai-node-type\` IN $types)
       WITH n LIMIT $limit
       WITH n ORDER BY n.${URI}
       ${SCOPE_RETURN}`,
  // Every edge, children's included (the raw and simple formats list them all).
  edges: `UNWIND $uris AS u ${byUri('n', 'u')} MATCH (n)-[e]-(m:${NODE_LABEL})
       RETURN u AS uri, type(e) AS label, startNode(e) = n AS outgoing, properties(m) AS other LIMIT $limit`,
};

function scopedNode(r: { get(key: string): unknown }): ScopedNode {
  const node = toNode(r.get('p') as Props);
  const edges = (r.get('edges') as [string, boolean, Props][]).map(([label, outgoing, other]) => ({
    uri: node.uri,
    label,
    outgoing,
    otherUri: String(other['aai-uri']),
    otherType: String(other['aai-node-type']),
    otherProps: other,
  }));
  return { node, edges };
}

export class Neo4jGraphReader implements GraphReader {
  constructor(
    private readonly tx: StatementRunner,
    private readonly schema: Schema,
  ) {}

  async nodes(uris: readonly string[]): Promise<NodeRecord[]> {
    if (uris.length === 0) return [];
    const res = await this.tx.run(RQ.nodes, { uris });
    return res.records.map((r) => toNode(r.get('p') as Props));
  }

  async descendants(roots: readonly string[], limit: number): Promise<NodeRecord[]> {
    if (roots.length === 0) return [];
    const res = await this.tx.run(RQ.descendants, { prefixes: roots.map((r) => `${r}/`), limit: int(limit) });
    return res.records.map((r) => toNode(r.get('p') as Props));
  }

  async children(parents: readonly string[], limit: number): Promise<NodeRecord[]> {
    if (parents.length === 0) return [];
    const res = await this.tx.run(RQ.children, { uris: parents, limit: int(limit) });
    return res.records.map((r) => toNode(r.get('p') as Props));
  }

  async neighbours(uris: readonly string[], limit: number): Promise<Neighbour[]> {
    return this.neighbourRows(RQ.neighbours, uris, limit);
  }

  async edges(uris: readonly string[], limit: number): Promise<Neighbour[]> {
    return this.neighbourRows(RQ.edges, uris, limit);
  }

  private async neighbourRows(statement: string, uris: readonly string[], limit: number): Promise<Neighbour[]> {
    if (uris.length === 0) return [];
    const res = await this.tx.run(statement, { uris, limit: int(limit) });
    return res.records.map((r) => {
      const other = r.get('other') as Props;
      return {
        uri: String(r.get('uri')),
        label: String(r.get('label')),
        outgoing: Boolean(r.get('outgoing')),
        otherUri: String(other['aai-uri']),
        otherType: String(other['aai-node-type']),
        otherProps: other,
      };
    });
  }

  async find(q: FindQuery): Promise<{ total: number | undefined; nodes: NodeRecord[] }> {
    const { match, params } = findMatch(this.schema, q);
    // The count is a second statement over the same match: run only for a page that shows its total.
    const [count, page] = await Promise.all([
      q.count === true ? this.tx.run(`${match} RETURN count(n) AS c`, params) : undefined,
      this.tx.run(`${match} RETURN properties(n) AS p ORDER BY n.${URI} SKIP $skip LIMIT $limit`, { ...params, skip: int(q.skip), limit: int(q.limit) }),
    ]);
    return { total: count === undefined ? undefined : Number(count.records[0]?.get('c') ?? 0), nodes: page.records.map((r) => toNode(r.get('p') as Props)) };
  }

  async search(q: NodeSearch): Promise<NodeRef[]> {
    const { statement, params } = searchStatement(this.schema, q);
    const res = await this.tx.run(statement, { ...params, limit: int(q.limit) });
    return res.records.map((r) => ({ uri: String(r.get('uri')), type: String(r.get('type')) }));
  }

  async reach(uris: readonly string[], seen: readonly string[], limit: number): Promise<NodeRef[]> {
    if (uris.length === 0) return [];
    const res = await this.tx.run(REACH, { uris, seen, limit: int(limit) });
    return res.records.map((r) => ({ uri: String(r.get('uri')), type: String(r.get('type')) }));
  }

  async scopePage(q: ScopeQuery): Promise<ScopedNode[]> {
    // Canonical URIs are ASCII (percent-encoded): U+FFFF sorts after any of them.
    const from = q.after === '' || q.after < q.prefix ? q.prefix : `${q.after}\u0000`;
    const res = await this.tx.run(RQ.scope, { from, upper: `${q.prefix}\uffff`, types: q.types ?? null, limit: int(q.limit), otherProps: q.otherProps });
    return res.records.map(scopedNode);
  }

  async scopeBatch(q: ScopeBatch): Promise<ScopedNode[]> {
    if (q.uris.length === 0) return [];
    // An exact URI is the range [u, u + U+0000); a subtree below u is [u + '/', u + '/' + U+FFFF).
    const ranges = q.uris.map((u) => (q.exact ? [u, `${u}\u0000`] : [`${u}/`, `${u}/\uffff`]));
    const res = await this.tx.run(RQ.scopeBatch, { ranges, types: q.types ?? null, limit: int(q.limit), otherProps: q.otherProps });
    return res.records.map(scopedNode);
  }

  async traverse(plan: DslPlan, limit: number): Promise<NodeRecord[]> {
    const { statement, params } = dslStatement(plan, this.schema);
    const res = await this.tx.run(statement, { ...params, limit: int(limit) });
    return res.records.map((r) => toNode(r.get('p') as Props));
  }
}
