/**
 * The README's error table against the catalogue (schema/v15/errors.json) and the service's overlay
 * (src/error-overlay.ts): every code the service can raise has one row, with every HTTP status it
 * can be answered with, its messageId and its ec; every row is a code the service raises.
 *
 * "Can raise" = appears as a string literal in src/ (comments do not count): a code reaches
 * `new AaiError(…)` only as a literal (`AaiCode` is a union of literals), or as the code of an
 * error already raised.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ERROR_VARIANTS, type VariantStatus } from '../../src/error-overlay.js';
import { answeredStatuses, errorCodeString, errorDef, isAaiCode, messageId } from '../../src/errors.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** How the README's HTTP column writes a `'cause'` status (AAI_3000 of bulk/single-transaction). */
const CAUSE = "the failed operation's";

interface Row {
  code: string;
  http: string;
  messageId: string;
  ec: string;
}

function readmeRows(): Row[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Error codes\n');
  expect(start, 'README has an "## Error codes" section').toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return section
    .split('\n')
    .filter((l) => /^\| *AAI_/.test(l))
    .map((l) => {
      const [code = '', http = '', id = '', ec = ''] = l.slice(1, -1).split('|').map((c) => c.trim());
      return { code, http, messageId: id, ec };
    });
}

/** "400 / 413 / 429" → [400, 413, 429], in any order; anything else is kept as text, to fail the comparison. */
function statusesIn(cell: string): (VariantStatus | string)[] {
  return sortedStatuses(cell.split(' / ').map((t) => (t === CAUSE ? 'cause' : /^\d{3}$/.test(t) ? Number(t) : t)));
}

function sortedStatuses<T extends VariantStatus | string>(statuses: readonly T[]): T[] {
  return [...statuses].sort((a, b) => String(a).localeCompare(String(b)));
}


/**
 * Every string literal of the form AAI_… in src/**\/*.ts, by file. Not src/cli: the command-line
 * client raises no service error, and its environment variables are named AAI_URL, AAI_USER….
 */
function codesInSource(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const srcDir = join(root, 'src');
  for (const rel of readdirSync(srcDir, { recursive: true, encoding: 'utf8' })) {
    if (!rel.endsWith('.ts') || rel.startsWith(`cli${sep}`)) continue;
    const file = join(srcDir, rel);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
    const visit = (node: ts.Node): void => {
      if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && /^AAI_\w+$/.test(node.text)) {
        found.set(node.text, [...(found.get(node.text) ?? []), `src/${rel}`]);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

const rows = readmeRows();
const raised = codesInSource();
const sorted = (xs: Iterable<string>): string[] => [...xs].sort();

describe('README error table', () => {
  it('has one row per code the service raises, and no other', () => {
    expect(rows.length).toBeGreaterThan(30);
    expect(sorted(rows.map((r) => r.code))).toEqual(sorted(new Set(rows.map((r) => r.code))));
    expect(sorted(rows.map((r) => r.code)), 'rows vs codes raised in src/').toEqual(sorted(raised.keys()));
  });

  it('gives each code its messageId, ec and every HTTP status it can be answered with', () => {
    expect(rows.filter((r) => !isAaiCode(r.code)).map((r) => r.code), 'rows that are neither catalogue nor service codes').toEqual([]);
    const inReadme = rows.map((r) => ({ code: r.code, http: statusesIn(r.http), messageId: r.messageId, ec: r.ec }));
    const expected = rows.map((r) => {
      if (!isAaiCode(r.code)) return { code: r.code };
      const def = errorDef(r.code);
      return { code: r.code, http: sortedStatuses(answeredStatuses(r.code)), messageId: messageId(def), ec: errorCodeString(def) };
    });
    expect(inReadme).toEqual(expected);
  });


  it('every code with variants is raised', () => {
    for (const code of Object.keys(ERROR_VARIANTS)) expect(raised.has(code), `${code} (src/error-overlay.ts) is raised in src/`).toBe(true);
  });
});
