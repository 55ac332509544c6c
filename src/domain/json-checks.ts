/**
 * Checks of a parsed JSON document that run before anything else reads it (issue 13): how deep it
 * nests (Ajv, JSON.stringify and the domain recurse over bodies, so unbounded nesting overflows the
 * stack), and whether every string and number in it can be stored as sent (value-limits.ts). The
 * walk is iterative, so it is safe at any depth.
 */
import { isWellFormed, NOT_UNICODE, numberProblem } from '../schema/value-limits.js';

/** A container being walked: its member names (undefined for an array), its values, the next one to visit. */
interface Frame {
  names: readonly string[] | undefined;
  values: readonly unknown[];
  next: number;
}

/**
 * The value being visited, its level if it is a container (the root container is level 1), and its
 * location as a JSON pointer (computed on demand).
 */
type Visit = (value: unknown, level: number, pointer: () => string) => string | undefined;

const token = (name: string): string => name.replace(/~/g, '~0').replace(/\//g, '~1');

/** Visit every value depth-first in document order; stops at, and returns, the first problem `visit` reports. */
function walk(root: unknown, visit: Visit): string | undefined {
  const frames: Frame[] = [];
  const pointer = (): string => frames.map((f) => `/${token(f.names?.[f.next - 1] ?? String(f.next - 1))}`).join('');
  let value = root;
  for (;;) {
    const problem = visit(value, frames.length + 1, pointer);
    if (problem !== undefined) return problem;
    if (typeof value === 'object' && value !== null) {
      frames.push(Array.isArray(value) ? { names: undefined, values: value, next: 0 } : { names: Object.keys(value), values: Object.values(value), next: 0 });
    }
    let top = frames[frames.length - 1];
    while (top && top.next >= top.values.length) {
      frames.pop();
      top = frames[frames.length - 1];
    }
    if (!top) return undefined;
    value = top.values[top.next++];
  }
}

const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null;

/** Containers ({} or []) nest more than `maxDepth` levels deep. */
export function nestedDeeperThan(value: unknown, maxDepth: number): boolean {
  return walk(value, (v, level) => (isContainer(v) && level > maxDepth ? 'deep' : undefined)) !== undefined;
}

/** A number JSON.stringify would not write back as itself (an overflowing literal such as 1e400 reads as Infinity). */
export function hasNonFiniteNumber(value: unknown): boolean {
  return walk(value, (v) => (typeof v === 'number' && !Number.isFinite(v) ? 'non-finite' : undefined)) !== undefined;
}

const where = (pointer: string): string => (pointer === '' ? 'the top level' : pointer);

/**
 * The first string (member names included) or number that cannot be stored as sent, described with
 * its location, e.g. "the string at /equip-type is not valid Unicode (a lone UTF-16 surrogate)".
 */
export function unstorableValue(value: unknown): string | undefined {
  return walk(value, (v, _level, pointer) => {
    if (typeof v === 'string') return isWellFormed(v) ? undefined : `the string at ${where(pointer())} ${NOT_UNICODE}`;
    if (typeof v === 'number') {
      const problem = numberProblem(v);
      return problem === undefined ? undefined : `the number at ${where(pointer())} is ${problem}`;
    }
    if (isContainer(v) && !Array.isArray(v) && !Object.keys(v).every(isWellFormed)) return `a member name at ${where(pointer())} ${NOT_UNICODE}`;
    return undefined;
  });
}
