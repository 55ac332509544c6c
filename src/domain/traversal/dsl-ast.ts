/**
 * The typed syntax tree of A&AI's DSL v2, the query language of `PUT /aai/v15/dsl`, as produced by
 * `parseDsl` (dsl-parser.ts). Plain, immutable data: no behaviour, no schema knowledge.
 *
 * The tree is shaped for compilation (to Cypher) rather than as a mirror of the concrete syntax:
 *
 * - A query is a *start* (one node-type lookup, or a union of start paths) followed by *steps*.
 * - A step either moves along one edge to a vertex (`DslTraversal`, always with a resolved edge) or
 *   forks into a union of branches evaluated from the current position (`DslUnion`). An edge
 *   written before a union (`> [a*, b*]`) is pushed into the branches that have no edge of their
 *   own, as an *implicit* edge, so a compiler never has to carry edges across a union itself.
 * - Filters are split by kind on each vertex; their order in the text carries no meaning (A&AI
 *   ANDs them all).
 *
 * Where A&AI's behaviour is odd, the comments below say what A&AI does and what this tree means;
 * dsl-parser.ts lists the syntax-level choices.
 */

/** A half-open range `[start, end)` of 0-based UTF-16 offsets into the query text. */
export interface DslSpan {
  readonly start: number;
  readonly end: number;
}

/** A list with at least one element. */
export type NonEmpty<T> = readonly [T, ...T[]];

/**
 * The direction of an edge step, from the current vertex:
 * - `both` for `>` (A&AI: the edge rule between the two node types decides, either way round),
 * - `out` for `>>` and `in` for `<<` (A&AI: restricts the edge-rule lookup to that direction).
 */
export type DslDirection = 'both' | 'out' | 'in';

/** The edge of one traversal step. */
export interface DslEdge {
  readonly direction: DslDirection;
  /**
   * Edge labels to follow (any of them: OR), e.g. `org.onap.relationships.inventory.BelongsTo`;
   * empty when no label filter was given (A&AI: every edge rule between the two node types).
   */
  readonly labels: readonly string[];
  /**
   * False when the step's own `>`/`>>`/`<<` was written. True when the step is the first of a
   * union branch that had no edge of its own and inherited the one written before the union
   * (`pnf('pnf-name','p') > [p-interface*, l-interface*]`); a label filter at the head of such a
   * branch (`> [('label') p-interface*]`) replaces the inherited labels, not the direction.
   */
  readonly implicit: boolean;
  /** The written edge (for an implicit edge: the edge or label filter it came from). */
  readonly span: DslSpan;
}

/**
 * A literal value in a property filter.
 * - strings have their `\'` and `\\` escapes resolved;
 * - numbers are unsigned digit strings kept as written (`'00123'` stays `00123`): A&AI converts
 *   them by the property's schema type (Integer/Long) and passes them through verbatim otherwise,
 *   so the conversion belongs to the compiler;
 * - booleans are `true`/`TRUE`/`false`/`FALSE` (A&AI lower-cases them).
 */
export type DslValue =
  | { readonly kind: 'string'; readonly value: string; readonly span: DslSpan }
  | { readonly kind: 'number'; readonly text: string; readonly span: DslSpan }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly span: DslSpan };

/**
 * `('key')`, `('key', v1, v2, ...)`, optionally negated with `!`. Meaning (as A&AI's Gremlin):
 * - no values, not negated: the property exists (`has(key)`);
 * - no values, negated: the property is absent (`hasNot(key)`);
 * - values, not negated: the property equals any of the values (OR);
 * - values, negated: the property exists and equals none of them (`has(key, neq/without)`, which
 *   does not match vertices lacking the property).
 * Values keep their written order (A&AI regroups them strings, numbers, booleans, and silently
 * drops a string value spelled like the key: `('name','name')` tests existence there; not here).
 */
export interface DslPropertyFilter {
  readonly kind: 'property';
  readonly negated: boolean;
  readonly key: string;
  readonly values: readonly DslValue[];
  readonly span: DslSpan;
}

/**
 * `( > nested traversal )`: keeps the vertex if the nested traversal, started from it, reaches
 * anything (`where(...)`); negated with `!`, if it reaches nothing (`where(not(...))`).
 */
export interface DslWhereFilter {
  readonly kind: 'where';
  readonly negated: boolean;
  readonly steps: NonEmpty<DslStep>;
  readonly span: DslSpan;
}

/**
 * Which of a vertex's properties the results carry, if the vertex is a result at all.
 * - `none`: the vertex is only traversed;
 * - `all`: `*` after the node type;
 * - `select`: `{'p1','p2'}` (with or without `*`): the vertex is a result and the output shows
 *   only those properties. Several select filters on one vertex are merged in order, without
 *   duplicates. (A&AI keys the selection by node type, so two vertices of one type share the last
 *   one; here each vertex has its own.)
 */
export type DslOutput =
  | { readonly kind: 'none' }
  | { readonly kind: 'all' }
  | { readonly kind: 'select'; readonly properties: NonEmpty<string> };

/** A node type with its output marker and filters: `pserver*('hostname','h1')!(> complex)`. */
export interface DslVertex {
  readonly kind: 'vertex';
  /** The node type as written (letters, digits, `-`, `_`, `:`); the schema check is the compiler's. */
  readonly nodeType: string;
  readonly output: DslOutput;
  readonly propertyFilters: readonly DslPropertyFilter[];
  readonly whereFilters: readonly DslWhereFilter[];
  readonly span: DslSpan;
}

/** One step along an edge, from the current vertex to `vertex`. */
export interface DslTraversal {
  readonly kind: 'traversal';
  readonly edge: DslEdge;
  readonly vertex: DslVertex;
  readonly span: DslSpan;
}

/** One branch of a union: steps taken from the position where the union stands. */
export interface DslBranch {
  readonly steps: NonEmpty<DslStep>;
  readonly span: DslSpan;
}

/**
 * `[ branch, branch, ... ]`: the union of what the branches reach, each started from the current
 * vertex. With `output` (`]*`) the vertices the union reaches are results.
 *
 * The position after a union is every vertex it reached. A&AI looks up the edge rule of the next
 * step from the node type that ends the *first* branch (`[> pserver*, > vserver > pserver*] >
 * complex*` goes pserver→complex); `endNodeType` in dsl-checks.ts computes that type.
 */
export interface DslUnion {
  readonly kind: 'union';
  readonly branches: NonEmpty<DslBranch>;
  readonly output: boolean;
  readonly span: DslSpan;
}

export type DslStep = DslTraversal | DslUnion;

/** A query's or a start-union branch's beginning: a node-type lookup or a union of start paths. */
export type DslStart = DslVertex | DslStartUnion;

/** A start followed by steps: the query itself and each branch of a start union. */
export interface DslPath {
  readonly start: DslStart;
  readonly steps: readonly DslStep[];
  readonly span: DslSpan;
}

/**
 * A union at the very start of a query, `[pserver*('hostname','h1'), complex*('state','NJ')] > ...`
 * (A&AI runs each branch's head as its own node-type lookup). Its branches are full paths.
 */
export interface DslStartUnion {
  readonly kind: 'startUnion';
  readonly branches: NonEmpty<DslPath>;
  readonly output: boolean;
  readonly span: DslSpan;
}

/** `LIMIT n` / `limit n` at the end: at most n results (A&AI: after de-duplication). */
export interface DslLimit {
  readonly value: number;
  readonly span: DslSpan;
}

/** A whole DSL query. */
export interface DslQuery extends DslPath {
  readonly kind: 'query';
  readonly limit: DslLimit | null;
}
