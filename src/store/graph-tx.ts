/**
 * GraphTx over an open Neo4j transaction: loads take the write lock on every node they return
 * before reading it (Neo4j is read-committed: lock, then read), and writes are a handful of
 * UNWIND statements per transaction, sent pipelined. Labels and relationship types are dynamic
 * (`$(…)`, Neo4j 5.26) but only ever values from the schema's allow-list.
 */
import type { ManagedTransaction, Transaction } from 'neo4j-driver';
import type { ChangeSet, EdgeRecord, GraphTx, LoadRequest, LoadResult, NodeRecord, Props } from '../domain/model.js';
import type { Schema } from '../schema/schema.js';
import { NODE_LABEL } from './migrations.js';

type Tx = Transaction | ManagedTransaction;

const URI = '`aai-uri`';
const TYPE = '`aai-node-type`';
const LOCK = 'SET n.`aai-lock` = true REMOVE n.`aai-lock`';

const Q = {
  nodes: `UNWIND $uris AS u MATCH (n:${NODE_LABEL} {${URI}: u}) ${LOCK} RETURN properties(n) AS p`,
  subtrees: `UNWIND $roots AS r MATCH (n:${NODE_LABEL}) WHERE n.${URI} STARTS WITH r AND (n.${URI} = r OR n.${URI} STARTS WITH r + '/') ${LOCK} RETURN properties(n) AS p`,
  edges: `UNWIND $uris AS u MATCH (n:${NODE_LABEL} {${URI}: u})-[e]-(:${NODE_LABEL})
    RETURN DISTINCT startNode(e).${URI} AS out, endNode(e).${URI} AS in, type(e) AS label, startNode(e).${TYPE} AS outType, endNode(e).${TYPE} AS inType`,
  subtreeEdges: `UNWIND $roots AS r MATCH (n:${NODE_LABEL}) WHERE n.${URI} STARTS WITH r AND (n.${URI} = r OR n.${URI} STARTS WITH r + '/')
    MATCH (n)-[e]-(:${NODE_LABEL})
    RETURN DISTINCT startNode(e).${URI} AS out, endNode(e).${URI} AS in, type(e) AS label, startNode(e).${TYPE} AS outType, endNode(e).${TYPE} AS inType`,
  deleteEdges: `UNWIND $rows AS r MATCH (:${NODE_LABEL} {${URI}: r.out})-[e]->(:${NODE_LABEL} {${URI}: r.in}) WHERE type(e) = r.label DELETE e RETURN count(*) AS c`,
  deleteNodes: `UNWIND $uris AS u MATCH (n:${NODE_LABEL} {${URI}: u}) DETACH DELETE n RETURN count(*) AS c`,
  createNodes: `UNWIND $rows AS r CREATE (n:${NODE_LABEL}:$(r.type)) SET n = r.props RETURN count(*) AS c`,
  updateNodes: `UNWIND $rows AS r MATCH (n:${NODE_LABEL} {${URI}: r.uri}) SET n = r.props RETURN count(*) AS c`,
  createEdges: `UNWIND $rows AS r MATCH (a:${NODE_LABEL} {${URI}: r.out}) MATCH (b:${NODE_LABEL} {${URI}: r.in}) CREATE (a)-[:$(r.label)]->(b) RETURN count(*) AS c`,
};

/** The store's write was not what the plan said (a bug, or the graph changed under a lock). */
export class WriteMismatchError extends Error {
  override name = 'WriteMismatchError';
}

function toNode(p: Props): NodeRecord {
  return { uri: String(p['aai-uri']), type: String(p['aai-node-type']), props: p };
}

function toEdge(r: { get(k: string): unknown }): EdgeRecord {
  return {
    out: String(r.get('out')),
    in: String(r.get('in')),
    label: String(r.get('label')),
    outType: String(r.get('outType')),
    inType: String(r.get('inType')),
  };
}

const sorted = (xs: readonly string[]): string[] => [...xs].sort();

export class Neo4jGraphTx implements GraphTx {
  constructor(
    private readonly tx: Tx,
    private readonly schema: Schema,
  ) {}

  async load(req: LoadRequest): Promise<LoadResult> {
    // Sent together (the driver pipelines them); lock order is sorted to limit deadlocks.
    const runs = [
      req.nodes.length > 0 ? this.tx.run(Q.nodes, { uris: sorted(req.nodes) }) : undefined,
      req.subtrees.length > 0 ? this.tx.run(Q.subtrees, { roots: sorted(req.subtrees) }) : undefined,
      req.edgesOf.length > 0 ? this.tx.run(Q.edges, { uris: req.edgesOf }) : undefined,
      req.subtreeEdgesOf.length > 0 ? this.tx.run(Q.subtreeEdges, { roots: req.subtreeEdgesOf }) : undefined,
    ];
    const [nodes, subtrees, edges, subtreeEdges] = await Promise.all(runs);
    const out: LoadResult = { nodes: [], edges: [] };
    for (const res of [nodes, subtrees]) for (const r of res?.records ?? []) out.nodes.push(toNode(r.get('p') as Props));
    for (const res of [edges, subtreeEdges]) for (const r of res?.records ?? []) out.edges.push(toEdge(r));
    return out;
  }

  private checkAllowed(cs: ChangeSet): void {
    for (const n of cs.createNodes) if (!this.schema.nodeTypes.has(n.type)) throw new Error(`node type ${n.type} is not in the schema`);
    for (const e of cs.createEdges) if (!this.schema.edgeRules.labels.has(e.label)) throw new Error(`edge label ${e.label} is not in the schema`);
  }

  async write(cs: ChangeSet): Promise<void> {
    this.checkAllowed(cs);
    const edgeRows = (es: readonly EdgeRecord[]): { out: string; in: string; label: string }[] => es.map((e) => ({ out: e.out, in: e.in, label: e.label }));
    const steps: [string, Record<string, unknown>, number][] = [];
    if (cs.deleteEdges.length > 0) steps.push([Q.deleteEdges, { rows: edgeRows(cs.deleteEdges) }, cs.deleteEdges.length]);
    if (cs.deleteNodes.length > 0) steps.push([Q.deleteNodes, { uris: cs.deleteNodes }, cs.deleteNodes.length]);
    if (cs.createNodes.length > 0) steps.push([Q.createNodes, { rows: cs.createNodes.map((n) => ({ type: n.type, props: n.props })) }, cs.createNodes.length]);
    if (cs.updateNodes.length > 0) steps.push([Q.updateNodes, { rows: cs.updateNodes.map((n) => ({ uri: n.uri, props: n.props })) }, cs.updateNodes.length]);
    if (cs.createEdges.length > 0) steps.push([Q.createEdges, { rows: edgeRows(cs.createEdges) }, cs.createEdges.length]);
    const results = await Promise.all(steps.map(([q, params]) => this.tx.run(q, params)));
    results.forEach((res, i) => {
      const expected = steps[i]?.[2];
      const got = Number(res.records[0]?.get('c') ?? 0);
      if (got !== expected) throw new WriteMismatchError(`write step ${i} affected ${got} of ${expected}`);
    });
  }
}
