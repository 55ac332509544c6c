/**
 * GraphTx over an open Neo4j transaction: loads take the write lock on every node they return
 * before reading it (Neo4j is read-committed: lock, then read), and writes are a handful of
 * UNWIND statements per transaction, sent pipelined. Labels and relationship types are dynamic
 * (`$(…)`, Neo4j 5.26) but only ever values from the schema's allow-list.
 */
import type { ManagedTransaction, Transaction } from 'neo4j-driver';
import { edgeKey, type ChangeSet, type EdgeRecord, type GraphTx, type LoadRequest, type LoadResult, type NodeRecord, type Props } from '../domain/model.js';
import type { Schema } from '../schema/schema.js';
import { NODE_LABEL } from './migrations.js';

type Tx = Transaction | ManagedTransaction;

const URI = '`aai-uri`';
const TYPE = '`aai-node-type`';
// Taking the node's write lock before reading it (Neo4j is read-committed): setting a property takes
// the exclusive lock before comparing values, so re-setting aai-uri locks without changing anything.
const LOCK = 'SET n.`aai-uri` = n.`aai-uri`';

// Every lookup of a node goes through the `aai-uri` uniqueness index with `USING INDEX SEEK`:
// without the hint the planner sometimes prefers a full scan (small or skewed statistics), and a
// scan makes each transaction cost grow with the inventory. test/integration/store-plans.test.ts
// pins this with EXPLAIN. A transaction sends one load statement and one write statement (every
// Bolt message and every result has a fixed cost on both sides), as CALL subqueries.
const seek = (v: string): string => `USING INDEX SEEK ${v}:${NODE_LABEL}(${URI})`;
const byUri = (v: string, value: string): string => `MATCH (${v}:${NODE_LABEL} {${URI}: ${value}}) ${seek(v)}`;
const byPrefix = (v: string, prefix: string): string => `MATCH (${v}:${NODE_LABEL}) ${seek(v)} WHERE ${v}.${URI} STARTS WITH ${prefix}`;
const EDGE_ROW = `[n.${URI}, n.${TYPE}, type(e), startNode(e) = n, m.${URI}, m.${TYPE}]`;

export const Q = {
  load: `CALL { UNWIND $uris AS u ${byUri('n', 'u')} ${LOCK} RETURN collect(properties(n)) AS nodes }
CALL { UNWIND $prefixes AS pre ${byPrefix('n', 'pre')} ${LOCK} RETURN collect(properties(n)) AS descendants }
CALL { UNWIND $edgeUris AS u ${byUri('n', 'u')} MATCH (n)-[e]-(m:${NODE_LABEL}) RETURN collect(${EDGE_ROW}) AS edges }
CALL { UNWIND $edgePrefixes AS pre ${byPrefix('n', 'pre')} MATCH (n)-[e]-(m:${NODE_LABEL}) RETURN collect(${EDGE_ROW}) AS descendantEdges }
RETURN nodes, descendants, edges, descendantEdges`,
  write: `CALL { UNWIND $deleteEdges AS r ${byUri('a', 'r.out')} ${byUri('b', 'r.in')} MATCH (a)-[e]->(b) WHERE type(e) = r.label DELETE e RETURN count(*) AS deletedEdges }
CALL { UNWIND $deleteNodes AS u ${byUri('n', 'u')} DETACH DELETE n RETURN count(*) AS deletedNodes }
CALL { UNWIND $createNodes AS r CREATE (n:${NODE_LABEL}:$(r.type)) SET n = r.props RETURN count(*) AS createdNodes }
CALL { UNWIND $updateNodes AS r ${byUri('n', 'r.uri')} SET n += r.props RETURN count(*) AS updatedNodes }
CALL { UNWIND $createEdges AS r ${byUri('a', 'r.out')} ${byUri('b', 'r.in')} CREATE (a)-[:$(r.label)]->(b) RETURN count(*) AS createdEdges }
RETURN deletedEdges, deletedNodes, createdNodes, updatedNodes, createdEdges`,
};

/** The store's write was not what the plan said (a bug, or the graph changed under a lock). */
export class WriteMismatchError extends Error {
  override name = 'WriteMismatchError';
}

function toNode(p: Props): NodeRecord {
  return { uri: String(p['aai-uri']), type: String(p['aai-node-type']), props: p };
}

/** An edge row [uri, type, label, outgoing, other uri, other type] as a stored edge (out → in). */
function toEdge(row: readonly unknown[]): EdgeRecord {
  const self = { uri: String(row[0]), type: String(row[1]) };
  const other = { uri: String(row[4]), type: String(row[5]) };
  const [out, inn] = row[3] === true ? [self, other] : [other, self];
  return { out: out.uri, in: inn.uri, label: String(row[2]), outType: out.type, inType: inn.type };
}

const sorted = (xs: readonly string[]): string[] => [...xs].sort();

export class Neo4jGraphTx implements GraphTx {
  constructor(
    private readonly tx: Tx,
    private readonly schema: Schema,
  ) {}

  async load(req: LoadRequest): Promise<LoadResult> {
    // A subtree is its root (exact) plus the prefix `root/`; the edges of a subtree likewise.
    // Lock order is sorted to limit deadlocks.
    const res = await this.tx.run(Q.load, {
      uris: sorted([...new Set([...req.nodes, ...req.subtrees])]),
      prefixes: sorted(req.subtrees.map((r) => `${r}/`)),
      edgeUris: [...new Set([...req.edgesOf, ...req.subtreeEdgesOf])],
      edgePrefixes: req.subtreeEdgesOf.map((r) => `${r}/`),
    });
    const row = res.records[0];
    const out: LoadResult = { nodes: [], edges: [] };
    if (!row) return out;
    for (const key of ['nodes', 'descendants']) for (const p of row.get(key) as Props[]) out.nodes.push(toNode(p));
    const seen = new Set<string>();
    for (const key of ['edges', 'descendantEdges']) {
      for (const r of row.get(key) as unknown[][]) {
        const e = toEdge(r);
        const k = edgeKey(e);
        if (!seen.has(k)) {
          seen.add(k);
          out.edges.push(e);
        }
      }
    }
    return out;
  }

  private checkAllowed(cs: ChangeSet): void {
    for (const n of cs.createNodes) if (!this.schema.nodeTypes.has(n.type)) throw new Error(`node type ${n.type} is not in the schema`);
    for (const e of cs.createEdges) if (!this.schema.edgeRules.labels.has(e.label)) throw new Error(`edge label ${e.label} is not in the schema`);
  }

  async write(cs: ChangeSet): Promise<void> {
    this.checkAllowed(cs);
    const edgeRows = (es: readonly EdgeRecord[]): { out: string; in: string; label: string }[] => es.map((e) => ({ out: e.out, in: e.in, label: e.label }));
    const res = await this.tx.run(Q.write, {
      deleteEdges: edgeRows(cs.deleteEdges),
      deleteNodes: cs.deleteNodes,
      createNodes: cs.createNodes.map((n) => ({ type: n.type, props: n.props })),
      updateNodes: cs.updateNodes.map((n) => ({ uri: n.uri, props: n.props })),
      createEdges: edgeRows(cs.createEdges),
    });
    const row = res.records[0];
    const expected: Record<string, number> = {
      deletedEdges: cs.deleteEdges.length,
      deletedNodes: cs.deleteNodes.length,
      createdNodes: cs.createNodes.length,
      updatedNodes: cs.updateNodes.length,
      createdEdges: cs.createEdges.length,
    };
    for (const [key, want] of Object.entries(expected)) {
      const got = Number(row?.get(key) ?? -1);
      if (got !== want) throw new WriteMismatchError(`${key}: ${got} of ${want}`);
    }
  }
}
