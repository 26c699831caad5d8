import { attemptFailureReason, boundedLabel, methodLabel, routeLabel, statusLabel } from './metric-labels.js';

describe('metric labels', () => {
  it('keeps the usual HTTP methods and folds any other into OTHER', () => {
    expect(methodLabel('get')).toBe('GET');
    expect(methodLabel('POST')).toBe('POST');
    expect(methodLabel('PROPFIND')).toBe('OTHER');
    expect(methodLabel(undefined)).toBe('OTHER');
  });

  it('labels a request by its route pattern, and every unrouted path as unmatched', () => {
    expect(routeLabel('/graphql')).toBe('/graphql');
    expect(routeLabel('/health/ready')).toBe('/health/ready');
    expect(routeLabel(undefined)).toBe('unmatched');
    expect(routeLabel('')).toBe('unmatched');
    expect(routeLabel('*')).toBe('unmatched');
  });

  it('accepts status codes 100–599 only', () => {
    expect(statusLabel(200)).toBe('200');
    expect(statusLabel(503)).toBe('503');
    expect(statusLabel(99)).toBe('unknown');
    expect(statusLabel(600)).toBe('unknown');
    expect(statusLabel(undefined)).toBe('unknown');
  });

  it('maps a value outside the allowed set to the fallback', () => {
    expect(boundedLabel('HIGH', ['EMERGENCY', 'HIGH'])).toBe('HIGH');
    expect(boundedLabel('3f2a0c1e-uuid', ['EMERGENCY', 'HIGH'])).toBe('unknown');
    expect(boundedLabel(null, ['HIGH'], 'none')).toBe('none');
  });

  it.each([
    [{ statusCode: 500, error: 'HTTP 500' }, 'http_5xx'],
    [{ statusCode: 404, error: 'HTTP 404' }, 'http_4xx'],
    [{ statusCode: 302, error: 'HTTP 302 (redirects are not followed)' }, 'http_3xx'],
    [{ statusCode: 101, error: 'HTTP 101' }, 'http_other'],
    [{ statusCode: 200, error: 'timed out after 10000 ms' }, 'timeout'],
    [{ statusCode: null, error: 'timed out after 10000 ms' }, 'timeout'],
    [
      { statusCode: null, error: 'refused: 10.0.0.1 is private address; webhooks may only reach public addresses' },
      'refused',
    ],
    [{ statusCode: null, error: 'connect ECONNREFUSED 127.0.0.1:9' }, 'network'],
    [{ statusCode: null, error: null }, 'network'],
  ])('names the failure of %j as %s', (attempt, reason) => {
    expect(attemptFailureReason(attempt)).toBe(reason);
  });
});
