/**
 * The v15 node types as tests generate them (schema/v15/node-types.json): the chain of parents down
 * to each type, and a minimal valid object of each (keys plus required properties without
 * defaults, unique values per call).
 */
import { readFileSync } from 'node:fs';
import type { ChildDef, NodeTypeDef, NodeTypesFile } from '../../src/schema/types.js';
import { uid } from './neo4j.js';

export type Json = Record<string, unknown>;

const file = JSON.parse(readFileSync(new URL('../../schema/v15/node-types.json', import.meta.url), 'utf8')) as NodeTypesFile;
const types = file.nodeTypes;

export function def(name: string): NodeTypeDef {
  const d = types[name];
  if (!d) throw new Error(`unknown node type ${name}`);
  return d;
}

/** One step from the root: a top-level entry (child undefined) or a parent's child definition. */
export interface Step {
  type: string;
  /** Path segments before the keys: the top-level path, or the child's path under its parent. */
  segments: string[];
  child: ChildDef | undefined;
}

/**
 * The shortest chain of steps from a top-level type down to each type (breadth-first over the
 * children definitions). With `writableOnly`, every step must be directly writable.
 */
function chains(writableOnly: boolean): Map<string, Step[]> {
  const out = new Map<string, Step[]>();
  const queue: string[] = [];
  for (const t of file.topLevel) {
    if (writableOnly && !def(t.type).allowDirectWrite) continue;
    if (out.has(t.type)) continue;
    out.set(t.type, [{ type: t.type, segments: t.path, child: undefined }]);
    queue.push(t.type);
  }
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const base = out.get(next) ?? [];
    for (const c of def(next).children) {
      if (out.has(c.type) || (writableOnly && !def(c.type).allowDirectWrite)) continue;
      out.set(c.type, [...base, { type: c.type, segments: c.path, child: c }]);
      queue.push(c.type);
    }
  }
  return out;
}

/** The shortest chain to each type through directly writable types only, and through any. */
export const writableChains = chains(true);
export const anyChains = chains(false);

let counter = 0;

/** A value of the property's JSON type; strings and integers unique per call. */
function valueFor(type: NodeTypeDef, prop: string): unknown {
  const p = type.properties[prop];
  if (!p) throw new Error(`${type.name} has no property ${prop}`);
  counter += 1;
  switch (p.type) {
    case 'string':
      return uid(prop.slice(0, 6));
    case 'integer':
      return 1000 + counter;
    case 'boolean':
      return true;
    case 'string-list':
      return [uid(prop.slice(0, 6))];
  }
}

export interface Made {
  keys: Json;
  body: Json;
  /** URI path without the /aai/v15 prefix. */
  path: string;
}

/** Keys plus required properties that have no default: the minimal valid body. */
export function minimal(type: NodeTypeDef, parentPath: string, step: Step): Made {
  const keys: Json = {};
  for (const k of type.keys) keys[k] = valueFor(type, k);
  const body: Json = { ...keys };
  for (const r of type.required) {
    if (r in body || r in type.defaults) continue;
    body[r] = valueFor(type, r);
  }
  const keySegs = type.keys.map((k) => encodeURIComponent(String(keys[k])));
  const path = `${parentPath}/${[...step.segments, ...keySegs].join('/')}`;
  return { keys, body, path };
}


/** Every node type name, sorted. */
export const all = Object.keys(types).sort();
