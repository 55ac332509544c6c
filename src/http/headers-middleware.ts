/**
 * A&AI's HeaderValidation filter: every /aai request must name its source (X-FromAppId) and carry
 * a transaction id; X-FromAppId is checked first (aai-compat.md §8). Both are stored on every node
 * the request writes (source-of-truth, aai-last-mod-transaction-id), so each is bounded too
 * (MAX_HEADER_LENGTH): a longer one is A&AI's invalid-header error. The Accept header is not checked
 * here (A&AI's filter does not either): see src/http/accept.ts.
 */
import type { Next } from 'koa';
import { AaiError } from '../errors.js';

import type { AppContext } from './context.js';

function header(ctx: AppContext, name: string): string | undefined {
  const v = ctx.get(name).trim();
  return v === '' ? undefined : v;
}

/** Java's String.split("\\.") : the pieces between dots, trailing empty pieces dropped. */
function javaSplitOnDots(v: string): string[] {
  const parts = v.split('.');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/**
 * A&AI's HeaderValidation.getPartnerName: X-SourceOfTruth; else X-ONAP-PartnerName — `<app>.<…>`
 * gives `<app>` (even an empty one, then the whole header is used), `AAI.<…>` (any case) defers to
 * X-FromAppId, and a value without a dot (or only dots) is used whole; else X-FromAppId.
 */
export function sourceOfTruth(get: (name: string) => string | undefined): string | undefined {
  const sot = get('X-SourceOfTruth');
  if (sot !== undefined) return sot;
  let partner = get('X-ONAP-PartnerName');
  if (partner !== undefined) {
    const parts = javaSplitOnDots(partner);
    if (parts.length > 1) {
      const app = parts[0] ?? '';
      if (app.toUpperCase() !== 'AAI') {
        if (app !== '') return app;
      } else partner = undefined;
    }
  }
  return partner ?? get('X-FromAppId');
}

/** The header checks, with X-FromAppId and X-TransactionId at most `maxLength` characters. */
export function checkHeaders(maxLength: number) {
  /** A header error: A&AI renders it with no template variables. */
  const refuse = (code: 'AAI_4009' | 'AAI_4010', detail?: string): AaiError => new AaiError(code, detail, { vars: [] });

  const tooLong = `longer than ${maxLength} characters`;
  return async function checkAaiHeaders(ctx: AppContext, next: Next): Promise<void> {
    const fromAppId = sourceOfTruth((name) => header(ctx, name));
    if (fromAppId === undefined) throw refuse('AAI_4009');
    if (fromAppId.length > maxLength) throw refuse('AAI_4009', tooLong);
    const transactionId =
      header(ctx, 'X-ONAP-RequestID') ?? header(ctx, 'X-RequestID') ?? header(ctx, 'X-TransactionId') ?? header(ctx, 'X-ECOMP-RequestID');
    if (transactionId === undefined) throw refuse('AAI_4010');
    if (transactionId.length > maxLength) throw refuse('AAI_4010', tooLong);
    ctx.state.fromAppId = fromAppId;
    ctx.state.transactionId = transactionId;
    ctx.set('X-TransactionId', transactionId);
    await next();
  };
}
