/**
 * GET /aai/util/echo — A&AI's health check. 200 with A&AI's info body when Neo4j answers;
 * 503 with an A&AI error body (AAI_5105) when it does not. The service itself stays up.
 */
import Router from '@koa/router';
import type { AppState } from './context.js';

export interface HealthCheck {
  /** Resolves when the database answers; throws StoreUnavailableError otherwise. */
  ping(): Promise<void>;
}

export function utilRouter(health: HealthCheck): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/aai/util' });
  router.get('/echo', async (ctx) => {
    await health.ping();
    ctx.status = 200;
    ctx.body = {
      responseMessages: {
        responseMessage: [
          {
            messageId: 'INF0001',
            text: 'Success X-FromAppId=%1 X-TransactionId=%2 (msg=%3) (ec=%4)',
            variables: { variable: [ctx.state.fromAppId, ctx.state.transactionId, 'Successful health check:OK', '0.0.0002'] },
          },
        ],
      },
    };
  });
  return router;
}
