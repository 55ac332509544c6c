/**
 * The CLI's rendering of A&AI error bodies (src/cli/aai-error.ts): the text with its %n variables
 * substituted (those of the msg variable too), the policy form, and bodies that are not A&AI's.
 */
import { describe, expect, it } from 'vitest';
import { aaiErrorText, errorAnswerText, substitute } from '../../src/cli/aai-error.js';
import { renderError } from '../../src/errors.js';

describe('A&AI error text', () => {
  it('substitutes %1, %2… and leaves a missing variable as it is', () => {
    expect(substitute('Error %1 on %2 (%3)', ['PUT', '/x'])).toBe('Error PUT on /x (%3)');
    expect(substitute('%1%10', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'])).toBe('aj');
    expect(substitute('%1', [null])).toBe('null');
  });

  it('renders a serviceException, the msg variable\'s own placeholders included', () => {
    const body = {
      requestError: {
        serviceException: {
          messageId: 'SVC3000',
          text: 'Invalid input performing %1 on %2 (msg=%3) (ec=%4)',
          variables: ['DELETE', 'v15/bulk/jobs/j1', 'Invalid input performing %1 on %2:bulk job j1 is already completed', 'ERR.5.2.3000'],
        },
      },
    };
    expect(aaiErrorText(body)).toBe('SVC3000: Invalid input performing DELETE on v15/bulk/jobs/j1 (msg=Invalid input performing DELETE on v15/bulk/jobs/j1:bulk job j1 is already completed) (ec=ERR.5.2.3000)');
  });

  it('renders a policyException', () => {
    const body = { requestError: { policyException: { messageId: 'POL3300', text: 'Permission denied for %1', variables: ['GET'] } } };
    expect(aaiErrorText(body)).toBe('POL3300: Permission denied for GET');
  });

  it('renders the service\'s own error bodies (src/errors.ts renderError)', () => {
    const text = aaiErrorText(renderError({ code: 'AAI_6114', detail: 'No bulk job found with id j9' }, ['GET', 'v15/bulk/jobs/j9']));
    expect(text).toMatch(/^SVC3001: Resource not found for GET using id v15\/bulk\/jobs\/j9 .*No bulk job found with id j9/);
  });

  it('is undefined for a body that is not an A&AI error', () => {
    for (const b of [null, 'text', {}, { requestError: {} }, { requestError: { serviceException: { text: 7 } } }]) expect(aaiErrorText(b)).toBeUndefined();
  });

  it('prints the status, and a body that is not A&AI\'s trimmed', () => {
    expect(errorAnswerText(502, '<html>\n  <body>Bad   gateway</body></html>')).toBe('HTTP 502: <html> <body>Bad gateway</body></html>');
    expect(errorAnswerText(500, '')).toBe('HTTP 500');
    expect(errorAnswerText(404, JSON.stringify({ requestError: { serviceException: { messageId: 'SVC3001', text: 'Not found %1', variables: ['x'] } } }))).toBe('404: SVC3001: Not found x');
    expect(errorAnswerText(500, 'x'.repeat(400))).toHaveLength('HTTP 500: '.length + 301);
  });
});
