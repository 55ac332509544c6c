/**
 * The parser of A&AI's DSL v2 (`PUT /aai/v15/dsl`): `parseDsl(text)` turns a query such as
 * `pnf('pnf-name','p1') > p-interface > [ logical-link*, l-interface ] LIMIT 10` into the tree of
 * dsl-ast.ts, or throws a `DslSyntaxError` that names the offset, line and column of the first
 * problem, what was expected there and what was found. Built on chevrotain (an LL(k) parser
 * written as TypeScript, no generated code); the grammar is our own reading of A&AI's.
 *
 * The grammar, informally (`?` optional, `*` repeated, `|` choice):
 *
 *   query      = path [LIMIT number] end
 *   path       = (vertex | startUnion) step*
 *   startUnion = '[' path (',' path)* ']' ['*']         a union of start lookups
 *   step       = edge target | union                    a union needs no edge: its branches have them
 *   target     = vertex | union(inheriting the edge)
 *   edge       = ('>' | '>>' | '<<') [labels]
 *   labels     = '(' string (',' string)* ')'
 *   union      = '[' branch (',' branch)* ']' ['*']
 *   branch     = step+, or after an edge: [labels] target step*   (the head inherits that edge)
 *   vertex     = type ['*'] (select | ['!'] '(' string (',' value)* ')' | ['!'] '(' step+ ')')*
 *   select     = '{' string (',' string)* '}'
 *   value      = string | number | true | TRUE | false | FALSE
 *
 * Tokens: a node type is `[A-Za-z0-9_:-]+`; a number is `[0-9]+`; strings are single-quoted, on one
 * line, with `\'` for a quote and `\\` for a backslash (any other backslash stays as written);
 * spaces, tabs and line breaks between tokens are ignored.
 *
 * Where this parser deliberately differs from A&AI's ANTLR grammar (AAIDsl.g4, v2):
 * - Trailing input is an error. A&AI's start rule has no end-of-input anchor, so it silently drops
 *   whatever follows the longest valid prefix (`pserver*('h','x'))`, `... LIMIT 10 garbage`).
 * - A node type is one token. A&AI lexes each character separately, so `p server` means `pserver`
 *   and a node type containing `limit`, `true` or `false` cannot be written at all.
 * - A step needs its `>`/`>>`/`<<`, except the head of a union branch reached by an edge (which
 *   inherits it) and the heads of a start union (which are lookups). A&AI accepts a missing edge
 *   anywhere and then reuses whatever edge it parsed last in the text (or, before any edge, turns
 *   the vertex into a node-type test on the current vertex); it also accepts several edges in a
 *   row, keeping the last. Both are refused here.
 * - A label filter at the head of a union branch (`> [('label') vserver*]`) sets the labels of the
 *   branch's inherited edge. A&AI's grammar accepts it but its listener ignores it.
 * - Filters may come in any order and a select filter may follow `*` or any filter. A&AI requires
 *   select, property then where filters, and `*` directly after the node type (as here).
 * - A negated filter, a select filter and `*` keep their meaning inside where-filters; whether a
 *   result marker inside a where-filter is allowed is decided by dsl-checks.ts.
 * - Bounds that A&AI does not have: at most 10,000 characters, unions and where-filters nested at
 *   most 32 deep, a LIMIT of at most 2^53 - 1.
 */
import {
  EmbeddedActionsParser,
  EOF,
  Lexer,
  createToken,
  tokenLabel,
  type ILexingError,
  type IRecognitionException,
  type IToken,
  type TokenType,
} from 'chevrotain';
import type {
  DslBranch,
  DslDirection,
  DslEdge,
  DslLimit,
  DslPath,
  DslPropertyFilter,
  DslQuery,
  DslSpan,
  DslStart,
  DslStartUnion,
  DslStep,
  DslTraversal,
  DslUnion,
  DslValue,
  DslVertex,
  DslWhereFilter,
  NonEmpty,
} from './dsl-ast.js';

/** The longest query text accepted, in UTF-16 code units. */
export const DSL_MAX_LENGTH = 10_000;
/** The deepest nesting of unions and where-filters accepted. */
export const DSL_MAX_NESTING = 32;

/** A query that is not DSL v2 (A&AI answers those with AAI_6153 "DSL Syntax Error"). */
export class DslSyntaxError extends Error {
  override readonly name = 'DslSyntaxError';
  /** A&AI's error code for a query that does not parse. */
  readonly aaiCode = 'AAI_6153';

  constructor(
    /** What was wrong, without the location: `expected ')' but found ','`. */
    readonly detail: string,
    /** 0-based offset of the problem in the query text (its length for "end of input"). */
    readonly position: number,
    /** 1-based line of `position`. */
    readonly line: number,
    /** 1-based column of `position` (in UTF-16 code units). */
    readonly column: number,
  ) {
    super(`DSL syntax error at line ${line}, column ${column}: ${detail}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Tokens

const Label = createToken({ name: 'Label', pattern: /[A-Za-z0-9_:-]+/, label: 'a node type' });
const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });
/** A backslash takes the next character with it, so `\'` never ends the string. Linear: no backtracking. */
const StringLit = createToken({ name: 'String', pattern: /'(?:[^'\\\r\n]|\\[^\r\n])*'/, label: 'a quoted string' });
const DirOut = createToken({ name: 'DirOut', pattern: '>>', label: "'>>'" });
const DirIn = createToken({ name: 'DirIn', pattern: '<<', label: "'<<'" });
const Arrow = createToken({ name: 'Arrow', pattern: '>', label: "'>'" });
const LParen = createToken({ name: 'LParen', pattern: '(', label: "'('" });
const RParen = createToken({ name: 'RParen', pattern: ')', label: "')'" });
const LBracket = createToken({ name: 'LBracket', pattern: '[', label: "'['" });
const RBracket = createToken({ name: 'RBracket', pattern: ']', label: "']'" });
const LBrace = createToken({ name: 'LBrace', pattern: '{', label: "'{'" });
const RBrace = createToken({ name: 'RBrace', pattern: '}', label: "'}'" });
const Comma = createToken({ name: 'Comma', pattern: ',', label: "','" });
const Star = createToken({ name: 'Star', pattern: '*', label: "'*'" });
const Bang = createToken({ name: 'Bang', pattern: '!', label: "'!'" });
/** Numbers and keywords give way to a longer node type (`10g`, `limits`, `true-x`). */
const NumberLit = createToken({ name: 'Number', pattern: /[0-9]+/, longer_alt: Label, label: 'a number' });
const Limit = createToken({ name: 'Limit', pattern: /LIMIT|limit/, longer_alt: Label, label: 'LIMIT' });
const True = createToken({ name: 'True', pattern: /true|TRUE/, longer_alt: Label, label: 'true' });
const False = createToken({ name: 'False', pattern: /false|FALSE/, longer_alt: Label, label: 'false' });

const ALL_TOKENS: TokenType[] = [
  WhiteSpace, StringLit, DirOut, DirIn, Arrow, LParen, RParen, LBracket, RBracket, LBrace, RBrace,
  Comma, Star, Bang, NumberLit, Limit, True, False, Label,
];

/** The order in which expected tokens are listed in messages. */
const DISPLAY_ORDER: TokenType[] = [
  Label, Star, LBrace, Bang, LParen, StringLit, NumberLit, True, False, Arrow, DirOut, DirIn, LBracket,
  Comma, RParen, RBracket, RBrace, Limit,
];

const dslLexer = new Lexer(ALL_TOKENS, { positionTracking: 'onlyOffset', ensureOptimizations: true });

// ---------------------------------------------------------------------------------------------
// Small builders used by the grammar's actions

/** A refusal raised inside a grammar action; `parseDsl` turns it into a DslSyntaxError. */
class Refusal extends Error {
  constructor(readonly offset: number, readonly detail: string) {
    super(detail);
  }
}

const span = (start: number, end: number): DslSpan => ({ start, end });
const tokenEnd = (t: IToken): number => t.startOffset + t.image.length;
const tokenSpan = (t: IToken): DslSpan => span(t.startOffset, tokenEnd(t));

function nonEmpty<T>(items: readonly T[]): NonEmpty<T> {
  const [first, ...rest] = items;
  if (first === undefined) throw new Error('internal: empty list where the grammar requires one item');
  return [first, ...rest];
}

/** The text of a string token: quotes removed, `\'` and `\\` resolved, other backslashes kept. */
function unquote(image: string): string {
  return image.slice(1, -1).replace(/\\(['\\])/g, '$1');
}

function directionOf(arrow: IToken): DslDirection {
  if (arrow.tokenType === DirOut) return 'out';
  if (arrow.tokenType === DirIn) return 'in';
  return 'both';
}

function valueOf(t: IToken): DslValue {
  const at = tokenSpan(t);
  if (t.tokenType === NumberLit) return { kind: 'number', text: t.image, span: at };
  if (t.tokenType === True) return { kind: 'boolean', value: true, span: at };
  if (t.tokenType === False) return { kind: 'boolean', value: false, span: at };
  return { kind: 'string', value: unquote(t.image), span: at };
}

interface LabelList {
  readonly labels: NonEmpty<string>;
  readonly span: DslSpan;
}

/** The edge a branch head inherits from the edge written before its union. */
function inherit(edge: DslEdge, labels: LabelList | undefined): DslEdge {
  if (labels === undefined) return { ...edge, implicit: true };
  return { direction: edge.direction, labels: labels.labels, implicit: true, span: labels.span };
}

function traversalTo(edge: DslEdge, vertex: DslVertex): DslTraversal {
  const start = edge.implicit ? vertex.span.start : edge.span.start;
  return { kind: 'traversal', edge, vertex, span: span(start, vertex.span.end) };
}

function pathSpan(start: DslStart, steps: readonly DslStep[]): DslSpan {
  const last = steps[steps.length - 1];
  return span(start.span.start, (last ?? start).span.end);
}

function stepsSpan(steps: NonEmpty<DslStep>): DslSpan {
  return span(steps[0].span.start, steps[steps.length - 1]?.span.end ?? steps[0].span.end);
}

type FilterBody =
  | { readonly kind: 'property'; readonly key: string; readonly values: readonly DslValue[] }
  | { readonly kind: 'where'; readonly steps: NonEmpty<DslStep> };

function finishFilter(body: FilterBody, negated: boolean, at: DslSpan): DslPropertyFilter | DslWhereFilter {
  if (body.kind === 'property') return { kind: 'property', negated, key: body.key, values: body.values, span: at };
  return { kind: 'where', negated, steps: body.steps, span: at };
}

/** What a vertex collects while its filters are parsed. */
class VertexParts {
  readonly selected: string[] = [];
  readonly propertyFilters: DslPropertyFilter[] = [];
  readonly whereFilters: DslWhereFilter[] = [];

  select(keys: readonly string[]): void {
    for (const k of keys) if (!this.selected.includes(k)) this.selected.push(k);
  }

  add(filter: DslPropertyFilter | DslWhereFilter): void {
    if (filter.kind === 'property') this.propertyFilters.push(filter);
    else this.whereFilters.push(filter);
  }

  build(type: IToken, star: boolean, end: number): DslVertex {
    const [first, ...rest] = this.selected;
    const output: DslVertex['output'] =
      first !== undefined ? { kind: 'select', properties: [first, ...rest] } : star ? { kind: 'all' } : { kind: 'none' };
    return {
      kind: 'vertex',
      nodeType: type.image,
      output,
      propertyFilters: this.propertyFilters,
      whereFilters: this.whereFilters,
      span: span(type.startOffset, end),
    };
  }
}

interface UnionParts<B> {
  readonly branches: NonEmpty<B>;
  readonly output: boolean;
  readonly span: DslSpan;
}

// ---------------------------------------------------------------------------------------------
// The grammar. Every tree-building expression sits in an ACTION: chevrotain first runs each rule
// once without input to record the grammar, when tokens and sub-results are placeholders.

class DslGrammar extends EmbeddedActionsParser {
  private depth = 0;

  constructor() {
    super(ALL_TOKENS, { maxLookahead: 2 });
    this.performSelfAnalysis();
  }

  /** Points the parser at a new token vector and clears the nesting counter. */
  load(tokens: IToken[]): void {
    this.input = tokens;
    this.depth = 0;
  }

  readonly query = this.RULE('query', (): DslQuery => {
    const path = this.SUBRULE(this.path);
    const limit = this.OPTION(() => this.SUBRULE(this.limit));
    return this.ACTION(() => ({
      kind: 'query' as const,
      ...path,
      limit: limit ?? null,
      span: span(path.span.start, limit?.span.end ?? path.span.end),
    }));
  });

  private readonly path = this.RULE('path', (): DslPath => {
    const start = this.OR<DslStart>([
      { ALT: () => this.SUBRULE(this.vertex) },
      { ALT: () => this.SUBRULE(this.startUnion) },
    ]);
    const steps = this.SUBRULE(this.steps);
    return this.ACTION(() => ({ start, steps, span: pathSpan(start, steps) }));
  });

  private readonly startUnion = this.RULE('startUnion', (): DslStartUnion => {
    const parts = this.unionOf(() => this.SUBRULE(this.path));
    return this.ACTION(() => ({ kind: 'startUnion' as const, ...parts }));
  });

  private readonly steps = this.RULE('steps', (): DslStep[] => {
    const steps: DslStep[] = [];
    this.MANY(() => {
      const step = this.SUBRULE(this.step);
      this.ACTION(() => steps.push(step));
    });
    return steps;
  });

  /** One or more steps: a where-filter's body and a branch of a union that has no edge before it. */
  private readonly someSteps = this.RULE('someSteps', (): NonEmpty<DslStep> => {
    const steps: DslStep[] = [];
    this.AT_LEAST_ONE(() => {
      const step = this.SUBRULE(this.step);
      this.ACTION(() => steps.push(step));
    });
    return this.ACTION(() => nonEmpty(steps));
  });

  private readonly step = this.RULE('step', (): DslStep =>
    this.OR<DslStep>([
      { ALT: () => this.SUBRULE(this.edgeStep) },
      { ALT: () => this.SUBRULE(this.union) },
    ]),
  );

  private readonly edgeStep = this.RULE('edgeStep', (): DslStep => {
    const edge = this.SUBRULE(this.edge);
    return this.SUBRULE(this.target, { ARGS: [edge] });
  });

  /** The vertex or union an edge leads to; `edge` is a placeholder while the grammar is recorded. */
  private readonly target = this.RULE('target', (edge?: DslEdge): DslStep =>
    this.OR<DslStep>([
      {
        ALT: () => {
          const vertex = this.SUBRULE(this.vertex);
          return this.ACTION(() => traversalTo(this.given(edge), vertex));
        },
      },
      { ALT: () => this.SUBRULE(this.edgeUnion, { ARGS: [edge] }) },
    ]),
  );

  private readonly edge = this.RULE('edge', (): DslEdge => {
    const arrow = this.OR<IToken>([
      { ALT: () => this.CONSUME(Arrow) },
      { ALT: () => this.CONSUME(DirOut) },
      { ALT: () => this.CONSUME(DirIn) },
    ]);
    const labels = this.OPTION(() => this.SUBRULE(this.labels));
    return this.ACTION(() => ({
      direction: directionOf(arrow),
      labels: labels?.labels ?? [],
      implicit: false,
      span: span(arrow.startOffset, labels?.span.end ?? tokenEnd(arrow)),
    }));
  });

  private readonly labels = this.RULE('labels', (): LabelList => {
    const open = this.CONSUME(LParen);
    const labels = this.SUBRULE(this.stringList);
    const close = this.CONSUME(RParen);
    return this.ACTION(() => ({ labels, span: span(open.startOffset, tokenEnd(close)) }));
  });

  /** A union reached without an edge: every branch brings its own. */
  private readonly union = this.RULE('union', (): DslUnion => {
    const parts = this.unionOf(() => this.SUBRULE(this.plainBranch));
    return this.ACTION(() => ({ kind: 'union' as const, ...parts }));
  });

  private readonly plainBranch = this.RULE('plainBranch', (): DslBranch => {
    const steps = this.SUBRULE(this.someSteps);
    return this.ACTION(() => ({ steps, span: stepsSpan(steps) }));
  });

  /** A union an edge leads to: a branch without an edge of its own inherits it. */
  private readonly edgeUnion = this.RULE('edgeUnion', (edge?: DslEdge): DslUnion => {
    const parts = this.unionOf(() => this.SUBRULE(this.edgeBranch, { ARGS: [edge] }));
    return this.ACTION(() => ({ kind: 'union' as const, ...parts }));
  });

  private readonly edgeBranch = this.RULE('edgeBranch', (edge?: DslEdge): DslBranch => {
    const head = this.OR<DslStep>([
      { ALT: () => this.SUBRULE(this.edgeStep) },
      {
        ALT: () => {
          const labels = this.OPTION(() => this.SUBRULE(this.labels));
          const inherited = this.ACTION(() => inherit(this.given(edge), labels));
          return this.SUBRULE(this.target, { ARGS: [inherited] });
        },
      },
    ]);
    const rest = this.SUBRULE(this.steps);
    return this.ACTION(() => {
      const steps: NonEmpty<DslStep> = [head, ...rest];
      return { steps, span: stepsSpan(steps) };
    });
  });

  private readonly vertex = this.RULE('vertex', (): DslVertex => {
    const type = this.OR<IToken>([{ ALT: () => this.CONSUME(Label) }, { ALT: () => this.CONSUME(NumberLit) }]);
    const star = this.OPTION(() => this.CONSUME(Star));
    const parts = new VertexParts();
    this.MANY(() => {
      this.OR2([
        {
          ALT: () => {
            const keys = this.SUBRULE(this.select);
            this.ACTION(() => parts.select(keys));
          },
        },
        {
          ALT: () => {
            const filter = this.SUBRULE(this.filter);
            this.ACTION(() => parts.add(filter));
          },
        },
      ]);
    });
    return this.ACTION(() => parts.build(type, star !== undefined, tokenEnd(this.LA(0))));
  });

  private readonly select = this.RULE('select', (): NonEmpty<string> => {
    this.CONSUME(LBrace);
    const keys = this.SUBRULE(this.stringList);
    this.CONSUME(RBrace);
    return keys;
  });

  private readonly filter = this.RULE('filter', (): DslPropertyFilter | DslWhereFilter => {
    const bang = this.OPTION(() => this.CONSUME(Bang));
    const open = this.CONSUME(LParen);
    const body = this.OR<FilterBody>([
      { ALT: () => this.SUBRULE(this.propertyBody) },
      {
        ALT: () => {
          this.ACTION(() => this.enterNesting(open));
          const steps = this.SUBRULE(this.someSteps);
          this.ACTION(() => this.leaveNesting());
          return this.ACTION(() => ({ kind: 'where' as const, steps }));
        },
      },
    ]);
    const close = this.CONSUME(RParen);
    return this.ACTION(() => finishFilter(body, bang !== undefined, span((bang ?? open).startOffset, tokenEnd(close))));
  });

  private readonly propertyBody = this.RULE('propertyBody', (): FilterBody => {
    const key = this.CONSUME(StringLit);
    const values: DslValue[] = [];
    this.MANY(() => {
      this.CONSUME(Comma);
      const value = this.OR<IToken>([
        { ALT: () => this.CONSUME2(StringLit) },
        { ALT: () => this.CONSUME(NumberLit) },
        { ALT: () => this.CONSUME(True) },
        { ALT: () => this.CONSUME(False) },
      ]);
      this.ACTION(() => values.push(valueOf(value)));
    });
    return this.ACTION(() => ({ kind: 'property' as const, key: unquote(key.image), values }));
  });

  private readonly stringList = this.RULE('stringList', (): NonEmpty<string> => {
    const items: string[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        const item = this.CONSUME(StringLit);
        this.ACTION(() => items.push(unquote(item.image)));
      },
    });
    return this.ACTION(() => nonEmpty(items));
  });

  private readonly limit = this.RULE('limit', (): DslLimit => {
    const keyword = this.CONSUME(Limit);
    const count = this.CONSUME(NumberLit);
    return this.ACTION(() => {
      const value = Number(count.image);
      if (!Number.isSafeInteger(value)) {
        throw new Refusal(count.startOffset, `expected a LIMIT of at most ${Number.MAX_SAFE_INTEGER} but found ${count.image}`);
      }
      return { value, span: span(keyword.startOffset, tokenEnd(count)) };
    });
  });

  /** `[` branch (`,` branch)* `]` [`*`], counted as one level of nesting. */
  private unionOf<B>(branch: () => B): UnionParts<B> {
    const open = this.CONSUME(LBracket);
    this.ACTION(() => this.enterNesting(open));
    const branches: B[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        const b = branch();
        this.ACTION(() => branches.push(b));
      },
    });
    const close = this.CONSUME(RBracket);
    const star = this.OPTION(() => this.CONSUME(Star));
    return this.ACTION(() => {
      this.leaveNesting();
      return { branches: nonEmpty(branches), output: star !== undefined, span: span(open.startOffset, tokenEnd(star ?? close)) };
    });
  }

  private enterNesting(at: IToken): void {
    this.depth += 1;
    if (this.depth > DSL_MAX_NESTING) {
      throw new Refusal(at.startOffset, `expected unions and where-filters nested at most ${DSL_MAX_NESTING} deep but found deeper nesting`);
    }
  }

  private leaveNesting(): void {
    this.depth -= 1;
  }

  /** A rule argument, which is only absent while chevrotain records the grammar (actions do not run then). */
  private given(edge: DslEdge | undefined): DslEdge {
    if (edge === undefined) throw new Error('internal: edge argument missing');
    return edge;
  }
}

const grammar = new DslGrammar();

// ---------------------------------------------------------------------------------------------
// Errors: where, what was expected, what was found

function locate(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: position - lineStart + 1 };
}

function syntaxError(text: string, position: number, detail: string): DslSyntaxError {
  const { line, column } = locate(text, position);
  return new DslSyntaxError(detail, position, line, column);
}

function quoteFound(image: string): string {
  const shown = image.length > 40 ? `${image.slice(0, 37)}...` : image;
  return `'${shown}'`;
}

function describeFound(token: IToken): string {
  if (token.tokenType === EOF) return 'end of input';
  if (token.tokenType === StringLit) return `the string ${quoteFound(token.image.slice(1, -1))}`;
  return quoteFound(token.image);
}

function joinAlternatives(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? 'nothing';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`;
}

/** Whether these tokens alone form a complete query (so "end of input" could follow them). */
function isComplete(tokens: IToken[]): boolean {
  try {
    grammar.load(tokens);
    grammar.query();
    return grammar.errors.length === 0;
  } catch {
    return false;
  }
}

/**
 * The tokens that could follow `prefix`, as words for a message, in a stable order. A node type
 * may be all digits, but where one is expected "a number" would only confuse, so it is left out.
 */
function expectedAfter(prefix: IToken[]): string[] {
  const next = new Set(grammar.computeContentAssist('query', prefix).map((p) => p.nextTokenType));
  if (next.has(Label)) next.delete(NumberLit);
  const words = DISPLAY_ORDER.filter((t) => next.has(t)).map((t) => tokenLabel(t));
  if (isComplete(prefix)) words.push('end of input');
  return words;
}

function fromRecognition(text: string, tokens: IToken[], error: IRecognitionException): DslSyntaxError {
  const at = error.token.tokenType === EOF ? tokens.length : tokens.indexOf(error.token);
  const index = at === -1 ? tokens.length : at;
  const found = tokens[index];
  const position = found?.startOffset ?? text.length;
  const detail = `expected ${joinAlternatives(expectedAfter(tokens.slice(0, index)))} but found ${found ? describeFound(found) : 'end of input'}`;
  return syntaxError(text, position, detail);
}

function fromLexing(text: string, tokens: IToken[], error: ILexingError): DslSyntaxError {
  const position = error.offset;
  if (text[position] === "'") {
    const end = /[\r\n]/.test(text.slice(position)) ? 'the end of the line' : 'end of input';
    return syntaxError(text, position, `expected a closing quote (') for the string that starts here but found ${end}`);
  }
  const prefix = tokens.filter((t) => t.startOffset < position);
  const found = quoteFound(text.slice(position, position + 1));
  return syntaxError(text, position, `expected ${joinAlternatives(expectedAfter(prefix))} but found ${found}`);
}

// ---------------------------------------------------------------------------------------------
// Entry point

/**
 * Parses a DSL v2 query into its tree; throws `DslSyntaxError` (and nothing else) when the text
 * is not a query, is longer than DSL_MAX_LENGTH or nests deeper than DSL_MAX_NESTING.
 */
export function parseDsl(text: string): DslQuery {
  if (text.length > DSL_MAX_LENGTH) {
    throw syntaxError(text, DSL_MAX_LENGTH, `expected at most ${DSL_MAX_LENGTH} characters but found ${text.length}`);
  }
  const lexed = dslLexer.tokenize(text);
  const lexError = lexed.errors[0];
  if (lexError !== undefined) throw fromLexing(text, lexed.tokens, lexError);
  return parseTokens(text, lexed.tokens);
}

function parseTokens(text: string, tokens: IToken[]): DslQuery {
  let query: DslQuery;
  try {
    grammar.load(tokens);
    query = grammar.query();
  } catch (e) {
    if (e instanceof Refusal) throw syntaxError(text, e.offset, e.detail);
    throw e;
  }
  const error = grammar.errors[0];
  if (error !== undefined) throw fromRecognition(text, tokens, error);
  return query;
}
