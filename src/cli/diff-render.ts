/**
 * A sync diff for people: grouped by action (create, update, delete, skip), one line per object
 * URI, an update's property changes indented under it as `name: old → new` and relationship changes
 * as `+ related-link (label)` / `- related-link (label)`; then the summary line, the base token
 * and how to apply it. Coloured with plain ANSI codes (only when asked: stdout is a terminal).
 */
import { summaryLine, type Relationship, type SyncChange, type SyncDiff } from './sync-api.js';

const ANSI = { green: 32, yellow: 33, red: 31, grey: 90, bold: 1 } as const;
type Colour = keyof typeof ANSI;

const ACTIONS = [
  { action: 'create', title: 'create', mark: '+', colour: 'green' },
  { action: 'update', title: 'update', mark: '~', colour: 'yellow' },
  { action: 'delete', title: 'delete', mark: '-', colour: 'red' },
  { action: 'skip', title: 'skip', mark: '!', colour: 'grey' },
] as const;

/** A property value as shown: strings bare, anything else as JSON; an absent side as `(none)`. */
export function showValue(v: unknown): string {
  if (v === undefined) return '(none)';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function relationshipText(r: Relationship): string {
  const link = r['related-link'] ?? r['related-to'] ?? '?';
  return r['relationship-label'] ? `${link} (${r['relationship-label']})` : link;
}

export function renderDiff(diff: SyncDiff, colour: boolean): string {
  const paint = (c: Colour, s: string): string => (colour ? `\x1b[${ANSI[c]}m${s}\x1b[0m` : s);
  const out: string[] = [];
  const changes = diff.changes ?? [];
  for (const { action, title, mark, colour: c } of ACTIONS) {
    const group = changes.filter((ch: SyncChange) => ch.action === action);
    if (group.length === 0) continue;
    out.push(paint('bold', `${title} (${group.length})`));
    for (const ch of group) {
      const extra = [ch.type, ch.owner && action !== 'create' ? `owner ${ch.owner}` : undefined, ch.reason].filter((x) => x !== undefined && x !== '');
      out.push(`  ${paint(c, `${mark} ${ch.uri}`)}${extra.length ? paint('grey', `  ${extra.join(', ')}`) : ''}`);
      for (const [name, p] of Object.entries(ch.properties ?? {})) {
        out.push(action === 'create' ? `      ${name}: ${showValue(p.new)}` : `      ${name}: ${showValue(p.old)} → ${showValue(p.new)}`);
      }
      for (const r of ch.relationships?.added ?? []) out.push(`      ${paint('green', `+ ${relationshipText(r)}`)}`);
      for (const r of ch.relationships?.removed ?? []) out.push(`      ${paint('red', `- ${relationshipText(r)}`)}`);
    }
  }
  if (out.length > 0) out.push('');
  out.push(summaryLine(diff.summary));
  if (diff.base !== undefined) {
    out.push(`base: ${diff.base}`);
    out.push(`run again with --apply --base ${diff.base} to apply`);
  }
  return `${out.join('\n')}\n`;
}
