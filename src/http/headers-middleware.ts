/**
 * A&AI's HeaderValidation filter: every /aai request must name its source (X-FromAppId) and carry
 * a transaction id; X-FromAppId is checked first (aai-compat.md §8). Both are stored on every node
 * the request writes (source-of-truth, aai-last-mod-transaction-id), so each is bounded too
 * (MAX_HEADER_LENGTH): a longer one is A&AI's invalid-header error.
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

/** The header checks, with X-FromAppId and X-TransactionId at most `maxLength` characters. */
export function checkHeaders(maxLength: number) {
  /** A header error: A&AI renders it with no template variables. */
  // A header error renders with no template variables (A&AI's HeaderValidation).
  const refuse = (code: 'AAI_4009' | 'AAI_4010' | 'AAI_4014', detail?: string): AaiError => new AaiError(code, detail, { vars: [] });

  const tooLong = `longer than ${maxLength} characters`;
  return async function checkAaiHeaders(ctx: AppContext, next: Next): Promise<void> {
    const fromAppId = header(ctx, 'X-SourceOfTruth') ?? partnerName(ctx) ?? header(ctx, 'X-FromAppId');
    if (fromAppId === undefined) throw refuse('AAI_4009');
    if (fromAppId.length > maxLength) throw refuse('AAI_4009', tooLong);
    const transactionId =
      header(ctx, 'X-ONAP-RequestID') ?? header(ctx, 'X-RequestID') ?? header(ctx, 'X-TransactionId') ?? header(ctx, 'X-ECOMP-RequestID');
    if (transactionId === undefined) throw refuse('AAI_4010');
    if (transactionId.length > maxLength) throw refuse('AAI_4010', tooLong);
    const accept = ctx.get('Accept');
    if (accept !== '' && !/(\*\/\*|application\/\*|json|xml)/i.test(accept)) throw refuse('AAI_4014');
    ctx.state.fromAppId = fromAppId;
    ctx.state.transactionId = transactionId;
    ctx.set('X-TransactionId', transactionId);
    await next();
  };
}
