/**
 * GET /aai/util/echo — A&AI's health check. 200 with A&AI's info body when Neo4j answers;
 * 503 with an A&AI error body (AAI_5105) when it does not. The service itself stays up.
 * Also /aai/util/live and /aai/util/ready (health.ts).
 */
import type { AppContext } from './context.js';
import { healthRoutes } from './health.js';
import { unsupportedMethod, type Route } from './routes.js';
import { jsonContent, ref } from './api-schemas.js';

export interface HealthCheck {
  /** Resolves when the database answers; throws StoreUnavailableError otherwise. */
  ping(): Promise<void>;
}

export function utilRoutes(health: HealthCheck): Route[] {
  const echo = async (ctx: AppContext): Promise<void> => {
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
  };
  return [
    { name: 'util.echo', method: 'GET', path: '/aai/util/echo', access: 'read', summary: "A&AI's health check: 200 while Neo4j answers, else 503", doc: { tags: ['health'], responses: { '200': { description: 'Neo4j answers', content: jsonContent(ref('echo')) } } }, handle: echo },
    { name: 'util.echo.other', method: '*', path: '/aai/util/echo', access: 'read', summary: 'any other method: AAI_3012', handle: unsupportedMethod },
    // Liveness and readiness for orchestrators (health.ts).
    ...healthRoutes(health),
  ];
}
