/**
 * A DSL plan (src/domain/traversal/dsl-plan.ts) as ONE Cypher read statement. Labels, property
 * names and relationship types come from the plan, which took them from the schema; values are
 * always parameters.
 *
 * Shape: every vertex marked for output is one query — from the start vertex's index seek along
 * the steps to that vertex — and the statement is their UNION (which also de-duplicates), sorted by
 * URI and cut at `$limit`:
 *
 *   CALL () {
 *     MATCH (v0:`pserver`) USING INDEX SEEK v0:`pserver`(`hostname`) WHERE v0.`hostname` IN $p0
 *     WITH DISTINCT v0
 *     RETURN v0 AS n
 *     UNION
 *     MATCH (v0:`pserver`) USING INDEX SEEK …  MATCH (v0)-[:`org.onap.relationships.inventory.LocatedIn`]->(v1:`complex`) …
 *     RETURN v1 AS n
 *   }
 *   RETURN properties(n) AS p ORDER BY n.`aai-uri` LIMIT $limit
 *
 * - a step is `MATCH (a)-[:T1|T2]->(b:Type) WHERE <tests>` (the edge rules' types and stored
 *   direction; either way round when the rules allow both), then `WITH DISTINCT b`, so paths never
 *   multiply from one step to the next;
 * - a union is `CALL (a) { <branch> RETURN x AS u UNION <branch> RETURN y AS u }`; a start union is
 *   the same with `CALL ()`, each branch starting at its own index seek;
 * - a where-filter is `EXISTS { … }` (`NOT EXISTS { … }` when negated) over the same clauses;
 * - a start found as a REST read finds it (a stored query's start URI) is findMatch's MATCH chain
 *   (an aai-uri seek, a URI-prefix seek or a property index), its parameters renamed `$f<i>_…`,
 *   then `WITH DISTINCT n AS v0 WHERE <the start vertex's tests>`;
 * - a hop with no relationship type (no edge rule joins the two types) follows any relationship.
 *
 * A marked vertex is a result as soon as it passes its own filters, whatever the later steps find
 * (A&AI's `store`): hence one query per marked vertex rather than one long chain.
 */
import type { DslPlan, PlanEdges, PlanPath, PlanStep, PlanTest, PlanVertex } from '../domain/traversal/dsl-plan.js';
import type { Schema } from '../schema/schema.js';
import { findMatch, quote, TYPE, URI } from './cypher.js';

class Compiler {
  readonly params: Record<string, unknown> = {};
  /** Each output query: its clauses, and the variable of its results. */
  readonly outputs: { clauses: string[]; v: string }[] = [];
  private vars = 0;
  private names = 0;
  private finds = 0;
  /** Inside a where-filter's EXISTS { … } (nested where-filters count): see `hop`. */
  private whereDepth = 0;

  constructor(private readonly schema: Schema) {}

  private variable(): string {
    return `v${this.vars++}`;
  }

  private param(value: unknown): string {
    const name = `p${this.names++}`;
    this.params[name] = value;
    return `$${name}`;
  }

  private test(v: string, t: PlanTest): string {
    const prop = `${v}.${quote(t.prop)}`;
    switch (t.kind) {
      case 'present':
        return `${prop} IS NOT NULL`;
      case 'absent':
        return `${prop} IS NULL`;
      case 'in':
        return t.list ? `any(x IN ${prop} WHERE x IN ${this.param(t.values)})` : `${prop} IN ${this.param(t.values)}`;
      case 'not-in':
        return t.list ? `${prop} IS NOT NULL AND none(x IN ${prop} WHERE x IN ${this.param(t.values)})` : `${prop} IS NOT NULL AND NOT ${prop} IN ${this.param(t.values)}`;
    }
  }

  /** The WHERE conditions of a vertex: its tests (but `skip`, already the seek's), then its where-filters. */
  private conditions(v: string, vertex: PlanVertex, skip?: PlanTest): string[] {
    const tests = vertex.tests.filter((t) => t !== skip).map((t) => this.test(v, t));
    const wheres = vertex.wheres.map((w) => {
      this.whereDepth++;
      try {
        const { clauses } = this.steps([], v, w.steps, false);
        return `${w.negated ? 'NOT ' : ''}EXISTS { ${clauses.join(' ')} }`;
      } finally {
        this.whereDepth--;
      }
    });
    return [...tests, ...wheres];
  }

  private where(conditions: readonly string[]): string {
    return conditions.length === 0 ? '' : ` WHERE ${conditions.map((c) => `(${c})`).join(' AND ')}`;
  }

  private edge(a: string, edges: PlanEdges): { pattern: (b: string) => string; condition?: string } {
    const types = (list: readonly string[]): string => list.map(quote).join('|');
    const same = edges.out.length === edges.in.length && edges.out.every((t) => edges.in.includes(t));
    if (edges.in.length === 0 && edges.out.length === 0) return { pattern: (b) => `(${a})--(${b})` };
    if (edges.in.length === 0) return { pattern: (b) => `(${a})-[:${types(edges.out)}]->(${b})` };
    if (edges.out.length === 0) return { pattern: (b) => `(${a})<-[:${types(edges.in)}]-(${b})` };
    if (same) return { pattern: (b) => `(${a})-[:${types(edges.out)}]-(${b})` };
    const all = [...new Set([...edges.out, ...edges.in])];
    const e = `e${this.vars++}`;
    return {
      pattern: (b) => `(${a})-[${e}:${types(all)}]-(${b})`,
      condition: `(startNode(${e}) = ${a} AND type(${e}) IN ${this.param(edges.out)}) OR (endNode(${e}) = ${a} AND type(${e}) IN ${this.param(edges.in)})`,
    };
  }

  /**
   * Clauses taking `steps` from `cur`, after `prefix`; marked vertices add output queries when
   * `collect`. Returns all clauses (the prefix's included) and the variable of the end position.
   */
  steps(prefix: readonly string[], cur: string, steps: readonly PlanStep[], collect: boolean): { clauses: string[]; cur: string } {
    let clauses = [...prefix];
    for (const step of steps) {
      if (step.kind === 'hop') {
        const b = this.variable();
        const { pattern, condition } = this.edge(cur, step.edges);
        // In a where-filter the far node's type is a property test, not a label: with a label, the
        // planner may solve the subquery by scanning that label's index and joining back to the
        // bound node (seen on Neo4j 2026.08 once other types' statistics changed); without one, the
        // only way in is expanding from the bound node. aai-node-type always equals the label.
        const typed = this.whereDepth > 0 ? [`${b}.${TYPE} = ${this.param(step.vertex.type)}`] : [];
        const conds = [...typed, ...(condition === undefined ? [] : [condition]), ...this.conditions(b, step.vertex)];
        clauses.push(`MATCH ${pattern(this.whereDepth > 0 ? b : `${b}:${quote(step.vertex.type)}`)}${this.where(conds)}`, `WITH DISTINCT ${b}`);
        cur = b;
        if (collect && step.vertex.output) this.outputs.push({ clauses: [...clauses], v: b });
      } else {
        const u = this.variable();
        const branches = step.branches.map((branch) => {
          const r = this.steps(clauses, cur, branch, collect);
          return [...r.clauses.slice(clauses.length), `RETURN ${r.cur} AS ${u}`].join(' ');
        });
        clauses = [...clauses, `CALL (${cur}) { ${branches.join(' UNION ')} }`, `WITH DISTINCT ${u}`];
        cur = u;
        if (collect && step.output) this.outputs.push({ clauses: [...clauses], v: u });
      }
    }
    return { clauses, cur };
  }

  path(path: PlanPath): { clauses: string[]; cur: string } {
    const { start } = path;
    if (start.kind === 'seek') {
      const v = this.variable();
      const label = quote(start.vertex.type);
      const prop = quote(start.seek.prop);
      const seekTest = start.vertex.tests.find((t) => t.kind === 'in' && t.values === start.seek.values);
      const conds = [`${v}.${prop} IN ${this.param(start.seek.values)}`, ...this.conditions(v, start.vertex, seekTest)];
      const clauses = [`MATCH (${v}:${label}) USING INDEX SEEK ${v}:${label}(${prop})${this.where(conds)}`, `WITH DISTINCT ${v}`];
      if (start.vertex.output) this.outputs.push({ clauses: [...clauses], v });
      return this.steps(clauses, v, path.steps, true);
    }
    if (start.kind === 'find') {
      const v = this.variable();
      const { match, params } = findMatch(this.schema, { ...start.find, skip: 0, limit: 0 });
      const tag = `f${this.finds++}_`;
      for (const [k, value] of Object.entries(params)) this.params[`${tag}${k}`] = value;
      const renamed = match.replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, name: string) => `$${tag}${name}`);
      const clauses = [renamed, `WITH DISTINCT n AS ${v}${this.where(this.conditions(v, start.vertex))}`];
      if (start.vertex.output) this.outputs.push({ clauses: [...clauses], v });
      return this.steps(clauses, v, path.steps, true);
    }
    const u = this.variable();
    const branches = start.branches.map((b) => {
      const r = this.path(b);
      return [...r.clauses, `RETURN ${r.cur} AS ${u}`].join(' ');
    });
    const clauses = [`CALL () { ${branches.join(' UNION ')} }`, `WITH DISTINCT ${u}`];
    if (start.output) this.outputs.push({ clauses: [...clauses], v: u });
    return this.steps(clauses, u, path.steps, true);
  }
}

/**
 * The statement of a plan: rows `p` (each result node's properties), in URI order, at most `$limit`
 * (the caller's: the query's LIMIT or the read budget, whichever is smaller).
 */
export function dslStatement(plan: DslPlan, schema: Schema): { statement: string; params: Record<string, unknown> } {
  const c = new Compiler(schema);
  c.path(plan.path);
  const [only, ...more] = c.outputs;
  if (only === undefined) throw new Error('a DSL plan without outputs');
  const body =
    more.length === 0
      ? [...only.clauses, `WITH ${only.v} AS n`].join('\n')
      : `CALL () {\n${c.outputs.map((o) => [...o.clauses, `RETURN ${o.v} AS n`].join('\n')).join('\nUNION\n')}\n}`;
  return { statement: `${body}\nRETURN properties(n) AS p ORDER BY n.${URI} LIMIT $limit`, params: c.params };
}
