import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INPUT_DIR, ERROR_CODES_FILE, errorCodesModule, generate, toJson } from '../../scripts/generate-schema.js';
import type { EdgeRulesFile, ErrorCatalogueFile, JsonSchemasFile, NodeTypeDef, NodeTypesFile } from '../../src/schema/types.js';

const schemaDir = fileURLToPath(new URL('../../schema/v15/', import.meta.url));
const readText = (file: string): string => readFileSync(resolve(schemaDir, file), 'utf8');

const nodeTypesFile = JSON.parse(readText('node-types.json')) as NodeTypesFile;
const edgeRulesFile = JSON.parse(readText('edge-rules.json')) as EdgeRulesFile;
const errorsFile = JSON.parse(readText('errors.json')) as ErrorCatalogueFile;
const jsonSchemasFile = JSON.parse(readText('json-schemas.json')) as JsonSchemasFile;

function nodeType(name: string): NodeTypeDef {
  const d = nodeTypesFile.nodeTypes[name];
  if (d === undefined) throw new Error(`node type ${name} missing`);
  return d;
}

describe('schema generation', () => {
  it.skipIf(!existsSync(DEFAULT_INPUT_DIR))('regenerating from ../shared/aai reproduces the committed schema/v15 files', () => {
    const g = generate(DEFAULT_INPUT_DIR);
    expect(g.nodeTypes).toEqual(nodeTypesFile);
    expect(g.edgeRules).toEqual(edgeRulesFile);
    expect(g.errors).toEqual(errorsFile);
    expect(g.jsonSchemas).toEqual(jsonSchemasFile);
    // Byte-for-byte too (key order, formatting, trailing newline).
    expect(toJson(g.nodeTypes) === readText('node-types.json')).toBe(true);
    expect(toJson(g.edgeRules) === readText('edge-rules.json')).toBe(true);
    expect(toJson(g.errors) === readText('errors.json')).toBe(true);
    expect(toJson(g.jsonSchemas) === readText('json-schemas.json')).toBe(true);
    expect(errorCodesModule(g.errors) === readText(ERROR_CODES_FILE)).toBe(true);
  });

  it('the committed error-codes.ts is the union of the committed errors.json codes (also without ../shared)', () => {
    const text = readText(ERROR_CODES_FILE);
    expect(text).toBe(errorCodesModule(errorsFile));
    expect(text).toContain("export type AaiCatalogueCode =\n  | 'AAI_0000'\n");
    expect([...text.matchAll(/^ {2}\| '(AAI_\w+)'/gm)].map((m) => m[1])).toEqual(Object.keys(errorsFile));
  });
});


describe('committed schema/v15 files', () => {
  it('has the 115 v15 node types and 269 edge rules', () => {
    expect(nodeTypesFile.version).toBe('v15');
    expect(Object.keys(nodeTypesFile.nodeTypes)).toHaveLength(115);
    expect(edgeRulesFile.rules).toHaveLength(269);
    for (const [name, d] of Object.entries(nodeTypesFile.nodeTypes)) {
      expect(d.name).toBe(name);
      expect(d.topLevel || d.parents.length > 0).toBe(true);
      expect(d.required).not.toContain('resource-version');
      for (const k of d.keys) expect(d.required).toContain(k);
    }
  });

  it('describes pnf: keys, required, defaults, top level and children', () => {
    const pnf = nodeType('pnf');
    expect(pnf.javaType).toBe('Pnf');
    expect(pnf.uriTemplate).toBe('/network/pnfs/pnf/{pnf-name}');
    expect(pnf.keys).toEqual(['pnf-name']);
    expect(pnf.required).toEqual(['pnf-name', 'in-maint']);
    expect(pnf.defaults).toEqual({ 'in-maint': false });
    expect(pnf.properties['in-maint']).toEqual({ name: 'in-maint', type: 'boolean' });
    expect(pnf.properties['resource-version']?.type).toBe('string');
    expect(pnf.hasRelationshipList).toBe(true);
    expect(pnf.attributeOrder).toContain('relationship-list');
    expect(pnf.topLevel).toBe(true);
    expect(nodeTypesFile.topLevel).toContainEqual({
      namespace: 'network',
      container: 'pnfs',
      element: 'pnf',
      type: 'pnf',
      path: ['network', 'pnfs', 'pnf'],
    });
    // software-version follows the structure, not its (buggy) uriTemplate.
    expect(pnf.children).toContainEqual({
      attribute: 'software-versions',
      element: 'software-version',
      type: 'software-version',
      wrapper: true,
      path: ['software-versions', 'software-version'],
    });
    expect(nodeType('software-version').uriTemplate).toBe('/pnf/software-version/{software-version-id}');
    expect(nodeType('software-version').parents).toEqual(['pnf']);
  });

  it('describes cloud-region: two keys, top level under cloud-infrastructure/cloud-regions', () => {
    const cr = nodeType('cloud-region');
    expect(cr.keys).toEqual(['cloud-owner', 'cloud-region-id']);
    expect(cr.topLevel).toBe(true);
    expect(cr.parents).toEqual([]);
    expect(nodeTypesFile.namespaces).toContain('cloud-infrastructure');
    expect(nodeTypesFile.topLevel).toContainEqual({
      namespace: 'cloud-infrastructure',
      container: 'cloud-regions',
      element: 'cloud-region',
      type: 'cloud-region',
      path: ['cloud-infrastructure', 'cloud-regions', 'cloud-region'],
    });
  });

  it('describes p-interface and l-interface containment', () => {
    const pi = nodeType('p-interface');
    expect(pi.parents).toEqual(expect.arrayContaining(['pnf', 'pserver']));
    expect(pi.topLevel).toBe(false);
    expect(pi.children).toContainEqual({
      attribute: 'l-interfaces',
      element: 'l-interface',
      type: 'l-interface',
      wrapper: true,
      path: ['l-interfaces', 'l-interface'],
    });

    const li = nodeType('l-interface');
    expect(li.parents).toContain('l-interface');
    expect(li.children.some((c) => c.type === 'l-interface' && c.wrapper)).toBe(true);
    expect(li.children).toContainEqual({
      attribute: 'l3-interface-ipv4-address-list',
      element: 'l3-interface-ipv4-address-list',
      type: 'l3-interface-ipv4-address-list',
      wrapper: false,
      path: ['l3-interface-ipv4-address-list'],
    });
    expect(nodeType('l3-interface-ipv4-address-list').parents).toContain('l-interface');
  });

  it('keeps type-level metadata', () => {
    expect(nodeType('generic-vnf').nameProps).toContain('vnf-name');
    expect(nodeType('model-element').allowDirectWrite).toBe(false);
    expect(nodeType('pnf').allowDirectWrite).toBe(true);
    expect(nodeType('customer').defaults).toEqual({ 'subscriber-type': 'CUST' });
  });

  it('maps edge rules', () => {
    const first = edgeRulesFile.rules[0];
    expect(first).toEqual({
      from: 'allotted-resource',
      to: 'allotted-resource',
      label: 'tosca.relationships.network.BindsTo',
      direction: 'OUT',
      multiplicity: 'ONE2ONE',
      containsOtherV: 'NONE',
      deleteOtherV: 'NONE',
      preventDelete: 'NONE',
      isDefault: true,
      isPrivate: false,
      description: 'AAI-1925',
    });
    const pnfToPInterface = edgeRulesFile.rules.find((r) => r.from === 'p-interface' && r.to === 'pnf');
    expect(pnfToPInterface?.containsOtherV).toBe('!${direction}');
    expect(edgeRulesFile.rules.some((r) => r.isPrivate)).toBe(true);
  });

  it('keys the error catalogue', () => {
    expect(errorsFile['AAI_6114']).toMatchObject({ code: 'AAI_6114', httpStatus: 404, restErrorCode: '3001' });
    expect(errorsFile['AAI_3001']).toEqual({
      code: 'AAI_3001',
      disposition: '5',
      category: '6',
      severity: 'INFO',
      errorCode: '3001',
      httpStatus: 404,
      restErrorCode: '3001',
      message: 'Resource not found for %1 using id %2',
    });
    // The one line without a trailing ELS code keeps its whole message.
    expect(errorsFile['AAI_6150']?.message).toBe('DB object with required field serialized with empty or null value');
    for (const e of Object.values(errorsFile)) expect(Number.isInteger(e.httpStatus)).toBe(true);
  });

  it('names cvlan-tag as A&AI does: node type and URI segment cvlan-tag, JSON element cvlan-tag-entry', () => {
    expect(nodeType('cvlan-tag').keys).toEqual(['cvlan-tag']);
    expect(nodeTypesFile.nodeTypes['cvlan-tag-entry']).toBeUndefined();
    expect(nodeType('port-group').children).toContainEqual({
      attribute: 'cvlan-tags',
      element: 'cvlan-tag-entry',
      type: 'cvlan-tag',
      wrapper: true,
      path: ['cvlan-tags', 'cvlan-tag'],
    });
  });

  it('writes one closed JSON Schema per node type plus relationship-list and relationship', () => {
    expect(jsonSchemasFile.schemas).toHaveLength(115 + 2);
    const pnf = jsonSchemasFile.schemas.find((s) => s['$id'] === `${jsonSchemasFile.base}pnf`);
    expect(pnf?.['additionalProperties']).toBe(false);
    expect((pnf?.['properties'] as Record<string, unknown>)['p-interfaces']).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: { 'p-interface': { type: 'array', items: { $ref: `${jsonSchemasFile.base}p-interface` } } },
    });
  });
});

describe('npm run generate:schema without the A&AI files', () => {
  it('exits 1 with one sentence naming the directory, the missing files and AAI_SCHEMA_DIR (no stack trace)', () => {
    const empty = mkdtempSync(join(tmpdir(), 'aai-no-schema-'));
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../scripts/generate-schema.ts', import.meta.url))], {
        env: { PATH: process.env['PATH'] ?? '', AAI_SCHEMA_DIR: empty },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.status).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^A&AI's schema files are not in ${empty} \\(missing aai_oxm_v15\\.xml, DbEdgeRules_v15\\.json, error\\.properties\\): point AAI_SCHEMA_DIR`));
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
