/**
 * A DSL v2 query (dsl-ast.ts) checked against the schema and turned into a plan: plain data the
 * store compiles to one Cypher read statement (src/store/traversal-cypher.ts). What each construct
 * means is A&AI's (aai-traversal DslListener v2 + DslQueryBuilder, run as Gremlin):
 *
 * - A step `a > b` follows the edge rules between node types a and b (either orientation;
 *   `>>` keeps the rules whose stored edge goes from a to b, `<<` those from b to a; a label filter
 *   keeps the rules with those labels). No rule left is A&AI's "No EdgeRule found" (AAI_6149).
 * - Property filters are ANDed; values are converted by the property's schema type as A&AI's
 *   getConvertedValue does (integer: parsed, else AAI_4020's text inside AAI_6149; boolean: `true`
 *   or `1` is true, anything else false), and compared as written otherwise.
 * - A vertex marked for output (`*`, a select filter, `]*` on a union) contributes every vertex it
 *   reaches that passes its own filters, whether or not the steps after it reach anything
 *   (Gremlin's `store('x')` where the vertex stands), de-duplicated; LIMIT caps those results.
 *
 * One rule is ours, the guard that keeps a query from scanning the graph: every start vertex (the
 * query's, or each head of a start union) must be found through an index — an equality filter on
 * one of its type's keys or indexed properties (the migrations index exactly those). A start
 * without one is refused with A&AI's start-node error, "No keys sent. Valid keys for <type> are
 * <indexed properties>" (AAI_6149), which A&AI raises only when no filter at all is given.
 */
import { AaiError } from '../../errors.js';
import { storedEnds } from '../../schema/edge-rules.js';
import type { Schema } from '../../schema/schema.js';
import type { FindQuery, Scalar } from '../model.js';
import type { DslEdge, DslPath, DslPropertyFilter, DslQuery, DslStart, DslStep, DslValue, DslVertex } from './dsl-ast.js';

/** A property test on a vertex. */
export type PlanTest =
  /** The property equals one of the values (a string list: holds one of them). */
  | { kind: 'in'; prop: string; values: Scalar[]; list: boolean }
  /** The property is set and equals none of the values. */
  | { kind: 'not-in'; prop: string; values: Scalar[]; list: boolean }
  | { kind: 'present' | 'absent'; prop: string };

/**
 * Relationship types to follow from the current vertex: stored outgoing, incoming, or either way.
 * Both empty: any relationship (a stored query's hop between types no rule joins, as A&AI's
 * GraphTraversalBuilder follows every edge then).
 */
export interface PlanEdges {
  out: string[];
  in: string[];
}

export interface PlanWhere {
  negated: boolean;
  steps: PlanStep[];
}

export interface PlanVertex {
  type: string;
  tests: PlanTest[];
  wheres: PlanWhere[];
  /** Its vertices are results; `select` names the properties shown (A&AI's select filter). */
  output: boolean;
  select?: string[];
}

export type PlanStep =
  | { kind: 'hop'; edges: PlanEdges; vertex: PlanVertex }
  | { kind: 'union'; branches: PlanStep[][]; output: boolean };

/** A start vertex found by an index: `seek` is the equality on an indexed property (also in `vertex.tests`). */
export interface PlanSeek {
  kind: 'seek';
  vertex: PlanVertex;
  seek: { prop: string; values: Scalar[] };
}

/**
 * Start vertices found as a REST read path finds them (src/store/cypher.ts findMatch: by URI, by URI
 * prefix, by a property index), then held to `vertex`'s tests: a stored query's start URI.
 */
export interface PlanFind {
  kind: 'find';
  find: Pick<FindQuery, 'start' | 'steps'>;
  vertex: PlanVertex;
}

export type PlanStart = PlanSeek | PlanFind | { kind: 'union'; branches: PlanPath[]; output: boolean };

export interface PlanPath {
  start: PlanStart;
  steps: PlanStep[];
}

export interface DslPlan {
  path: PlanPath;
  /** LIMIT, if given. */
  limit: number | undefined;
  /** The properties a select filter shows, by node type (A&AI keys them by type: the last one wins). */
  selects: Record<string, string[]>;
}

/** AAI_6149 with A&AI's DslQueryProcessor wrapping. */
function dslError(message: string): AaiError {
  return new AaiError('AAI_6149', `DSL Error while processing the query :${message}`);
}

const JAVA_INT = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/** DslQueryBuilder.getConvertedValue: the value as the property's type, or A&AI's AAI_4020 text. */
function convert(schema: Schema, type: string, prop: string, value: DslValue): Scalar {
  const kind = schema.type(type).properties[prop]?.type ?? 'string';
  const written = value.kind === 'string' ? `'${value.value}'` : value.kind === 'number' ? value.text : String(value.value);
  const text = value.kind === 'string' ? value.value : value.kind === 'number' ? value.text : String(value.value);
  if (kind === 'integer') {
    // Integer.parseInt / Long.parseLong: an optional sign and digits only. Longs beyond ±2^53 are refused too (JSON numbers).
    const n = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(n)) {
      throw dslError(
        `AAI_4020 Value [${written}] is not an instance of the expected data type for property key ['${prop}'] and cannot be converted. Expected: class java.lang.${n < JAVA_INT.min || n > JAVA_INT.max ? 'Long' : 'Integer'}, found: class java.lang.String`,
      );
    }
    return n;
  }
  if (kind === 'boolean') return text === '1' || text.toLowerCase() === 'true';
  return text;
}

function checkProp(schema: Schema, type: string, prop: string): void {
  if (!Object.hasOwn(schema.type(type).properties, prop)) throw dslError(`Unknown property being referenced by the query: ${type}.${prop}`);
}

function testOf(schema: Schema, type: string, f: DslPropertyFilter): PlanTest {
  checkProp(schema, type, f.key);
  if (f.values.length === 0) return { kind: f.negated ? 'absent' : 'present', prop: f.key };
  const list = schema.type(type).properties[f.key]?.type === 'string-list';
  const values = f.values.map((v) => convert(schema, type, f.key, v));
  return { kind: f.negated ? 'not-in' : 'in', prop: f.key, values, list };
}

function checkType(schema: Schema, type: string): void {
  if (!schema.nodeTypes.has(type)) throw dslError(`Unknown Object being referenced by the query${type}`);
}

/** The relationship types a step from `from` to `to` follows (DslQueryBuilder.edgeQuery). */
function edgesOf(schema: Schema, from: string, to: string, edge: DslEdge): PlanEdges {
  const rules = schema.edgeRules.between(from, to);
  const out = new Set<string>();
  const inn = new Set<string>();
  for (const rule of rules) {
    if (edge.labels.length > 0 && !edge.labels.includes(rule.label)) continue;
    const { outType, inType } = storedEnds(rule);
    // Stored from → to: outgoing from the current vertex; to → from: incoming (both for a type to itself).
    if (outType === from && inType === to && edge.direction !== 'in') out.add(rule.label);
    if (outType === to && inType === from && edge.direction !== 'out') inn.add(rule.label);
  }
  if (out.size === 0 && inn.size === 0) {
    if (edge.labels.length > 0) throw dslError(`Exception while finding the edge rule between the nodeTypes: ${from}, ${to}${edge.labels.map((l) => `'${l}'`).join('')}`);
    throw dslError(`- No EdgeRule found for passed nodeTypes: ${from}, ${to}`);
  }
  return { out: [...out].sort(), in: [...inn].sort() };
}

class Planner {
  readonly selects: Record<string, string[]> = {};

  constructor(private readonly schema: Schema) {}

  vertex(v: DslVertex): PlanVertex {
    checkType(this.schema, v.nodeType);
    const tests = v.propertyFilters.map((f) => testOf(this.schema, v.nodeType, f));
    const wheres = v.whereFilters.map((w) => ({ negated: w.negated, steps: this.steps(v.nodeType, w.steps).steps }));
    const out: PlanVertex = { type: v.nodeType, tests, wheres, output: v.output.kind !== 'none' };
    if (v.output.kind === 'select') {
      for (const p of v.output.properties) checkProp(this.schema, v.nodeType, p);
      out.select = [...v.output.properties];
      this.selects[v.nodeType] = out.select;
    }
    return out;
  }

  /** Steps from a vertex of type `from`; returns them and the type they end on (after a union: its first branch's, as A&AI). */
  steps(from: string, steps: readonly DslStep[]): { steps: PlanStep[]; end: string } {
    let current = from;
    const out: PlanStep[] = [];
    for (const step of steps) {
      if (step.kind === 'traversal') {
        checkType(this.schema, step.vertex.nodeType);
        const edges = edgesOf(this.schema, current, step.vertex.nodeType, step.edge);
        out.push({ kind: 'hop', edges, vertex: this.vertex(step.vertex) });
        current = step.vertex.nodeType;
      } else {
        const branches = step.branches.map((b) => this.steps(current, b.steps));
        out.push({ kind: 'union', branches: branches.map((b) => b.steps), output: step.output });
        current = branches[0]?.end ?? current;
      }
    }
    return { steps: out, end: current };
  }

  start(start: DslStart): { start: PlanStart; end: string } {
    if (start.kind === 'vertex') return { start: this.seek(start), end: start.nodeType };
    const branches = start.branches.map((b) => this.path(b));
    return { start: { kind: 'union', branches: branches.map((b) => b.path), output: start.output }, end: branches[0]?.end ?? '' };
  }

  path(p: DslPath): { path: PlanPath; end: string } {
    const { start, end } = this.start(p.start);
    const rest = this.steps(end, p.steps);
    return { path: { start, steps: rest.steps }, end: rest.end };
  }

  /** A start vertex with the equality on an indexed property its lookup seeks (keys first). */
  seek(v: DslVertex): PlanSeek {
    const vertex = this.vertex(v);
    const def = this.schema.type(v.nodeType);
    const indexed = this.schema.indexedProps(v.nodeType);
    const equalities = vertex.tests.filter((t): t is Extract<PlanTest, { kind: 'in' }> => t.kind === 'in' && !t.list && indexed.has(t.prop));
    const chosen = equalities.find((t) => def.keys.includes(t.prop)) ?? equalities[0];
    if (chosen === undefined) throw dslError(`No keys sent. Valid keys for ${v.nodeType} are ${def.indexedProps.join(',')}`);
    return { kind: 'seek', vertex, seek: { prop: chosen.prop, values: chosen.values } };
  }
}

/** The plan of a parsed, checked (dsl-checks.ts) query; AAI_6149 for what the schema refuses. */
export function planDsl(schema: Schema, query: DslQuery): DslPlan {
  const planner = new Planner(schema);
  const { path } = planner.path(query);
  return { path, limit: query.limit?.value, selects: planner.selects };
}
