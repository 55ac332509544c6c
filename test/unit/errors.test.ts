/**
 * The typed error contract (src/errors.ts, src/error-overlay.ts). The `@ts-expect-error` lines are
 * type tests: `tsc --noEmit` fails if one of them stops being an error.
 */
import { describe, expect, it } from 'vitest';
import { AaiError, answeredStatuses, exceptionOf, isAaiCode, renderError, withServiceCodes } from '../../src/errors.js';
import type { ErrorCatalogueFile } from '../../src/schema/types.js';

describe('AaiError', () => {
  it('answers a code with its catalogue status when no variant is named', () => {
    const e = new AaiError('AAI_6114', 'No Node of type pnf found at: /network/pnfs/pnf/x');
    expect([e.status, e.variant, e.message]).toEqual([404, undefined, 'AAI_6114: No Node of type pnf found at: /network/pnfs/pnf/x']);
    expect(new AaiError('AAI_6147', 'Payload Limit Reached').status).toBe(400);
  });

  it('answers a named variant with its status from the overlay', () => {
    expect(new AaiError('AAI_6147', 'x', { variant: 'tooLarge' }).status).toBe(413);
    expect(new AaiError('AAI_6147', 'x', { variant: 'clientQuota' }).status).toBe(429);
    expect(new AaiError('AAI_3102', 'x', { variant: 'unsupportedMediaType' }).status).toBe(415);
    expect(new AaiError('AAI_5105', 'x', { variant: 'unavailable' }).status).toBe(503);
    expect(new AaiError('AAI_6134', undefined, { variant: 'unavailable' }).status).toBe(503);
    expect(new AaiError('AAI_7406', 'x', { variant: 'timeout' }).status).toBe(408);
    expect(new AaiError('AAI_9202', 'x', { variant: 'busy' }).status).toBe(503);
    expect(new AaiError('AAI_3000', 'x', { variant: 'conflict' }).status).toBe(409);
  });

  it("takes a 'cause' variant's status from its cause", () => {
    const cause = new AaiError('AAI_6131', 'resource-version mismatch');
    const e = new AaiError('AAI_3000', 'Operation 0 …', { variant: 'failedOperation', cause });
    expect([e.status, e.cause]).toEqual([412, cause]);
  });

  it('renders a variant exactly as the catalogue code: only the status differs', () => {
    const plain = new AaiError('AAI_6147', 'too big');
    const variant = new AaiError('AAI_6147', 'too big', { variant: 'tooLarge' });
    expect(renderError(variant, ['PUT', 'v15/bulkadd'])).toEqual(renderError(plain, ['PUT', 'v15/bulkadd']));
    expect(exceptionOf(renderError(variant, ['PUT', 'v15/bulkadd'])).variables).toEqual([
      'PUT',
      'v15/bulkadd',
      'Payload Limit Reached, reduce payload:too big',
      'ERR.5.4.6147',
    ]);
  });

  it('withDetail keeps the code, variant, status and extra variables', () => {
    const e = new AaiError('AAI_6147', 'x', { variant: 'tooLarge', extraVars: ['a'] }).withDetail('Error with operation 0: x');
    expect([e.code, e.variant, e.status, e.extraVars, e.detail]).toEqual(['AAI_6147', 'tooLarge', 413, ['a'], 'Error with operation 0: x']);
    expect(e).toBeInstanceOf(AaiError);
  });

  it('refuses at compile time (and at run time) a wrong code, a wrong variant, a missing variant or cause', () => {
    // @ts-expect-error -- not a catalogue code
    expect(() => new AaiError('AAI_6141x')).toThrow('unknown A&AI error code AAI_6141x');
    // @ts-expect-error -- AAI_6147 has no variant 'busy'
    expect(() => new AaiError('AAI_6147', 'x', { variant: 'busy' })).toThrow("AAI_6147 has no variant 'busy'");
    // @ts-expect-error -- AAI_6114 has no variants
    expect(() => new AaiError('AAI_6114', 'x', { variant: 'tooLarge' })).toThrow("AAI_6114 has no variant 'tooLarge'");
    // @ts-expect-error -- AAI_5105 is only ever raised as a variant
    expect(() => new AaiError('AAI_5105', 'x')).toThrow('AAI_5105 is raised only as one of its variants');
    // @ts-expect-error -- 'failedOperation' takes its status from a cause
    expect(() => new AaiError('AAI_3000', 'x', { variant: 'failedOperation' })).toThrow('takes its status from a cause');
    // @ts-expect-error -- a status number is not an option any more
    expect(new AaiError('AAI_6147', 'x', { status: 413 }).status).toBe(400);
  });

  it('types a code chosen at run time by the union of its candidates', () => {
    const code = Math.random() < 2 ? 'AAI_3016' : 'AAI_3017';
    expect(new AaiError(code).status).toBe(400);
    const busy = Math.random() < 2 ? 'AAI_5105' : 'AAI_6134';
    expect(new AaiError(busy, 'x', { variant: 'unavailable' }).status).toBe(503);
  });
});

describe('the catalogue', () => {
  it('knows every catalogue code and no other', () => {
    expect(isAaiCode('AAI_6114')).toBe(true);
    expect(isAaiCode('AAI_61144')).toBe(false);
    expect(isAaiCode('toString')).toBe(false);
  });

  it('lists every status a code can be answered with', () => {
    expect(answeredStatuses('AAI_6114')).toEqual([404]);
    expect(answeredStatuses('AAI_6147')).toEqual([400, 413, 429]);
    // 400: A&AI's own "You must supply a relationship" (ResourcesService.deleteRelationship); 415: Jersey's.
    expect(answeredStatuses('AAI_3102')).toEqual([400, 415]);
    expect(answeredStatuses('AAI_5105')).toEqual([503]);
    expect(answeredStatuses('AAI_3000')).toEqual([400, 409, 'cause']);
  });

  it("adds the service's own codes, never over a catalogue code", () => {
    const base: ErrorCatalogueFile = {
      AAI_3000: { code: 'AAI_3000', disposition: '5', category: '2', severity: 'INFO', errorCode: '3000', httpStatus: 400, restErrorCode: '3000', message: 'Invalid input performing %1 on %2' },
    };
    const own = { disposition: '5', category: '4', severity: 'ERROR', errorCode: '9900', httpStatus: 503, restErrorCode: '3000', message: 'Own' };
    expect(withServiceCodes(base, { AAI_9900: own })['AAI_9900']).toEqual({ code: 'AAI_9900', ...own });
    expect(() => withServiceCodes(base, { AAI_3000: own })).toThrow("service error code AAI_3000 is already in A&AI's catalogue");
  });
});
