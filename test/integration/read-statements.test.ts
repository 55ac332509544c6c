/**
 * The statements a container GET runs: the count of the whole set (a second statement over the
 * same match) only for a page that shows its total (resultIndex + resultSize, includeTotalCount
 * not false); an unpaged read, or a page without its total, runs the page statement alone. Read
 * through the store's reader on a recording transaction, and over HTTP for the headers.
 */
import { describe, expect, it } from 'vitest';
import { planRead, runRead } from '../../src/domain/read.js';
import { Neo4jGraphReader } from '../../src/store/graph-reader.js';
import { client, testSchema } from '../helpers/app.js';
import { testDriver, neo4jConnection, uid } from '../helpers/neo4j.js';

/** The statements one container read runs, and its answer's total. */
async function statementsOf(path: string, query: Record<string, string[]>): Promise<{ counts: number; total: number | undefined }> {
  const schema = testSchema();
  const session = testDriver().session({ database: neo4jConnection().database, defaultAccessMode: 'READ' });
  const seen: string[] = [];
  try {
    const answer = await session.executeRead((tx) => {
      const reader = new Neo4jGraphReader({ run: (q, p) => (seen.push(q), tx.run(q, p)) }, schema);
      return runRead(schema, reader, planRead(schema, path, query, path.slice(1)), 1000);
    });
    return { counts: seen.filter((q) => /RETURN count\(n\) AS c$/.test(q)).length, total: answer.total };
  } finally {
    await session.close();
  }
}

describe('a container GET counts the whole set only when it shows the total', () => {
  it('runs the count for a page with its total, and not for an unpaged read or a page without it', async () => {
    const pnf = uid('rs-pnf');
    const put = await client().put(`/aai/v15/network/pnfs/pnf/${pnf}`, { 'pnf-name': pnf, 'p-interfaces': { 'p-interface': [{ 'interface-name': 'a' }, { 'interface-name': 'b' }, { 'interface-name': 'c' }] } });
    expect(put.status).toBe(201);
    const path = `/network/pnfs/pnf/${pnf}/p-interfaces`;
    expect(await statementsOf(path, {})).toEqual({ counts: 0, total: undefined });
    expect(await statementsOf(path, { resultIndex: ['1'], resultSize: ['2'], includeTotalCount: ['false'] })).toEqual({ counts: 0, total: undefined });
    expect(await statementsOf(path, { resultIndex: ['1'], resultSize: ['2'] })).toEqual({ counts: 1, total: 3 });
    // Over HTTP: the headers of a page with its total, none without.
    const paged = await client().get(`/aai/v15${path}?resultIndex=2&resultSize=2`);
    expect(paged.status).toBe(200);
    expect([paged.headers['total-results'], paged.headers['total-pages'], paged.body['p-interface'].length]).toEqual(['3', '2', 1]);
    const plain = await client().get(`/aai/v15${path}`);
    expect([plain.headers['total-results'], plain.body['p-interface'].length]).toEqual([undefined, 3]);
  });
});
