/**
 * Issue #15 "Exact errors everywhere": the pure parts, each against the A&AI test it follows —
 * ErrorLogHelper's body rendering and Accept rule, ValidateEncoding, HeaderValidation's source of
 * truth, and Gson's lenient reading of single-transaction bodies (onapsdk's Python dict literals).
 */
import { describe, expect, it } from 'vitest';
import { errorCodeString, errorDef, exceptionOf, messageId, renderError } from '../../src/errors.js';
import { acceptsAaiAnswer, mediaRanges } from '../../src/http/accept.js';
import { sourceOfTruth } from '../../src/http/headers-middleware.js';
import { parseLenientJson } from '../../src/http/lenient-json.js';
import { validEncoding } from '../../src/http/uri-encoding.js';
import { isCanonicallyEncoded, jaxrsEncodePath } from '../../src/uri/aai-uri.js';

describe('ErrorLogHelper: the error body (ErrorLogHelperTest)', () => {
  it('getRESTAPIPolicyErrorResponseXmlTest: AAI_3102 without variables pads %1 and %2 with "null" (rendered as JSON: the service answers JSON only)', () => {
    expect(renderError({ code: 'AAI_3102' }, [])).toEqual({
      requestError: {
        policyException: {
          messageId: 'POL3102',
          text: 'Error parsing input performing %1 on %2 (msg=%3) (ec=%4)',
          variables: ['null', 'null', 'Error parsing input performing %1 on %2', 'ERR.5.1.3102'],
        },
      },
    });
  });

  it('getRESTAPIPolicyErrorResponseJsonTest: AAI_3002 (category 1) is a policyException with the caller variables first', () => {
    const e = exceptionOf(renderError({ code: 'AAI_3002' }, ['PUT', 'resource']));
    expect(e.messageId).toBe('POL3002');
    expect(e.variables).toEqual(['PUT', 'resource', 'Error writing output performing %1 on %2', 'ERR.5.1.3002']);
  });

  it('thatInvalidMediaTypeWillReturnInvalidAcceptHeaderException: text/plain is no usable Accept; AAI_4014 without variables', () => {
    expect(acceptsAaiAnswer('text/plain')).toBe(false);
    expect(renderError({ code: 'AAI_4014' }, [])).toEqual({
      requestError: { serviceException: { messageId: 'SVC3000', text: 'Invalid input performing %1 on %2 (msg=%3) (ec=%4)', variables: ['null', 'null', 'Invalid Accept header', '4.0.4014'] } },
    });
  });

  it('thatErrorObjectCanBeRetrieved: AAI_3000 as the catalogue has it', () => {
    const def = errorDef('AAI_3000');
    expect([def.errorCode, def.restErrorCode, def.message, def.category, def.severity]).toEqual(['3000', '3000', 'Invalid input performing %1 on %2', '2', 'INFO']);
    expect([messageId(def), errorCodeString(def)]).toEqual(['SVC3000', 'ERR.5.2.3000']);
  });

  it('writes a null template variable (VersionInterceptor: a malformed version) as JSON null', () => {
    expect(exceptionOf(renderError({ code: 'AAI_3017' }, ['GET', 'vx/network', null])).variables).toEqual([
      'GET',
      'Request uri is not valid, please check the uri %1',
      'ERR.5.6.3007',
      'vx/network',
      null,
    ]);
  });
});

describe('the Accept rule of ErrorLogHelper (JAX-RS MediaType.isCompatible with application/json or application/xml)', () => {
  it.each([
    ['', true],
    ['*/*', true],
    ['*', true],
    ['application/*', true],
    ['application/json', true],
    ['application/json;charset=UTF-8', true],
    ['application/xml', true],
    ['APPLICATION/JSON', true],
    ['*/json', true],
    ['text/plain, application/json;q=0.1', true],
    ['application/x-ndjson', true],
    ['text/plain', false],
    ['text/json', false],
    ['text/xml', false],
    ['text/*', false],
    ['application/merge-patch+json', false],
    ['image/png, text/html', false],
    ['nonsense', false],
  ])('Accept %j: usable %s', (accept, usable) => {
    expect(acceptsAaiAnswer(accept)).toBe(usable);
  });

  it('reads the media ranges without parameters, lower-cased', () => {
    expect(mediaRanges('Text/HTML;q=0.9, */*;q=0.1')).toEqual(['text/html', '*/*']);
    expect(mediaRanges('  ')).toEqual(['*/*']);
  });
});

describe('ValidateEncoding (ValidateEncodingTest)', () => {
  it('badPath: a raw ":" or "{}" is not canonical', () => {
    expect(validEncoding('/aai/v6/network/vces/vce/blahh::blach/others/other/jklfea{}', '')).toBe(false);
  });

  it('goodPath: %3A and %7B%7D are', () => {
    expect(validEncoding('/aai/v6/network/vces/vce/blahh%3A%3Ablach/others/other/jklfea%7B%7D', '')).toBe(true);
  });

  it('badQueryParamsKey: a raw ":" in a parameter name', () => {
    expect(validEncoding('', 'blahblah=test&blahblah=test2&bad::bad=test3')).toBe(false);
  });

  it('badQueryParamsValue: a raw "/" and ":" in a value', () => {
    expect(validEncoding('', 'blahblah=test&blahblah=test//:2&badbad=test3')).toBe(false);
  });

  it('goodQueryParams: "~" and %2F%2F%3A', () => {
    expect(validEncoding('', 'blahblah=test&blahblah=test2&badbad=~test%2F%2F%3A3')).toBe(true);
  });

  it('testWhenQueryParameterHasPlusSignItShouldPass: "+" in a value is an encoded space', () => {
    expect(validEncoding('', 'some-key=test+one+two+three')).toBe(true);
  });

  it.each([
    ['a%3Ab', true],
    ['eth0%2F1', true],
    ['%C3%A9', true],
    ['a-b_c.d~e', true],
    ['a:b', false],
    ['a%3ab', false],
    ['%41', false],
    ['a+b', false],
    ['a b', false],
    ['é', false],
    ['%FF', false],
    ['%ED%A0%80', false],
    ['100%', false],
  ])('segment %j canonical: %s', (segment, canonical) => {
    expect(isCanonicallyEncoded(segment)).toBe(canonical);
  });

  it("a bulk URI is checked as JAX-RS's UriBuilder holds it: illegal characters are encoded first, sub-delims and ':' are not", () => {
    expect(jaxrsEncodePath('/network/pnfs/pnf/a b/é')).toBe('/network/pnfs/pnf/a%20b/%C3%A9');
    expect(jaxrsEncodePath('/network/pnfs/pnf/a:b,c%3a')).toBe('/network/pnfs/pnf/a:b,c%3a');
    expect(jaxrsEncodePath('/x/100%')).toBe('/x/100%25');
  });
});

describe("HeaderValidation.getPartnerName: the source of truth (HeaderValidationTest)", () => {
  const from = (headers: Record<string, string>) => sourceOfTruth((name) => headers[name]);

  it('whenPartnerNameHasValidComponents_shouldReturnFirstComponent', () => {
    expect(from({ 'X-ONAP-PartnerName': 'TEST.COMPONENT' })).toBe('TEST');
  });

  it('whenPartnerNameStartsWithAAI_shouldUseFromAppId (any letter case)', () => {
    expect(from({ 'X-ONAP-PartnerName': 'AAI.COMPONENT', 'X-FromAppId': 'TEST-APP' })).toBe('TEST-APP');
    expect(from({ 'X-ONAP-PartnerName': 'aai.x', 'X-FromAppId': 'TEST-APP' })).toBe('TEST-APP');
    expect(from({ 'X-ONAP-PartnerName': 'AAI.COMPONENT' })).toBeUndefined();
  });

  it('shouldClearAndUpdateHeaders: X-SourceOfTruth wins over everything', () => {
    expect(from({ 'X-SourceOfTruth': 'NEW-SOT', 'X-ONAP-PartnerName': 'SO.x', 'X-FromAppId': 'OLD-VALUE' })).toBe('NEW-SOT');
  });

  it.each([
    ['SO', 'SO'],
    ['a.b.c', 'a'],
    ['SO.', 'SO.'],
    ['.SO', '.SO'],
    ['...', '...'],
    ['AAI', 'AAI'],
  ])('X-ONAP-PartnerName %j (X-FromAppId "app") is the source of truth %j', (partner, expected) => {
    expect(from({ 'X-ONAP-PartnerName': partner, 'X-FromAppId': 'app' })).toBe(expected);
  });
});

describe("Gson's lenient reading (single-transaction bodies as onapsdk renders them)", () => {
  it("reads onapsdk's Python dict literal: single quotes, True/False, None as the string \"None\" (as Gson)", () => {
    expect(parseLenientJson("{'operations': [{'action': 'put', 'uri': '/network/pnfs/pnf/p1', 'body': {'pnf-name': 'p1', 'in-maint': True, 'x': False, 'y': None, 'n': 3, 'f': -1.5e3}}]}")).toEqual({
      operations: [{ action: 'put', uri: '/network/pnfs/pnf/p1', body: { 'pnf-name': 'p1', 'in-maint': true, x: false, y: 'None', n: 3, f: -1500 } }],
    });
  });

  it('reads escapes, unquoted names, = and => separators, ; between elements, and comments', () => {
    expect(parseLenientJson('{a = \'it\\\'s\'; "b" => [1; 2] # c\n, /* d */ c: "\\u00e9\\n"}')).toEqual({ a: "it's", b: [1, 2], c: 'é\n' });
    expect(parseLenientJson('{"a": TRUE, "b": nULl}')).toEqual({ a: true, b: null });
  });

  it.each([
    ["{'a': 1,}", 'a trailing comma'],
    ["{'a': '\\x0b'}", "Python's \\x escape"],
    ["{'a': 1} {'b': 2}", 'a second value'],
    ["{'a': 'open", 'an unterminated string'],
    ['{"__proto__": {}}', '__proto__'],
    ['', 'nothing'],
  ])('refuses %j (%s)', (text) => {
    expect(() => parseLenientJson(text)).toThrow();
  });
});
