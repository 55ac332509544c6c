/**
 * Issue 13: X-FromAppId and X-TransactionId are bounded by a configured length (MAX_HEADER_LENGTH):
 * the header checks alone, with a limit of 10, answering A&AI's header error bodies.
 */
import Koa from 'koa';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import type { AppState } from '../../src/http/context.js';
import { errorMiddleware } from '../../src/http/error-middleware.js';
import { checkHeaders } from '../../src/http/headers-middleware.js';
import { createLogger } from '../../src/logger.js';

function app(maxLength: number): Koa<AppState> {
  const a = new Koa<AppState>();
  a.silent = true;
  a.use(errorMiddleware(createLogger('silent'), 1024));
  a.use(checkHeaders(maxLength));
  a.use((ctx) => {
    ctx.body = { fromAppId: ctx.state.fromAppId, transactionId: ctx.state.transactionId };
  });
  return a;
}

const headerError = (msg: string, ec: string) => ({
  requestError: { serviceException: { messageId: 'SVC3000', text: 'Invalid input performing %1 on %2 (msg=%3) (ec=%4)', variables: ['null', 'null', msg, ec] } },
});

describe('checkHeaders(maxLength)', () => {
  const agent = supertest(app(10).callback());

  it('passes values of the limit, as resolved from A&AI aliases', async () => {
    const res = await agent.get('/aai/util/echo').set({ 'X-ONAP-PartnerName': '0123456789.x', 'X-FromAppId': 'f'.repeat(50), 'X-RequestID': '0123456789', 'X-TransactionId': 't'.repeat(50) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ fromAppId: '0123456789', transactionId: '0123456789' });
  });

  it('answers AAI_4009 for a longer source of truth, before looking at the transaction id', async () => {
    const res = await agent.get('/aai/util/echo').set({ 'X-FromAppId': 'f'.repeat(11), 'X-TransactionId': 't'.repeat(11) });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(headerError('Invalid X-FromAppId in header:longer than 10 characters', '4.0.4009'));
  });

  it('answers AAI_4010 for a longer transaction id', async () => {
    const res = await agent.get('/aai/util/echo').set({ 'X-FromAppId': 'f', 'X-ECOMP-RequestID': 'e'.repeat(11) });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(headerError('Invalid X-TransactionId in header:longer than 10 characters', '4.0.4010'));
  });
});
