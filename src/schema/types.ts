/**
 * Shapes of the generated schema files under `schema/v15/` (written by
 * `scripts/generate-schema.ts` from A&AI's OXM, edge rules and error catalogue).
 * These are plain data: the generator writes them, `src/schema/load.ts` reads them.
 */

/** JSON type of a simple (non-object) property. */
export type PropertyType = 'string' | 'boolean' | 'integer' | 'string-list';

export interface PropertyDef {
  name: string;
  type: PropertyType;
  /** `visibility=deployment` etc. in OXM; informational. */
  visibility?: string;
}

/**
 * How a parent reaches a child node type. URI of the child =
 * parent URI + '/' + path.join('/') + '/' + (encoded key values joined by '/').
 * For a wrapper container: attribute 'p-interfaces', element 'p-interface', path ['p-interfaces', 'p-interface'];
 * body shape `{"p-interfaces": {"p-interface": [ ... ]}}`.
 * For a direct list (e.g. l3-interface-ipv4-address-list): attribute = element name, wrapper false,
 * path [element]; body shape `{"l3-interface-ipv4-address-list": [ ... ]}`.
 */
export interface ChildDef {
  attribute: string;
  element: string;
  type: string;
  wrapper: boolean;
  path: string[];
}

/** One top-level entry point: `/<namespace>/<container>/<element>/{keys}`. */
export interface TopLevelDef {
  namespace: string;
  container: string;
  element: string;
  type: string;
  path: string[];
}

export interface NodeTypeDef {
  /** A&AI node type, e.g. 'pnf' (= xml-root-element name). */
  name: string;
  javaType: string;
  /** uriTemplate as written in the OXM (may be buggy upstream; URIs are built from `path`s). */
  uriTemplate: string;
  container: string | null;
  namespace: string | null;
  keys: string[];
  /** Required simple properties (xml `required="true"` and `requiredProps`), keys included. */
  required: string[];
  /** Typed default values (`defaultValue`). */
  defaults: Record<string, string | boolean | number>;
  /** Simple properties (scalars and string lists), in OXM order; includes `resource-version`. */
  properties: Record<string, PropertyDef>;
  /** Child node types reachable from this type, in OXM order. */
  children: ChildDef[];
  /** Every attribute in OXM order ('relationship-list', property names and child attributes), for output ordering. */
  attributeOrder: string[];
  hasRelationshipList: boolean;
  /** Node types that contain this one (from the OXM structure). */
  parents: string[];
  dependentOn: string[];
  nameProps: string[];
  indexedProps: string[];
  uniqueProps: string[];
  maximumDepth: number | null;
  allowDirectWrite: boolean;
  allowDirectRead: boolean;
  topLevel: boolean;
}

export interface NodeTypesFile {
  version: string;
  namespaces: string[];
  topLevel: TopLevelDef[];
  nodeTypes: Record<string, NodeTypeDef>;
}

export type EdgeDirection = 'OUT' | 'IN';
/** Resolved edge property value: which end (relative to the vertex considered) the property applies to. */
export type EdgeSide = 'OUT' | 'IN' | 'NONE' | 'BOTH';
export type Multiplicity = 'ONE2ONE' | 'ONE2MANY' | 'MANY2ONE' | 'MANY2MANY';

export interface EdgeRuleDef {
  from: string;
  to: string;
  label: string;
  direction: EdgeDirection;
  multiplicity: Multiplicity;
  /** Raw values from the rules file, e.g. '!${direction}', 'NONE'. */
  containsOtherV: string;
  deleteOtherV: string;
  preventDelete: string;
  isDefault: boolean;
  isPrivate: boolean;
  description: string;
}

export interface EdgeRulesFile {
  version: string;
  rules: EdgeRuleDef[];
}

export interface ErrorDef {
  /** e.g. 'AAI_6114' */
  code: string;
  disposition: string;
  category: string;
  severity: string;
  errorCode: string;
  httpStatus: number;
  restErrorCode: string;
  message: string;
}

export type ErrorCatalogueFile = Record<string, ErrorDef>;

/** JSON Schemas of request bodies, each with an absolute `$id` under `base`. */
export interface JsonSchemasFile {
  version: string;
  base: string;
  schemas: Record<string, unknown>[];
}
