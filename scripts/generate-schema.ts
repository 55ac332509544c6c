/**
 * Schema generator: reads ONAP A&AI v15 inputs (OXM, edge rules, error catalogue) and writes
 * `schema/v15/{node-types,edge-rules,errors,json-schemas}.json` (shapes in `src/schema/types.ts`)
 * and `schema/v15/error-codes.ts`, the catalogue's codes as a type (`AaiCatalogueCode`), so that
 * `new AaiError('AAI_6141', …)` with a code A&AI does not have fails `tsc`.
 *
 *   npx tsx scripts/generate-schema.ts [inputDir]     (or AAI_SCHEMA_DIR=... ; default ../shared/aai)
 *   npm run generate:schema
 *
 * URIs follow the OXM *structure* (Inventory -> namespace -> wrapper container -> node type, and
 * node type -> wrapper container / direct list -> child node type), exactly as A&AI's URI parser
 * walks element names; `uriTemplate` is kept as data only.
 *
 * Output is deterministic: node types sorted by name, everything else in input (OXM / file) order,
 * 2-space JSON with a trailing newline.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import type {
  ChildDef,
  EdgeDirection,
  EdgeRuleDef,
  EdgeRulesFile,
  ErrorCatalogueFile,
  ErrorDef,
  Multiplicity,
  NodeTypeDef,
  NodeTypesFile,
  PropertyDef,
  PropertyType,
  TopLevelDef,
  JsonSchemasFile,
} from '../src/schema/types.js';

export const SCHEMA_VERSION = 'v15';
export const OXM_FILE = 'aai_oxm_v15.xml';
export const EDGE_RULES_FILE = 'DbEdgeRules_v15.json';
export const ERRORS_FILE = 'error.properties';

const LIST_CONTAINER = 'java.util.ArrayList';
const RELATIONSHIP_LIST = 'relationship-list';
const RESOURCE_VERSION = 'resource-version';

export interface GeneratedSchema {
  nodeTypes: NodeTypesFile;
  edgeRules: EdgeRulesFile;
  errors: ErrorCatalogueFile;
  jsonSchemas: JsonSchemasFile;
}

export interface GenerateResult extends GeneratedSchema {
  /** Non-fatal findings about the inputs (oddities, skipped attributes, parents/dependentOn mismatches). */
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------
// Small helpers for walking untyped parser output without `any`.

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null || v === '') return [];
  return Array.isArray(v) ? v : [v];
}

function objs(v: unknown): Obj[] {
  return asArray(v).filter(isObj);
}

function str(o: Obj, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}

function splitList(v: string | undefined): string[] {
  if (v === undefined) return [];
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

// ---------------------------------------------------------------------------------------------
// OXM model

interface OxmAttr {
  /** xml name (e.g. 'pnf-name'); for xml-any-element, the name or java-attribute. */
  name: string;
  kind: 'element' | 'any';
  /** Full java type, e.g. 'java.lang.String' or 'inventory.aai.onap.org.v15.PInterfaces'. */
  type: string;
  isList: boolean;
  required: boolean;
  isKey: boolean;
  /** `default-value` XML attribute (EclipseLink); A&AI itself uses the `defaultValue` xml-property. */
  defaultValueAttr: string | undefined;
  /** `xml-element-wrapper` name, if any. */
  wrapperElement: string | undefined;
  props: Map<string, string>;
}

interface OxmType {
  javaName: string;
  root: string | undefined;
  attrs: OxmAttr[];
  props: Map<string, string>;
}

function readProps(container: unknown, where: string, warnings: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const block of objs(container)) {
    for (const p of objs(block['xml-property'])) {
      const name = str(p, 'name');
      const value = str(p, 'value') ?? '';
      if (name === undefined) continue;
      if (out.has(name) && out.get(name) !== value) {
        warnings.push(`${where}: xml-property '${name}' given twice ('${out.get(name) ?? ''}' then '${value}'); keeping the first`);
        continue;
      }
      if (!out.has(name)) out.set(name, value);
    }
  }
  return out;
}

function parseOxm(xml: string, warnings: string[]): Map<string, OxmType> {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    isArray: (tagName) =>
      tagName === 'java-type' ||
      tagName === 'xml-element' ||
      tagName === 'xml-any-element' ||
      tagName === 'xml-property' ||
      tagName === 'xml-properties' ||
      tagName === 'java-attributes',
  });
  const doc: unknown = parser.parse(xml);
  if (!isObj(doc) || !isObj(doc['xml-bindings'])) throw new Error('OXM: missing <xml-bindings>');
  const bindings = doc['xml-bindings'];
  const javaTypesBlock = bindings['java-types'];
  if (!isObj(javaTypesBlock)) throw new Error('OXM: missing <java-types>');

  const types = new Map<string, OxmType>();
  for (const jt of objs(javaTypesBlock['java-type'])) {
    const javaName = str(jt, 'name');
    if (javaName === undefined) throw new Error('OXM: java-type without a name');
    const rootEl = jt['xml-root-element'];
    const root = isObj(rootEl) ? str(rootEl, 'name') : undefined;
    const attrs: OxmAttr[] = [];
    for (const ja of objs(jt['java-attributes'])) {
      for (const el of objs(ja['xml-element'])) {
        const name = str(el, 'name') ?? str(el, 'java-attribute');
        const type = str(el, 'type');
        if (name === undefined || type === undefined) {
          throw new Error(`OXM: ${javaName}: xml-element without name/type`);
        }
        const wrapper = el['xml-element-wrapper'];
        attrs.push({
          name,
          kind: 'element',
          type,
          isList: str(el, 'container-type') === LIST_CONTAINER,
          required: str(el, 'required') === 'true',
          isKey: str(el, 'xml-key') === 'true',
          defaultValueAttr: str(el, 'default-value'),
          wrapperElement: isObj(wrapper) ? str(wrapper, 'name') : undefined,
          props: readProps(el['xml-properties'], `${javaName}.${name}`, warnings),
        });
        const other = str(el, 'container-type');
        if (other !== undefined && other !== LIST_CONTAINER) {
          warnings.push(`${javaName}.${name}: unexpected container-type '${other}'`);
        }
      }
      // xml-any-element: order relative to xml-element is not preserved by the parser; they only
      // occur in non-node types (search results, actions), so this is harmless (checked below).
      for (const el of objs(ja['xml-any-element'])) {
        const name = str(el, 'name') ?? str(el, 'java-attribute') ?? 'any';
        attrs.push({
          name,
          kind: 'any',
          type: '',
          isList: str(el, 'container-type') === LIST_CONTAINER,
          required: false,
          isKey: false,
          defaultValueAttr: undefined,
          wrapperElement: undefined,
          props: new Map(),
        });
      }
    }
    if (types.has(javaName)) throw new Error(`OXM: duplicate java-type '${javaName}'`);
    types.set(javaName, { javaName, root, attrs, props: readProps(jt['xml-properties'], javaName, warnings) });
  }
  return types;
}

/** 'inventory.aai.onap.org.v15.PInterfaces' -> 'PInterfaces'; java.lang.* -> undefined. */
function localTypeName(type: string): string | undefined {
  if (type.startsWith('java.')) return undefined;
  const i = type.lastIndexOf('.');
  return i >= 0 ? type.slice(i + 1) : type;
}

function propertyType(attr: OxmAttr): PropertyType | undefined {
  switch (attr.type) {
    case 'java.lang.String':
      return attr.isList ? 'string-list' : 'string';
    case 'java.lang.Boolean':
      return attr.isList ? undefined : 'boolean';
    case 'java.lang.Long':
    case 'java.lang.Integer':
      return attr.isList ? undefined : 'integer';
    default:
      return undefined;
  }
}

function convertDefault(raw: string, type: PropertyType, where: string): string | boolean | number {
  if (type === 'boolean') {
    const v = raw.trim().toLowerCase();
    if (v === 'true') return true;
    if (v === 'false') return false;
    throw new Error(`${where}: boolean defaultValue '${raw}'`);
  }
  if (type === 'integer') {
    const n = Number(raw.trim());
    if (!Number.isInteger(n)) throw new Error(`${where}: integer defaultValue '${raw}'`);
    return n;
  }
  return raw;
}

function parseBoolProp(v: string | undefined, dflt: boolean, where: string): boolean {
  if (v === undefined) return dflt;
  const s = v.trim().toLowerCase();
  if (s === 'true') return true;
  if (s === 'false') return false;
  throw new Error(`${where}: expected true/false, got '${v}'`);
}

// ---------------------------------------------------------------------------------------------
// Node types

/**
 * Node types whose A&AI name (database node type, URI segment, edge rules) differs from their JSON
 * element. A&AI special-cases exactly this one: the element `cvlan-tag-entry` is node type `cvlan-tag`
 * (uriTemplate `/cvlan-tags/cvlan-tag/{cvlan-tag}`).
 */
const NODE_TYPE_ALIASES: Readonly<Record<string, string>> = { 'cvlan-tag-entry': 'cvlan-tag' };

export function buildNodeTypes(xml: string, warnings: string[] = []): NodeTypesFile {
  const types = parseOxm(xml, warnings);

  const resolveType = (attr: OxmAttr): OxmType | undefined => {
    const local = localTypeName(attr.type);
    return local === undefined ? undefined : types.get(local);
  };

  // Node types: java-types with a uriTemplate.
  const nodeByJava = new Map<string, string>(); // javaName -> node name
  for (const t of types.values()) {
    if (!t.props.has('uriTemplate')) continue;
    if (t.root === undefined) throw new Error(`OXM: node java-type ${t.javaName} has no xml-root-element`);
    const name = NODE_TYPE_ALIASES[t.root] ?? t.root;
    if ([...nodeByJava.values()].includes(name)) throw new Error(`OXM: duplicate node type name '${name}'`);
    nodeByJava.set(t.javaName, name);
  }
  const nodeOf = (attr: OxmAttr): string | undefined => {
    const t = resolveType(attr);
    return t === undefined ? undefined : nodeByJava.get(t.javaName);
  };

  // Wrapper containers: non-node types whose single attribute is a list of a node type.
  interface Wrapper {
    element: string;
    type: string;
  }
  const wrapperOf = (t: OxmType): Wrapper | undefined => {
    if (nodeByJava.has(t.javaName)) return undefined;
    const listsOfNodes = t.attrs.filter((a) => a.kind === 'element' && a.isList && nodeOf(a) !== undefined);
    if (listsOfNodes.length === 0) return undefined;
    const first = listsOfNodes[0];
    if (t.attrs.length !== 1 || first === undefined) {
      warnings.push(
        `OXM: ${t.javaName} holds lists of node types but is not a single-list wrapper (attributes: ${t.attrs.map((a) => a.name).join(', ')})`,
      );
      return undefined;
    }
    const type = nodeOf(first);
    return type === undefined ? undefined : { element: first.name, type };
  };

  // Top level: Inventory -> namespaces -> wrapper containers.
  const inventory = types.get('Inventory');
  if (inventory === undefined) throw new Error('OXM: no Inventory java-type');
  const namespaces: string[] = [];
  const topLevel: TopLevelDef[] = [];
  for (const nsAttr of inventory.attrs) {
    const nsType = resolveType(nsAttr);
    if (nsType === undefined) {
      warnings.push(`OXM: Inventory.${nsAttr.name} has unknown type '${nsAttr.type}'`);
      continue;
    }
    const skipped: string[] = [];
    let count = 0;
    for (const a of nsType.attrs) {
      const ct = resolveType(a);
      const w = ct === undefined ? undefined : wrapperOf(ct);
      if (w === undefined || a.isList) {
        skipped.push(`${a.name}${ct !== undefined ? ` (${ct.javaName})` : ''}`);
        continue;
      }
      count++;
      topLevel.push({
        namespace: nsAttr.name,
        container: a.name,
        element: w.element,
        type: w.type,
        path: [nsAttr.name, a.name, w.element],
      });
    }
    if (count > 0) namespaces.push(nsAttr.name);
    else warnings.push(`OXM: Inventory.${nsAttr.name} (${nsType.javaName}) holds no node-type containers; not a namespace`);
    if (count > 0 && skipped.length > 0) {
      warnings.push(`OXM: namespace ${nsAttr.name}: attributes that are not node-type containers: ${skipped.join(', ')}`);
    }
  }
  const topLevelTypes = new Set(topLevel.map((t) => t.type));

  // Per node type.
  const defs = new Map<string, NodeTypeDef>();
  for (const [javaName, name] of nodeByJava) {
    const t = types.get(javaName);
    if (t === undefined) continue;
    const where = `${name} (${javaName})`;
    const keys: string[] = [];
    const properties: Record<string, PropertyDef> = {};
    const defaults: Record<string, string | boolean | number> = {};
    const children: ChildDef[] = [];
    const attributeOrder: string[] = [];
    let hasRelationshipList = false;
    const seen = new Set<string>();

    for (const a of t.attrs) {
      if (a.kind === 'any') {
        warnings.push(`${where}: xml-any-element '${a.name}' skipped`);
        continue;
      }
      if (seen.has(a.name)) throw new Error(`${where}: duplicate attribute '${a.name}'`);
      seen.add(a.name);

      if (a.name === RELATIONSHIP_LIST) {
        hasRelationshipList = true;
        attributeOrder.push(a.name);
        continue;
      }
      const pt = propertyType(a);
      if (pt !== undefined) {
        const def: PropertyDef = { name: a.name, type: pt };
        const visibility = a.props.get('visibility');
        if (visibility !== undefined) def.visibility = visibility;
        properties[a.name] = def;
        attributeOrder.push(a.name);
        if (a.isKey) keys.push(a.name);
        if (a.wrapperElement !== undefined) {
          warnings.push(
            `${where}: property '${a.name}' (${pt}) has an xml-element-wrapper '${a.wrapperElement}'; kept as a plain '${a.name}' property`,
          );
        }
        const dv = a.props.get('defaultValue');
        if (dv !== undefined) {
          defaults[a.name] = convertDefault(dv, pt, `${where}.${a.name}`);
          if (a.defaultValueAttr !== undefined && a.defaultValueAttr !== dv) {
            warnings.push(`${where}.${a.name}: default-value attribute '${a.defaultValueAttr}' differs from defaultValue '${dv}'; using defaultValue`);
          }
        } else if (a.defaultValueAttr !== undefined) {
          warnings.push(
            `${where}.${a.name}: only the EclipseLink default-value attribute ('${a.defaultValueAttr}') is set, no defaultValue xml-property; A&AI ignores it, so no default recorded`,
          );
        }
        continue;
      }
      if (a.type.startsWith('java.')) {
        warnings.push(`${where}: attribute '${a.name}' has unsupported java type '${a.type}'${a.isList ? ' (list)' : ''}; skipped`);
        continue;
      }
      if (a.isKey) warnings.push(`${where}: key attribute '${a.name}' is not a simple property`);

      const ct = resolveType(a);
      if (ct === undefined) {
        warnings.push(`${where}: attribute '${a.name}' has unknown type '${a.type}'; skipped`);
        continue;
      }
      const directNode = nodeByJava.get(ct.javaName);
      if (directNode !== undefined) {
        if (a.isList) {
          if (a.name !== ct.root) warnings.push(`${where}: direct child list '${a.name}' holds '${directNode}' (element name differs from type)`);
          children.push({ attribute: a.name, element: a.name, type: directNode, wrapper: false, path: [a.name] });
          attributeOrder.push(a.name);
        } else {
          warnings.push(`${where}: attribute '${a.name}' is a single (non-list) node type '${directNode}'; skipped`);
        }
        continue;
      }
      const w = a.isList ? undefined : wrapperOf(ct);
      if (w !== undefined) {
        const segment = NODE_TYPE_ALIASES[w.element] ?? w.element;
        children.push({ attribute: a.name, element: w.element, type: w.type, wrapper: true, path: [a.name, segment] });
        attributeOrder.push(a.name);
        continue;
      }
      warnings.push(
        `${where}: complex attribute '${a.name}' of type ${ct.javaName}${a.isList ? ' (list)' : ''} is neither a property, a child container nor relationship-list; skipped`,
      );
    }

    // Required: required="true" and requiredProps, OXM order; resource-version never.
    const requiredProps = splitList(t.props.get('requiredProps'));
    const requiredSet = new Set<string>();
    for (const a of t.attrs) if (a.required) requiredSet.add(a.name);
    for (const r of requiredProps) {
      if (!(r in properties)) {
        warnings.push(`${where}: requiredProps names '${r}', which is not a simple property; ignored`);
        continue;
      }
      requiredSet.add(r);
    }
    for (const k of keys) requiredSet.add(k);
    for (const a of t.attrs) {
      if (a.required && !(a.name in properties)) {
        warnings.push(`${where}: required="true" on non-property '${a.name}'; ignored`);
        requiredSet.delete(a.name);
      }
    }
    requiredSet.delete(RESOURCE_VERSION);
    const required = Object.keys(properties).filter((p) => requiredSet.has(p));

    const maxDepthRaw = t.props.get('maximumDepth');
    let maximumDepth: number | null = null;
    if (maxDepthRaw !== undefined) {
      const n = Number(maxDepthRaw.trim());
      if (!Number.isInteger(n)) throw new Error(`${where}: maximumDepth '${maxDepthRaw}'`);
      maximumDepth = n;
    }

    if (keys.length === 0) warnings.push(`${where}: no xml-key attributes`);
    for (const propName of ['indexedProps', 'uniqueProps', 'nameProps'] as const) {
      for (const p of splitList(t.props.get(propName))) {
        if (!(p in properties)) warnings.push(`${where}: ${propName} names '${p}', which is not a simple property`);
      }
    }

    defs.set(name, {
      name,
      javaType: javaName,
      uriTemplate: t.props.get('uriTemplate') ?? '',
      container: t.props.get('container') ?? null,
      namespace: t.props.get('namespace') ?? null,
      keys,
      required,
      defaults,
      properties,
      children,
      attributeOrder,
      hasRelationshipList,
      parents: [],
      dependentOn: splitList(t.props.get('dependentOn')),
      nameProps: splitList(t.props.get('nameProps')),
      indexedProps: splitList(t.props.get('indexedProps')),
      uniqueProps: splitList(t.props.get('uniqueProps')),
      maximumDepth,
      allowDirectWrite: parseBoolProp(t.props.get('allowDirectWrite'), true, `${where}.allowDirectWrite`),
      allowDirectRead: parseBoolProp(t.props.get('allowDirectRead'), true, `${where}.allowDirectRead`),
      topLevel: topLevelTypes.has(name),
    });
  }

  // Parents from the structure.
  const parents = new Map<string, Set<string>>();
  for (const d of defs.values()) {
    for (const c of d.children) {
      let s = parents.get(c.type);
      if (s === undefined) {
        s = new Set();
        parents.set(c.type, s);
      }
      s.add(d.name);
    }
  }
  for (const d of defs.values()) {
    d.parents = [...(parents.get(d.name) ?? [])].sort();
    if (!d.topLevel && d.parents.length === 0) warnings.push(`${d.name}: unreachable (neither top-level nor a child of any node type)`);
    if (d.topLevel && d.parents.length > 0) warnings.push(`${d.name}: both top-level and a child of ${d.parents.join(', ')}`);
    const dep = [...d.dependentOn].sort();
    if (dep.join(',') !== d.parents.join(',')) {
      warnings.push(`${d.name}: parents [${d.parents.join(', ')}] != dependentOn [${dep.join(', ')}]`);
    }
    for (const p of d.dependentOn) if (!defs.has(p)) warnings.push(`${d.name}: dependentOn names unknown node type '${p}'`);
  }

  // `container` / `namespace` xml-properties vs. the structure (informational).
  const containersOf = new Map<string, Set<string>>();
  const addContainer = (type: string, c: string): void => {
    const s = containersOf.get(type) ?? new Set<string>();
    s.add(c);
    containersOf.set(type, s);
  };
  for (const tl of topLevel) addContainer(tl.type, tl.container);
  for (const d of defs.values()) for (const c of d.children) addContainer(c.type, c.attribute);
  for (const d of defs.values()) {
    const actual = [...(containersOf.get(d.name) ?? [])];
    if (d.container !== null && !actual.includes(d.container)) {
      warnings.push(`${d.name}: container property '${d.container}' but reached via [${actual.join(', ')}]`);
    }
    const tlNs = topLevel.filter((t) => t.type === d.name).map((t) => t.namespace);
    if (d.namespace !== null && !tlNs.includes(d.namespace)) {
      warnings.push(`${d.name}: namespace property '${d.namespace}' but top-level in [${tlNs.join(', ')}]`);
    }
    if (d.namespace === null && tlNs.length > 0) warnings.push(`${d.name}: top-level in [${tlNs.join(', ')}] but has no namespace property`);
  }
  // Type-level properties that sit on non-node types (e.g. maximumDepth on wrapper containers).
  for (const t of types.values()) {
    if (nodeByJava.has(t.javaName)) continue;
    const md = t.props.get('maximumDepth');
    if (md !== undefined) {
      warnings.push(`OXM: maximumDepth=${md} is set on non-node type ${t.javaName} (${t.root ?? '?'}), not on a node type; not represented`);
    }
  }

  const nodeTypes: Record<string, NodeTypeDef> = {};
  for (const name of [...defs.keys()].sort()) {
    const d = defs.get(name);
    if (d !== undefined) nodeTypes[name] = d;
  }
  return { version: SCHEMA_VERSION, namespaces, topLevel, nodeTypes };
}

// ---------------------------------------------------------------------------------------------
// Edge rules

const DIRECTIONS: readonly EdgeDirection[] = ['OUT', 'IN'];
const MULTIPLICITIES: readonly Multiplicity[] = ['ONE2ONE', 'ONE2MANY', 'MANY2ONE', 'MANY2MANY'];
const KNOWN_RULE_FIELDS = new Set([
  'from',
  'to',
  'label',
  'direction',
  'multiplicity',
  'contains-other-v',
  'delete-other-v',
  'prevent-delete',
  'default',
  'description',
  'private',
]);

function isDirection(v: string): v is EdgeDirection {
  return (DIRECTIONS as readonly string[]).includes(v);
}
function isMultiplicity(v: string): v is Multiplicity {
  return (MULTIPLICITIES as readonly string[]).includes(v);
}

export function buildEdgeRules(json: string, warnings: string[] = [], nodeTypeNames?: ReadonlySet<string>): EdgeRulesFile {
  const doc: unknown = JSON.parse(json);
  if (!isObj(doc) || !Array.isArray(doc['rules'])) throw new Error('edge rules: expected {"rules": [...]}');
  const rules: EdgeRuleDef[] = [];
  const extraFields = new Map<string, number>();
  doc['rules'].forEach((raw: unknown, i: number) => {
    if (!isObj(raw)) throw new Error(`edge rule #${i}: not an object`);
    const need = (k: string): string => {
      const v = str(raw, k);
      if (v === undefined) throw new Error(`edge rule #${i}: missing '${k}'`);
      return v.trim();
    };
    const bool = (k: string): boolean => {
      const v = str(raw, k);
      if (v === undefined) return false;
      const s = v.trim().toLowerCase();
      if (s !== 'true' && s !== 'false') throw new Error(`edge rule #${i}: '${k}' is '${v}'`);
      return s === 'true';
    };
    for (const k of Object.keys(raw)) if (!KNOWN_RULE_FIELDS.has(k)) extraFields.set(k, (extraFields.get(k) ?? 0) + 1);
    const direction = need('direction');
    const multiplicity = need('multiplicity');
    if (!isDirection(direction)) throw new Error(`edge rule #${i}: direction '${direction}'`);
    if (!isMultiplicity(multiplicity)) throw new Error(`edge rule #${i}: multiplicity '${multiplicity}'`);
    const rule: EdgeRuleDef = {
      from: need('from'),
      to: need('to'),
      label: need('label'),
      direction,
      multiplicity,
      containsOtherV: need('contains-other-v'),
      deleteOtherV: need('delete-other-v'),
      preventDelete: need('prevent-delete'),
      isDefault: bool('default'),
      isPrivate: bool('private'),
      description: str(raw, 'description') ?? '',
    };
    if (nodeTypeNames !== undefined) {
      for (const end of [rule.from, rule.to]) {
        if (!nodeTypeNames.has(end)) warnings.push(`edge rule #${i} (${rule.from} -> ${rule.to}): unknown node type '${end}'`);
      }
    }
    rules.push(rule);
  });
  for (const [k, n] of extraFields) warnings.push(`edge rules: unmapped field '${k}' in ${n} rule(s); ignored`);

  // Duplicate (from, to, label) and several default rules between one pair.
  const byTriple = new Map<string, number>();
  const defaultsByPair = new Map<string, string[]>();
  for (const r of rules) {
    const t = `${r.from}|${r.to}|${r.label}`;
    byTriple.set(t, (byTriple.get(t) ?? 0) + 1);
    if (r.isDefault) {
      const p = `${r.from}|${r.to}`;
      const l = defaultsByPair.get(p) ?? [];
      l.push(r.label);
      defaultsByPair.set(p, l);
    }
  }
  for (const [t, n] of byTriple) if (n > 1) warnings.push(`edge rules: (${t}) appears ${n} times`);
  for (const [p, l] of defaultsByPair) if (l.length > 1) warnings.push(`edge rules: ${p} has ${l.length} default rules (${l.join(', ')})`);
  return { version: SCHEMA_VERSION, rules };
}

// ---------------------------------------------------------------------------------------------
// Error catalogue

/**
 * `KEY=Disposition:Category:Severity:ErrorCode:HttpStatus:RestErrorCode:Message[:ELS]`.
 * The message may in principle contain ':'; the optional ELS code is a trailing all-digit field
 * (only taken as ELS when at least 8 fields are present).
 */
export function buildErrors(text: string, warnings: string[] = []): ErrorCatalogueFile {
  const entries = new Map<string, ErrorDef>();
  text.split(/\r?\n/).forEach((rawLine, i) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) return;
    const eq = line.indexOf('=');
    if (eq < 0) {
      warnings.push(`error.properties:${i + 1}: no '=': ${line}`);
      return;
    }
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (!/^AAI_\w+$/.test(key)) {
      warnings.push(`error.properties:${i + 1}: key '${key}' is not AAI_*; skipped`);
      return;
    }
    const f = value.split(':');
    if (f.length < 7) throw new Error(`error.properties:${i + 1}: ${key} has only ${f.length} fields`);
    const [disposition, category, severity, errorCode, http, restErrorCode] = f;
    let msgFields = f.slice(6);
    const last = msgFields[msgFields.length - 1];
    if (msgFields.length >= 2 && last !== undefined && /^\d+$/.test(last.trim())) {
      msgFields = msgFields.slice(0, -1);
    } else {
      warnings.push(`error.properties:${i + 1}: ${key} has no trailing ELS code`);
    }
    if (msgFields.length > 1) warnings.push(`error.properties:${i + 1}: ${key} message contains ':'`);
    const httpStatus = Number((http ?? '').trim());
    if (!Number.isInteger(httpStatus) || httpStatus < 100 || httpStatus > 599) {
      throw new Error(`error.properties:${i + 1}: ${key} http status '${http ?? ''}'`);
    }
    if (entries.has(key)) warnings.push(`error.properties:${i + 1}: duplicate key ${key}; the later line wins`);
    entries.set(key, {
      code: key,
      disposition: (disposition ?? '').trim(),
      category: (category ?? '').trim(),
      severity: (severity ?? '').trim(),
      errorCode: (errorCode ?? '').trim(),
      httpStatus,
      restErrorCode: (restErrorCode ?? '').trim(),
      message: msgFields.join(':').trim(),
    });
  });
  const out: ErrorCatalogueFile = {};
  for (const k of [...entries.keys()].sort()) {
    const e = entries.get(k);
    if (e !== undefined) out[k] = e;
  }
  return out;
}

/**
 * `schema/v15/error-codes.ts`: the catalogue's codes as a string-literal union, in catalogue order.
 * Type-only (nothing to load at run time); `src/errors.ts` adds the service's own codes to it.
 */
export function errorCodesModule(errors: ErrorCatalogueFile): string {
  const codes = Object.keys(errors);
  if (codes.length === 0) throw new Error('error.properties: no AAI_* codes');
  return [
    `// Generated by scripts/generate-schema.ts from A&AI's ${ERRORS_FILE} (${SCHEMA_VERSION}); do not edit.`,
    '',
    "/** Every code of A&AI's error catalogue (errors.json). `AaiCode` (src/errors.ts) adds the service's own codes. */",
    'export type AaiCatalogueCode =',
    ...codes.map((c, i) => `  | '${c}'${i === codes.length - 1 ? ';' : ''}`),
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// JSON Schemas (one per node type, plus relationship-list), compiled by one Ajv instance at start-up.
// Bodies are closed (additionalProperties: false): an unknown property or a wrong type is a 400.
// Simple properties accept null (absent on PUT, removed on PATCH). Required properties are not
// listed here: keys come from the URI and defaults fill in, so the domain checks them afterwards.

const JSON_SCHEMA_BASE = `https://onap.org/aai/${SCHEMA_VERSION}/`;

type JsonSchema = Record<string, unknown>;

function propertySchema(type: PropertyType): JsonSchema {
  switch (type) {
    case 'string':
      return { type: ['string', 'null'] };
    case 'boolean':
      return { type: ['boolean', 'null'] };
    case 'integer':
      return { type: ['integer', 'null'] };
    case 'string-list':
      return { type: ['array', 'null'], items: { type: 'string' } };
  }
}

export function buildJsonSchemas(nodeTypes: NodeTypesFile): JsonSchemasFile {
  const ref = (name: string): JsonSchema => ({ $ref: `${JSON_SCHEMA_BASE}${name}` });
  const schemas: JsonSchema[] = [
    {
      $id: `${JSON_SCHEMA_BASE}relationship-list`,
      type: 'object',
      additionalProperties: false,
      properties: { relationship: { type: ['array', 'null'], items: ref('relationship') } },
    },
    {
      $id: `${JSON_SCHEMA_BASE}relationship`,
      type: 'object',
      additionalProperties: false,
      properties: {
        'related-to': { type: 'string' },
        'relationship-label': { type: 'string' },
        'related-link': { type: 'string' },
        'relationship-data': {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['relationship-key', 'relationship-value'],
            properties: { 'relationship-key': { type: 'string' }, 'relationship-value': { type: 'string' } },
          },
        },
        'related-to-property': {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            properties: { 'property-key': { type: 'string' }, 'property-value': { type: ['string', 'null'] } },
          },
        },
      },
    },
  ];
  for (const d of Object.values(nodeTypes.nodeTypes)) {
    const properties: Record<string, JsonSchema> = {};
    for (const attr of d.attributeOrder) {
      const prop = d.properties[attr];
      const child = d.children.find((c) => c.attribute === attr);
      if (prop !== undefined) properties[attr] = propertySchema(prop.type);
      else if (attr === RELATIONSHIP_LIST) properties[attr] = ref('relationship-list');
      else if (child !== undefined) {
        const list = { type: 'array', items: ref(child.type) };
        properties[attr] = child.wrapper
          ? { type: 'object', additionalProperties: false, properties: { [child.element]: list } }
          : list;
      }
    }
    schemas.push({ $id: `${JSON_SCHEMA_BASE}${d.name}`, type: 'object', additionalProperties: false, properties });
  }
  return { version: SCHEMA_VERSION, base: JSON_SCHEMA_BASE, schemas };
}

// ---------------------------------------------------------------------------------------------
// Entry points

export function generateWithWarnings(dir: string): GenerateResult {
  const warnings: string[] = [];
  const nodeTypes = buildNodeTypes(readFileSync(resolve(dir, OXM_FILE), 'utf8'), warnings);
  const edgeRules = buildEdgeRules(
    readFileSync(resolve(dir, EDGE_RULES_FILE), 'utf8'),
    warnings,
    new Set(Object.keys(nodeTypes.nodeTypes)),
  );
  const errors = buildErrors(readFileSync(resolve(dir, ERRORS_FILE), 'utf8'), warnings);
  crossCheckContainment(nodeTypes, edgeRules, warnings);
  return { nodeTypes, edgeRules, errors, jsonSchemas: buildJsonSchemas(nodeTypes), warnings };
}

/**
 * Compare the OXM parent/child structure with the containment edge rules
 * (contains-other-v '${direction}' = the `from` end is the parent, '!${direction}' = the `to` end).
 */
function crossCheckContainment(nodeTypes: NodeTypesFile, edgeRules: EdgeRulesFile, warnings: string[]): void {
  const treeRules = new Set<string>();
  for (const r of edgeRules.rules) {
    const outIsParent = r.direction === 'OUT';
    if (r.containsOtherV === '${direction}') treeRules.add(outIsParent ? `${r.from}>${r.to}` : `${r.to}>${r.from}`);
    else if (r.containsOtherV === '!${direction}') treeRules.add(outIsParent ? `${r.to}>${r.from}` : `${r.from}>${r.to}`);
    else if (r.containsOtherV !== 'NONE') warnings.push(`edge rule ${r.from} -> ${r.to}: contains-other-v '${r.containsOtherV}'`);
  }
  const structural = new Set<string>();
  for (const d of Object.values(nodeTypes.nodeTypes)) {
    for (const c of d.children) {
      const k = `${d.name}>${c.type}`;
      structural.add(k);
      if (!treeRules.has(k)) warnings.push(`containment ${d.name} > ${c.type} (OXM) has no containment edge rule`);
    }
  }
  for (const k of treeRules) {
    if (!structural.has(k)) warnings.push(`containment edge rule ${k.replace('>', ' > ')} has no OXM parent/child structure`);
  }
}

/** Pure generation from an input directory (no writes). */
export function generate(dir: string): GeneratedSchema {
  const { nodeTypes, edgeRules, errors, jsonSchemas } = generateWithWarnings(dir);
  return { nodeTypes, edgeRules, errors, jsonSchemas };
}

export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_INPUT_DIR = resolve(REPO_ROOT, '..', 'shared', 'aai');
export const OUTPUT_DIR = resolve(REPO_ROOT, 'schema', SCHEMA_VERSION);
export const ERROR_CODES_FILE = 'error-codes.ts';

/** The input files missing from `dir` (the three files of A&AI's schema this generator reads). */
export function missingInputs(dir: string): string[] {
  return [OXM_FILE, EDGE_RULES_FILE, ERRORS_FILE].filter((f) => !existsSync(resolve(dir, f)));
}

function main(): void {
  const dir = resolve(process.argv[2] ?? process.env['AAI_SCHEMA_DIR'] ?? DEFAULT_INPUT_DIR);
  const missing = missingInputs(dir);
  if (missing.length > 0) {
    // The generated files are committed: only a schema change needs this, with A&AI's files at hand.
    console.error(
      `A&AI's schema files are not in ${dir} (missing ${missing.join(', ')}): point AAI_SCHEMA_DIR (or the first argument) at a directory holding ${OXM_FILE} (aai-schema's OXM), ${EDGE_RULES_FILE} (its edge rules) and ${ERRORS_FILE} (aai-common's error catalogue); the generated schema/v15 is committed, so building and testing never need them.`,
    );
    process.exit(1);
  }
  const { nodeTypes, edgeRules, errors, jsonSchemas, warnings } = generateWithWarnings(dir);
  for (const w of warnings) console.warn(`warning: ${w}`);
  mkdirSync(OUTPUT_DIR, { recursive: true });
  writeFileSync(resolve(OUTPUT_DIR, 'node-types.json'), toJson(nodeTypes));
  writeFileSync(resolve(OUTPUT_DIR, 'edge-rules.json'), toJson(edgeRules));
  writeFileSync(resolve(OUTPUT_DIR, 'errors.json'), toJson(errors));
  writeFileSync(resolve(OUTPUT_DIR, ERROR_CODES_FILE), errorCodesModule(errors));
  writeFileSync(resolve(OUTPUT_DIR, 'json-schemas.json'), toJson(jsonSchemas));
  console.log(
    `schema ${SCHEMA_VERSION} from ${dir}: ${Object.keys(nodeTypes.nodeTypes).length} node types, ` +
      `${nodeTypes.topLevel.length} top-level containers, ${edgeRules.rules.length} edge rules, ` +
      `${Object.keys(errors).length} errors, ${warnings.length} warnings -> ${OUTPUT_DIR}`,
  );
}

const invokedAs = process.argv[1];
if (invokedAs !== undefined && resolve(invokedAs) === fileURLToPath(import.meta.url)) {
  main();
}
