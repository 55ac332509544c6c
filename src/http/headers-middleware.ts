/**
 * A&AI's HeaderValidation filter: every /aai request must name its source (X-FromAppId) and carry
 * a transaction id; X-FromAppId is checked first (aai-compat.md §8).
 */
import type { Next } from 'koa';
import { AaiError } from '../errors.js';
import type { AppContext } from './context.js';

function header(ctx: AppContext, name: string): string | undefined {
  const v = ctx.get(name).trim();
  return v === '' ? undefined : v;
}

function partnerName(ctx: AppContext): string | undefined {
  const v = header(ctx, 'X-ONAP-PartnerName');
  if (v === undefined) return undefined;
  const dot = v.indexOf('.');
  if (dot <= 0) return undefined;
  const app = v.slice(0, dot);
  return app === 'AAI' ? undefined : app;
}

export async function headersMiddleware(ctx: AppContext, next: Next): Promise<void> {
  const fromAppId = header(ctx, 'X-SourceOfTruth') ?? partnerName(ctx) ?? header(ctx, 'X-FromAppId');
  if (fromAppId === undefined) {
    ctx.state.errorVars = [];
    throw new AaiError('AAI_4009');
  }
  const transactionId =
    header(ctx, 'X-ONAP-RequestID') ?? header(ctx, 'X-RequestID') ?? header(ctx, 'X-TransactionId') ?? header(ctx, 'X-ECOMP-RequestID');
  if (transactionId === undefined) {
    ctx.state.errorVars = [];
    throw new AaiError('AAI_4010');
  }
  const accept = ctx.get('Accept');
  if (accept !== '' && !/(\*\/\*|application\/\*|json|xml)/i.test(accept)) {
    ctx.state.errorVars = [];
    throw new AaiError('AAI_4014');
  }
  ctx.state.fromAppId = fromAppId;
  ctx.state.transactionId = transactionId;
  ctx.set('X-TransactionId', transactionId);
  await next();
}
