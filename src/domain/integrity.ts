/**
 * The graph's integrity, checked node by node over a scan of the whole inventory (or of one URI
 * prefix) in aai-uri order: what `npm run check-graph` reports and what the tests assert after
 * concurrency, crash and full-suite runs. Plain TypeScript over what the store's scan yields.
 */
import type { Schema } from '../schema/schema.js';
import { isTreeRule } from '../schema/edge-rules.js';
import { parentOf, parseNodePath } from '../uri/aai-uri.js';
import { NODE_LABEL } from './model.js';

/** An edge seen from the scanned node. */
export interface ScannedEdge {
  label: string;
  /** True when the edge goes out of the scanned node. */
  outgoing: boolean;
  otherUri: string | null;
  otherType: string | null;
  /** The other end is an inventory node (carries the inventory label). */
  otherIsInventory: boolean;
}

export interface ScannedNode {
  uri: string;
  type: string | null;
  labels: string[];
  hasResourceVersion: boolean;
  edges: ScannedEdge[];
}

export type ViolationKind =
  | 'duplicate-uri'
  | 'no-uri'
  | 'unknown-type'
  | 'wrong-labels'
  | 'no-resource-version'
  | 'bad-uri'
  | 'parent-edge'
  | 'edge-not-allowed'
  | 'edge-to-non-inventory';

export interface Violation {
  kind: ViolationKind;
  uri: string;
  detail: string;
}

export interface IntegrityReport {
  nodes: number;
  edges: number;
  /** Violations by kind (all of them counted). */
  counts: Partial<Record<ViolationKind, number>>;
  /** The first violations found, at most `maxExamples`. */
  examples: Violation[];
  total: number;
}

/** The parent URI of a canonical node URI, or undefined for a top-level node or an unparseable URI. */
function parentUri(schema: Schema, uri: string): string | undefined {
  try {
    return parentOf(parseNodePath(schema, uri))?.uri;
  } catch {
    return undefined;
  }
}

export class IntegrityCheck {
  private previous: string | undefined;
  private readonly report: IntegrityReport = { nodes: 0, edges: 0, counts: {}, examples: [], total: 0 };

  constructor(
    private readonly schema: Schema,
    private readonly maxExamples = 100,
  ) {}

  private add(kind: ViolationKind, uri: string, detail: string): void {
    this.report.counts[kind] = (this.report.counts[kind] ?? 0) + 1;
    this.report.total++;
    if (this.report.examples.length < this.maxExamples) this.report.examples.push({ kind, uri, detail });
  }

  /** Inventory nodes that have no aai-uri at all (found by a separate count). */
  nodesWithoutUri(count: number): void {
    for (let i = 0; i < count; i++) this.add('no-uri', '', `an ${NODE_LABEL} node without aai-uri`);
  }

  /** Visit the next node; nodes must come in aai-uri order (duplicates are then adjacent). */
  visit(node: ScannedNode): void {
    this.report.nodes++;
    this.report.edges += node.edges.filter((e) => e.outgoing || !e.otherIsInventory).length;
    if (node.uri === this.previous) this.add('duplicate-uri', node.uri, 'more than one node has this aai-uri');
    this.previous = node.uri;

    const type = node.type;
    if (type === null || !this.schema.nodeTypes.has(type)) {
      this.add('unknown-type', node.uri, `aai-node-type ${JSON.stringify(type)} is not a node type of the schema`);
      return;
    }
    const labels = [...node.labels].sort();
    const expected = [NODE_LABEL, type].sort();
    if (labels.join('\u0000') !== expected.join('\u0000')) this.add('wrong-labels', node.uri, `labels ${JSON.stringify(labels)}, expected ${JSON.stringify(expected)}`);
    if (!node.hasResourceVersion) this.add('no-resource-version', node.uri, 'no resource-version');

    let parent: string | undefined;
    try {
      const parsed = parseNodePath(this.schema, node.uri);
      if (parsed.target.type !== type) this.add('bad-uri', node.uri, `the URI names a ${parsed.target.type}, the node is a ${type}`);
      else if (parsed.target.uri !== node.uri) this.add('bad-uri', node.uri, `not the canonical form of its URI (${parsed.target.uri})`);
      parent = parentOf(parsed)?.uri;
    } catch (e) {
      this.add('bad-uri', node.uri, `not a valid A&AI URI: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    this.checkParent(node, type, parent);
    this.checkEdges(node, type, parent);
  }

  /** A child has exactly one edge to its parent, of the containment label and direction; a top-level node none. */
  private checkParent(node: ScannedNode, type: string, parent: string | undefined): void {
    if (parent === undefined) return;
    const toParent = node.edges.filter((e) => e.otherUri === parent);
    if (toParent.length !== 1) {
      this.add('parent-edge', node.uri, `${toParent.length} edges to its parent ${parent}, expected exactly one`);
      return;
    }
    const [edge] = toParent;
    const parentType = edge?.otherType ?? '';
    const want = this.schema.edgeRules.parentEdge(type, parentType);
    if (edge && (edge.label !== want.label || edge.outgoing !== want.childIsOut)) {
      const dir = (out: boolean): string => (out ? 'child → parent' : 'parent → child');
      this.add('parent-edge', node.uri, `edge to its parent is ${edge.label} (${dir(edge.outgoing)}), expected ${want.label} (${dir(want.childIsOut)})`);
    }
  }

  /** Every other edge, checked once from its out end: a cousin edge the rules allow in that direction. */
  private checkEdges(node: ScannedNode, type: string, parent: string | undefined): void {
    for (const e of node.edges) {
      if (!e.otherIsInventory) {
        this.add('edge-to-non-inventory', node.uri, `${e.label} edge to a node that is not an inventory node`);
        continue;
      }
      if (!e.outgoing || e.otherUri === parent) continue; // the in end, or the parent edge (checkParent)
      const otherUri = e.otherUri ?? '';
      if (parentUri(this.schema, otherUri) === node.uri) continue; // an edge to a child: the child checks it
      const rule = this.schema.edgeRules.forStored(type, e.otherType ?? '', e.label);
      if (!rule) this.add('edge-not-allowed', node.uri, `no edge rule allows ${type} -[${e.label}]-> ${e.otherType ?? '?'} (${otherUri})`);
      else if (isTreeRule(rule)) this.add('edge-not-allowed', node.uri, `containment edge ${e.label} to ${otherUri}, which is neither its parent nor its child`);
    }
  }

  result(): IntegrityReport {
    return structuredClone(this.report);
  }
}
