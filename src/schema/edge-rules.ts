/**
 * A&AI edge rules, indexed. An edge is stored in Neo4j in the rule's direction: for direction OUT
 * from a `from` vertex to a `to` vertex. Rule properties such as `contains-other-v: !${direction}`
 * resolve to the side (OUT/IN, relative to the vertex considered) on which they act.
 */
import type { EdgeRuleDef, EdgeSide } from './types.js';

export type SideProperty = 'containsOtherV' | 'deleteOtherV' | 'preventDelete';

/** Label for a parent/child pair that the v15 rules file does not cover (e.g. pnf > software-version). */
export const FALLBACK_PARENT_LABEL = 'org.onap.relationships.inventory.BelongsTo';

export interface ParentEdge {
  label: string;
  /** True when the stored edge goes child → parent (the usual A&AI shape). */
  childIsOut: boolean;
}

function opposite(d: 'OUT' | 'IN'): 'OUT' | 'IN' {
  return d === 'OUT' ? 'IN' : 'OUT';
}

export function resolveSide(rule: EdgeRuleDef, prop: SideProperty): EdgeSide {
  const raw = rule[prop];
  if (raw === '${direction}') return rule.direction;
  if (raw === '!${direction}') return opposite(rule.direction);
  if (raw === 'OUT' || raw === 'IN' || raw === 'BOTH') return raw;
  return 'NONE';
}

/** Does `prop` of this rule act from the vertex that is the edge's out (or in) end? */
export function actsFrom(rule: EdgeRuleDef, prop: SideProperty, vertexIsOut: boolean): boolean {
  const side = resolveSide(rule, prop);
  return side === 'BOTH' || side === (vertexIsOut ? 'OUT' : 'IN');
}

export function isTreeRule(rule: EdgeRuleDef): boolean {
  return resolveSide(rule, 'containsOtherV') !== 'NONE';
}

/** Type of the stored edge's out vertex and in vertex for this rule. */
export function storedEnds(rule: EdgeRuleDef): { outType: string; inType: string } {
  return rule.direction === 'OUT' ? { outType: rule.from, inType: rule.to } : { outType: rule.to, inType: rule.from };
}

export class EdgeRules {
  private readonly byPair = new Map<string, EdgeRuleDef[]>();
  private readonly byStored = new Map<string, EdgeRuleDef>();
  readonly labels: ReadonlySet<string>;

  constructor(readonly rules: readonly EdgeRuleDef[]) {
    const labels = new Set<string>([FALLBACK_PARENT_LABEL]);
    for (const r of rules) {
      labels.add(r.label);
      for (const key of [`${r.from}|${r.to}`, `${r.to}|${r.from}`]) {
        const list = this.byPair.get(key) ?? [];
        if (!list.includes(r)) list.push(r);
        this.byPair.set(key, list);
      }
      const { outType, inType } = storedEnds(r);
      this.byStored.set(`${outType}|${inType}|${r.label}`, r);
    }
    this.labels = labels;
  }

  /** Rules between two node types, either orientation. */
  between(a: string, b: string): readonly EdgeRuleDef[] {
    return this.byPair.get(`${a}|${b}`) ?? [];
  }

  /** The rule a stored edge (out vertex type, in vertex type, label) was made by. */
  forStored(outType: string, inType: string, label: string): EdgeRuleDef | undefined {
    return this.byStored.get(`${outType}|${inType}|${label}`);
  }

  /** How a child hangs from its parent: the containment rule, or the documented fallback. */
  parentEdge(childType: string, parentType: string): ParentEdge {
    for (const r of this.between(childType, parentType)) {
      if (!isTreeRule(r)) continue;
      const { outType } = storedEnds(r);
      const outIsChild = outType === childType && (childType !== parentType || r.from === childType);
      // The parent is the vertex on the side where contains-other-v acts.
      const parentIsOut = actsFrom(r, 'containsOtherV', true);
      if (parentIsOut !== outIsChild) return { label: r.label, childIsOut: outIsChild };
    }
    return { label: FALLBACK_PARENT_LABEL, childIsOut: true };
  }
}
