/**
 * The v15 schema at run time: the generated files under schema/v15, indexed for URI parsing,
 * body validation (one Ajv instance, compiled once) and edge-rule lookups.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { projectRoot } from '../project-root.js';
import { EdgeRules } from './edge-rules.js';
import { ERROR_ANNOTATION, envelopeError, type EnvelopeSchema } from './envelope.js';
import type { ChildDef, EdgeRulesFile, JsonSchemasFile, NodeTypeDef, NodeTypesFile, TopLevelDef } from './types.js';

export const SCHEMA_VERSION = 'v15';

function readSchemaFile<T>(name: string): T {
  return JSON.parse(readFileSync(join(projectRoot(), 'schema', SCHEMA_VERSION, name), 'utf8')) as T;
}

export interface BodyProblem {
  /** Human-readable: what is wrong and where. */
  message: string;
}

export class Schema {
  readonly version = SCHEMA_VERSION;
  readonly nodeTypes: ReadonlyMap<string, NodeTypeDef>;
  readonly namespaces: ReadonlySet<string>;
  readonly edgeRules: EdgeRules;
  /** namespace → container → top-level entry. */
  private readonly topLevel = new Map<string, Map<string, TopLevelDef>>();
  private readonly topLevelByType = new Map<string, TopLevelDef>();
  /** parent type → first URI segment → children starting with it. */
  private readonly childSegments = new Map<string, Map<string, ChildDef[]>>();
  /** Plural names (top-level containers, wrapped child containers) → their node type and the JSON element of a list of them. */
  readonly plurals: ReadonlyMap<string, { type: string; element: string }>;
  /** Every name that can appear in a URI path (for "Unrecognized AAI object"). */
  readonly knownSegments: ReadonlySet<string>;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly indexed = new Map<string, ReadonlySet<string>>();
  private readonly envelopes = new WeakMap<EnvelopeSchema, ValidateFunction>();
  private readonly relationshipValidator: ValidateFunction;
  /** The one Ajv instance: node bodies, relationships, and the routes' query parameters. */
  private readonly ajv: Ajv;

  constructor(nodeTypes: NodeTypesFile, edgeRules: EdgeRulesFile, jsonSchemas: JsonSchemasFile) {
    this.nodeTypes = new Map(Object.entries(nodeTypes.nodeTypes));
    this.namespaces = new Set(nodeTypes.namespaces);
    this.edgeRules = new EdgeRules(edgeRules.rules);
    const known = new Set<string>(nodeTypes.namespaces);
    for (const t of nodeTypes.topLevel) {
      const byContainer = this.topLevel.get(t.namespace) ?? new Map<string, TopLevelDef>();
      byContainer.set(t.container, t);
      this.topLevel.set(t.namespace, byContainer);
      this.topLevelByType.set(t.type, t);
      for (const s of t.path) known.add(s);
    }
    for (const d of this.nodeTypes.values()) {
      known.add(d.name);
      const bySegment = new Map<string, ChildDef[]>();
      for (const c of d.children) {
        const first = c.path[0];
        if (first === undefined) continue;
        bySegment.set(first, [...(bySegment.get(first) ?? []), c]);
        for (const s of c.path) known.add(s);
      }
      this.childSegments.set(d.name, bySegment);
    }
    this.knownSegments = known;
    const plurals = new Map<string, { type: string; element: string }>();
    for (const t of nodeTypes.topLevel) plurals.set(t.container, { type: t.type, element: t.element });
    for (const d of this.nodeTypes.values()) for (const c of d.children) if (c.wrapper && c.path[0] !== undefined && !plurals.has(c.path[0])) plurals.set(c.path[0], { type: c.type, element: c.element });
    this.plurals = plurals;

    const ajv = new Ajv({ allErrors: false, strict: true, schemas: jsonSchemas.schemas });
    ajv.addKeyword({ keyword: ERROR_ANNOTATION, schemaType: 'object' });
    this.ajv = ajv;
    for (const name of this.nodeTypes.keys()) {
      const v = ajv.getSchema(`${jsonSchemas.base}${name}`);
      if (!v) throw new Error(`no JSON Schema for node type ${name}`);
      this.validators.set(name, v);
    }
    const rel = ajv.getSchema(`${jsonSchemas.base}relationship`);
    if (!rel) throw new Error('no JSON Schema for relationship');
    this.relationshipValidator = rel;
  }

  /**
   * Throw the A&AI error of `body`'s first departure from `envelope` (src/schema/envelope.ts). Each
   * envelope is compiled once, on first use.
   */
  checkEnvelope(envelope: EnvelopeSchema, body: unknown): void {
    let validate = this.envelopes.get(envelope);
    if (validate === undefined) {
      validate = this.ajv.compile(envelope);
      this.envelopes.set(envelope, validate);
    }
    if (!validate(body)) throw envelopeError(envelope, validate.errors?.[0]);
  }

  /** A validator for a route's query parameters (each a string schema); compiled once, at start. */
  compileQuery(properties: Readonly<Record<string, object>>): ValidateFunction {
    return this.ajv.compile({ type: 'object', properties });
  }

  static load(): Schema {
    return new Schema(
      readSchemaFile<NodeTypesFile>('node-types.json'),
      readSchemaFile<EdgeRulesFile>('edge-rules.json'),
      readSchemaFile<JsonSchemasFile>('json-schemas.json'),
    );
  }

  /** The properties of a type that have an index (its keys and the OXM's indexedProps). */
  indexedProps(type: string): ReadonlySet<string> {
    let set = this.indexed.get(type);
    if (set === undefined) {
      const def = this.type(type);
      set = new Set([...def.keys, ...def.indexedProps]);
      this.indexed.set(type, set);
    }
    return set;
  }

  type(name: string): NodeTypeDef {
    const d = this.nodeTypes.get(name);
    if (!d) throw new Error(`unknown node type ${name}`);
    return d;
  }

  topLevelEntry(namespace: string, container: string): TopLevelDef | undefined {
    return this.topLevel.get(namespace)?.get(container);
  }

  topLevelOf(type: string): TopLevelDef | undefined {
    return this.topLevelByType.get(type);
  }

  childrenStartingWith(parentType: string, segment: string): readonly ChildDef[] {
    return this.childSegments.get(parentType)?.get(segment) ?? [];
  }

  childByAttribute(parentType: string, attribute: string): ChildDef | undefined {
    return this.type(parentType).children.find((c) => c.attribute === attribute);
  }

  /** The child definition by which `parentType` holds `childType`. */
  childDef(parentType: string, childType: string): ChildDef | undefined {
    return this.type(parentType).children.find((c) => c.type === childType);
  }

  /** Validate a node body against its closed JSON Schema; the first problem, if any. */
  validateBody(type: string, body: unknown): BodyProblem | undefined {
    const v = this.validators.get(type);
    if (!v) throw new Error(`unknown node type ${type}`);
    return v(body) ? undefined : this.describe(v.errors?.[0], type);
  }

  validateRelationship(body: unknown): BodyProblem | undefined {
    const v = this.relationshipValidator;
    return v(body) ? undefined : this.describe(v.errors?.[0], 'relationship');
  }

  /** The object type at a JSON pointer inside a body of `rootType` (children, relationships). */
  private typeAt(rootType: string, pointer: string): string {
    const segs = pointer.split('/').slice(1);
    let type = rootType;
    for (let i = 0; i < segs.length; ) {
      const seg = segs[i] ?? '';
      if (seg === 'relationship-list') return 'relationship';
      const child = this.nodeTypes.has(type) ? this.childByAttribute(type, seg) : undefined;
      if (!child) return type;
      const step = child.wrapper ? 3 : 2;
      if (i + step > segs.length) return type;
      type = child.type;
      i += step;
    }
    return type;
  }

  private describe(err: ErrorObject | undefined, rootType: string): BodyProblem {
    if (!err) return { message: 'object could not be unmarshalled' };
    const path = err.instancePath;
    const parent = path.slice(0, path.lastIndexOf('/'));
    const field = path.split('/').pop() ?? '';
    const at = (p: string): string => (p === '' ? '' : ` (at ${p})`);
    switch (err.keyword) {
      case 'additionalProperties': {
        const prop = String((err.params as { additionalProperty?: unknown }).additionalProperty);
        return { message: `object could not be unmarshalled: unknown property "${prop}" in ${this.typeAt(rootType, path)}${at(path)}` };
      }
      case 'type': {
        const raw = String((err.params as { type?: unknown }).type).replace(/,null$/, '');
        const expected = raw === 'array' ? 'a list' : raw === 'object' ? 'an object' : raw;
        if (/^\d+$/.test(field)) return { message: `object could not be unmarshalled: every item of ${parent.split('/').pop() ?? ''} must be ${expected}${at(parent)}` };
        return { message: `object could not be unmarshalled: property "${field}" of ${this.typeAt(rootType, parent)} must be ${expected}${at(parent)}` };
      }
      case 'required': {
        const prop = String((err.params as { missingProperty?: unknown }).missingProperty);
        return { message: `object could not be unmarshalled: missing "${prop}"${at(path)}` };
      }
      default:
        return { message: `object could not be unmarshalled: ${err.message ?? 'invalid'}${at(path)}` };
    }
  }
}
