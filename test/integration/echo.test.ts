import { describe, expect, it } from 'vitest';
import { client } from '../helpers/app.js';

describe('GET /aai/util/echo', () => {
  it('answers 200 with A&AI\'s health-check body when Neo4j answers', async () => {
    const res = await client().raw.get('/aai/util/echo').set({ 'X-FromAppId': 'a', 'X-TransactionId': 'b' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      responseMessages: {
        responseMessage: [
          {
            messageId: 'INF0001',
            text: 'Success X-FromAppId=%1 X-TransactionId=%2 (msg=%3) (ec=%4)',
            variables: { variable: ['a', 'b', 'Successful health check:OK', '0.0.0002'] },
          },
        ],
      },
    });
  });

  it('answers 400 AAI_4009 when X-FromAppId is missing', async () => {
    const res = await client().raw.get('/aai/util/echo').set({ 'X-TransactionId': 'b' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      requestError: {
        serviceException: {
          messageId: 'SVC3000',
          text: 'Invalid input performing %1 on %2 (msg=%3) (ec=%4)',
          variables: ['null', 'null', 'Invalid X-FromAppId in header', '4.0.4009'],
        },
      },
    });
  });

  it('answers 400 AAI_4010 when X-TransactionId is missing', async () => {
    const res = await client().raw.get('/aai/util/echo').set({ 'X-FromAppId': 'a' });
    expect(res.status).toBe(400);
    expect(res.body.requestError.serviceException.variables).toEqual(['null', 'null', 'Invalid X-TransactionId in header', '4.0.4010']);
  });

  it('checks X-FromAppId before X-TransactionId', async () => {
    const res = await client().raw.get('/aai/util/echo');
    expect(res.body.requestError.serviceException.variables[3]).toBe('4.0.4009');
  });

  it('accepts X-TransactionID aliases such as X-ONAP-RequestID', async () => {
    const res = await client().raw.get('/aai/util/echo').set({ 'X-FromAppId': 'a', 'X-ONAP-RequestID': 'r1' });
    expect(res.status).toBe(200);
    expect(res.body.responseMessages.responseMessage[0].variables.variable[1]).toBe('r1');
  });

  // EchoResponse @Produces JSON and XML: Jersey's content negotiation refuses text/plain with 406
  // (A&AI's HeaderValidation does not look at Accept); the body is AAI_4014 (src/http/accept.ts).
  it('answers 406 AAI_4014 when Accept names no JSON- or XML-compatible type', async () => {
    const res = await client().raw.get('/aai/util/echo').set({ 'X-FromAppId': 'a', 'X-TransactionId': 'b', Accept: 'text/plain' });
    expect(res.status).toBe(406);
    expect(res.body.requestError.serviceException.variables).toEqual(['GET', 'util/echo', 'Invalid Accept header', '4.0.4014']);
  });
});
