/**
 * The checks A&AI makes on a parsed DSL v2 query that need no schema (its DslListener and
 * DslQueryValidator), run over the tree of dsl-ast.ts: `checkDsl(query)` lists what A&AI would
 * refuse, in the order A&AI finds it, each with A&AI's error code, so the HTTP layer can answer as
 * A&AI does. The schema-aware halves (is the node type known, is there an edge rule between two
 * types, which keys are indexed) belong to the compiler; `startVertices` and `endNodeType` give it
 * what it needs for those.
 *
 * A&AI's rules, as mirrored here:
 * - "No nodes marked for output" (AAI_6152): no vertex has `*` or a select filter and no union has
 *   `]*`. Markers inside where-filters count, as in A&AI.
 * - Start node without keys (AAI_6149, "No keys sent. Valid keys for <type> are ..."): a query that
 *   starts with a vertex (not a union) must give that vertex at least one property filter; a negated
 *   one or one without values counts, a where-filter does not. A&AI only checks that some key is
 *   given, not that it is indexed (the message merely lists the indexed ones). Its `X-DslOverride`
 *   header switches the check off: `requireStartFilter: false`. The heads of a start union are not
 *   checked (A&AI does not check them either).
 * - Loop (AAI_6151, "Loop Validation failed"): every step along an edge, including those in unions
 *   and where-filters, is a (from type, to type) pair; the query fails if fewer distinct pairs exist
 *   than half the number of pairs (rounded down). After a union, the "from" type is the type that
 *   ends its first branch, as in A&AI.
 * - Node count (AAI_6151, "NodeCount Validation failed"): more vertices than `maxNodeCount`
 *   (A&AI's `aai.dsl.max.nodecount`, 15 in its shipped configuration), counting every vertex,
 *   inside unions and where-filters too.
 *   A&AI runs the last two when its `validate` query parameter (default `all`) asks for them:
 *   `validationRules(param)` reads that parameter.
 * - A&AI has no LIMIT rule beyond the grammar (digits only, on the whole query).
 *
 * One rule is ours: a result marker (`*`, a select filter, `]*`) inside a where-filter
 * (`output-in-where`). A&AI accepts it and stores whatever its Gremlin filter happened to visit
 * (its own test calls it "a store within a where makes no sense"); a where-filter compiles to an
 * existence test, which has no results to return. `allowOutputInWhere: true` turns it off.
 */
import type { DslPath, DslQuery, DslSpan, DslStart, DslStep, DslVertex } from './dsl-ast.js';

export type DslIssueCode = 'no-output' | 'start-without-filter' | 'loop' | 'node-count' | 'output-in-where';

export interface DslIssue {
  readonly code: DslIssueCode;
  /** A&AI's error code for the same refusal (ours: AAI_6149, for `output-in-where`). */
  readonly aaiCode: 'AAI_6149' | 'AAI_6151' | 'AAI_6152';
  /** A&AI's wording where it needs no schema. */
  readonly message: string;
  readonly span: DslSpan;
}

export interface DslCheckOptions {
  /** A&AI's start-node check (default true; A&AI's `X-DslOverride` header turns it off). */
  readonly requireStartFilter?: boolean;
  /** The loop rule (default true, as A&AI's default `validate=all`). */
  readonly loop?: boolean;
  /** The node-count rule (default true, as A&AI's default `validate=all`). */
  readonly nodeCount?: boolean;
  /** The most vertices a query may have (default 15, A&AI's shipped `aai.dsl.max.nodecount`). */
  readonly maxNodeCount?: number;
  /** Accept result markers inside where-filters, as A&AI does (default false). */
  readonly allowOutputInWhere?: boolean;
}

/** A&AI's default `aai.dsl.max.nodecount`. */
export const DSL_DEFAULT_MAX_NODE_COUNT = 15;

/**
 * Which of the loop and node-count rules A&AI's `validate` query parameter asks for: it looks for
 * the words `loop`, `nodeCount` and `all` anywhere in it (`none`, or anything else, asks for none).
 */
export function validationRules(param: string): { loop: boolean; nodeCount: boolean } {
  const all = param.includes('all');
  return { loop: all || param.includes('loop'), nodeCount: all || param.includes('nodeCount') };
}

/** What one walk over the tree collects. */
interface Walk {
  readonly vertices: DslVertex[];
  /** Result markers met inside where-filters. */
  readonly outputsInWhere: DslSpan[];
  /** `from` and `to` node types of every step along an edge. */
  readonly edges: string[];
  outputs: number;
}

function noteOutput(walk: Walk, marked: boolean, at: DslSpan, inWhere: boolean): void {
  if (!marked) return;
  walk.outputs += 1;
  if (inWhere) walk.outputsInWhere.push(at);
}

function walkVertex(walk: Walk, vertex: DslVertex, inWhere: boolean): void {
  walk.vertices.push(vertex);
  noteOutput(walk, vertex.output.kind !== 'none', vertex.span, inWhere);
  for (const filter of vertex.whereFilters) walkSteps(walk, vertex.nodeType, filter.steps, true);
}

/** Walks steps taken from a vertex of type `from`; returns the type they end on. */
function walkSteps(walk: Walk, from: string, steps: readonly DslStep[], inWhere: boolean): string {
  let current = from;
  for (const step of steps) {
    if (step.kind === 'traversal') {
      walk.edges.push(`${current}\u0000${step.vertex.nodeType}`);
      walkVertex(walk, step.vertex, inWhere);
      current = step.vertex.nodeType;
    } else {
      const [first, ...rest] = step.branches;
      const end = walkSteps(walk, current, first.steps, inWhere);
      for (const branch of rest) walkSteps(walk, current, branch.steps, inWhere);
      noteOutput(walk, step.output, step.span, inWhere);
      current = end;
    }
  }
  return current;
}

function walkStart(walk: Walk, start: DslStart): string {
  if (start.kind === 'vertex') {
    walkVertex(walk, start, false);
    return start.nodeType;
  }
  const [first, ...rest] = start.branches;
  const end = walkPath(walk, first);
  for (const branch of rest) walkPath(walk, branch);
  noteOutput(walk, start.output, start.span, false);
  return end;
}

function walkPath(walk: Walk, path: DslPath): string {
  return walkSteps(walk, walkStart(walk, path.start), path.steps, false);
}

function walkQuery(query: DslQuery): Walk {
  const walk: Walk = { vertices: [], outputsInWhere: [], edges: [], outputs: 0 };
  walkPath(walk, query);
  return walk;
}

/**
 * The node type a sequence of steps ends on when started from a vertex of type `from`; after a
 * union, the type its first branch ends on (A&AI looks the next edge rule up from there).
 */
export function endNodeType(from: string, steps: readonly DslStep[]): string {
  return walkSteps({ vertices: [], outputsInWhere: [], edges: [], outputs: 0 }, from, steps, false);
}

/**
 * The vertices a query is looked up by: its start vertex, or the head of every branch of a start
 * union (recursively). The compiler anchors its first MATCH on these.
 */
export function startVertices(start: DslStart): DslVertex[] {
  if (start.kind === 'vertex') return [start];
  return start.branches.flatMap((b) => startVertices(b.start));
}

function loopFails(edges: readonly string[]): boolean {
  return new Set(edges).size < Math.floor(edges.length / 2);
}

/** Everything A&AI would refuse in this query without looking at the schema, in A&AI's order. */
export function checkDsl(query: DslQuery, options: DslCheckOptions = {}): DslIssue[] {
  const walk = walkQuery(query);
  const issues: DslIssue[] = [];
  if (walk.outputs === 0) {
    issues.push({ code: 'no-output', aaiCode: 'AAI_6152', message: 'No nodes marked for output', span: query.span });
  }
  if (!(options.allowOutputInWhere ?? false)) {
    for (const at of walk.outputsInWhere) {
      issues.push({ code: 'output-in-where', aaiCode: 'AAI_6149', message: 'A node inside a where-filter cannot be marked for output', span: at });
    }
  }
  const start = query.start;
  if ((options.requireStartFilter ?? true) && start.kind === 'vertex' && start.propertyFilters.length === 0) {
    issues.push({ code: 'start-without-filter', aaiCode: 'AAI_6149', message: `No keys sent for the start node ${start.nodeType}`, span: start.span });
  }
  if ((options.loop ?? true) && loopFails(walk.edges)) {
    issues.push({ code: 'loop', aaiCode: 'AAI_6151', message: 'Validation error Loop Validation failed', span: query.span });
  }
  const maxNodes = options.maxNodeCount ?? DSL_DEFAULT_MAX_NODE_COUNT;
  if ((options.nodeCount ?? true) && walk.vertices.length > maxNodes) {
    issues.push({ code: 'node-count', aaiCode: 'AAI_6151', message: 'Validation error NodeCount Validation failed', span: query.span });
  }
  return issues;
}
