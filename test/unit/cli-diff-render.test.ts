/**
 * The sync diff as the CLI prints it (src/cli/diff-render.ts), on a diff of the endpoint's contract:
 * grouped by action, property changes and relationship changes under their object, the summary,
 * the base token and the hint; ANSI colours only when asked.
 */
import { describe, expect, it } from 'vitest';
import { renderDiff, showValue } from '../../src/cli/diff-render.js';
import { hasChanges, summaryLine, type SyncDiff } from '../../src/cli/sync-api.js';

const DIFF: SyncDiff = {
  base: 'tok-1',
  scope: { uris: ['/network/pnfs'], owner: 'sync-test' },
  summary: { create: 1, update: 1, delete: 1, unchanged: 40, skip: 1 },
  changes: [
    { action: 'delete', uri: '/network/pnfs/pnf/c', type: 'pnf', owner: 'sync-test' },
    {
      action: 'update',
      uri: '/network/pnfs/pnf/b',
      type: 'pnf',
      'resource-version': '17',
      properties: { 'equip-type': { old: 'switch', new: 'router' }, 'in-maint': { old: true, new: false }, 'frame-id': { new: 'f1' } },
      relationships: {
        added: [{ 'related-link': '/aai/v15/cloud-infrastructure/complexes/complex/cx1', 'relationship-label': 'org.onap.relationships.inventory.LocatedIn' }],
        removed: [{ 'related-link': '/aai/v15/cloud-infrastructure/complexes/complex/cx0' }],
      },
    },
    { action: 'create', uri: '/network/pnfs/pnf/a', type: 'pnf', properties: { 'pnf-name': { new: 'a' } } },
    { action: 'skip', uri: '/network/pnfs/pnf/d', type: 'pnf', owner: 'someone-else', reason: 'owned by another source' },
  ],
};

describe('sync diff rendering', () => {
  it('groups by action, with the changes under each object, then the summary and the base', () => {
    expect(renderDiff(DIFF, false)).toBe(
      [
        'create (1)',
        '  + /network/pnfs/pnf/a  pnf',
        '      pnf-name: a',
        'update (1)',
        '  ~ /network/pnfs/pnf/b  pnf',
        '      equip-type: switch → router',
        '      in-maint: true → false',
        '      frame-id: (none) → f1',
        '      + /aai/v15/cloud-infrastructure/complexes/complex/cx1 (org.onap.relationships.inventory.LocatedIn)',
        '      - /aai/v15/cloud-infrastructure/complexes/complex/cx0',
        'delete (1)',
        '  - /network/pnfs/pnf/c  pnf, owner sync-test',
        'skip (1)',
        '  ! /network/pnfs/pnf/d  pnf, owner someone-else, owned by another source',
        '',
        '1 to create, 1 to update, 1 to delete, 40 unchanged, 1 skipped',
        'base: tok-1',
        'run again with --apply --base tok-1 to apply',
        '',
      ].join('\n'),
    );
  });

  it('an empty diff is its summary alone (members absent when empty)', () => {
    expect(renderDiff({ base: 't', summary: { unchanged: 3 } }, false)).toBe('0 to create, 0 to update, 0 to delete, 3 unchanged, 0 skipped\nbase: t\nrun again with --apply --base t to apply\n');
    expect(renderDiff({}, false)).toBe('0 to create, 0 to update, 0 to delete, 0 unchanged, 0 skipped\n');
  });

  it('colours with ANSI codes only when asked', () => {
    const coloured = renderDiff(DIFF, true);
    expect(coloured).toContain('\x1b[32m+ /network/pnfs/pnf/a\x1b[0m');
    expect(coloured).toContain('\x1b[31m- /network/pnfs/pnf/c\x1b[0m');
    expect(renderDiff(DIFF, false)).not.toContain('\x1b[');
  });

  it('shows strings bare and other values as JSON', () => {
    expect([showValue('x'), showValue(3), showValue(false), showValue(null), showValue(undefined), showValue({ a: 1 })]).toEqual(['x', '3', 'false', 'null', '(none)', '{"a":1}']);
  });

  it('changes are creates, updates and deletes (skips are not)', () => {
    expect(hasChanges({ skip: 2, unchanged: 5 })).toBe(false);
    expect(hasChanges({ delete: 1 })).toBe(true);
    expect(summaryLine(undefined)).toBe('0 to create, 0 to update, 0 to delete, 0 unchanged, 0 skipped');
    expect(summaryLine({ update: 1, 'relationships-added': 2, 'relationships-removed': 0 })).toBe('0 to create, 1 to update, 0 to delete, 0 unchanged, 0 skipped; relationships: 2 to add, 0 to remove');
  });
});
