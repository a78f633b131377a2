// Where the CLI finds the API (the stack's settings, as `taskforce start` listens) and which exit
// code each answer of the API becomes.
import { describe, expect, it } from 'vitest';
import { apiUrlFor } from '../../cli/api-client.ts';
import { CliError, EXIT, exitCodeForStatus, exitCodeOf } from '../../cli/exit-codes.ts';

describe('apiUrlFor', () => {
  it("takes the profile's API port, or TASKFORCE_API_PORT, when no URL is given", () => {
    expect(apiUrlFor({}, {})).toBe('http://127.0.0.1:3000');
    expect(apiUrlFor({}, { TASKFORCE_PROFILE: 'test' })).toBe('http://127.0.0.1:3100');
    expect(apiUrlFor({ profile: 'chaos' }, { TASKFORCE_PROFILE: 'test' })).toBe('http://127.0.0.1:3200');
    expect(apiUrlFor({}, { TASKFORCE_PROFILE: 'test', TASKFORCE_API_PORT: '4100' })).toBe('http://127.0.0.1:4100');
  });

  it('prefers --api-url, then --profile, then TASKFORCE_API_URL', () => {
    const env = { TASKFORCE_API_URL: 'http://api.example:8080/', TASKFORCE_API_PORT: '4100' };
    expect(apiUrlFor({}, env)).toBe('http://api.example:8080');
    expect(apiUrlFor({ profile: 'dev' }, env)).toBe('http://127.0.0.1:4100');
    expect(apiUrlFor({ apiUrl: 'https://taskforce.example', profile: 'dev' }, env)).toBe('https://taskforce.example');
  });

  it('is a usage error (exit 2) for a URL or port that is not one', () => {
    for (const [options, env] of [
      [{ apiUrl: 'api:3000' }, {}],
      [{}, { TASKFORCE_API_URL: '127.0.0.1 3000' }],
      [{}, { TASKFORCE_API_PORT: 'http' }],
      [{}, { TASKFORCE_PROFILE: 'prod' }],
    ] as const) {
      expect(() => apiUrlFor(options, env)).toThrow(expect.objectContaining({ exitCode: EXIT.badInput }));
    }
  });
});

describe('exit codes', () => {
  it('follow the class of the API answer', () => {
    expect([400, 413, 415, 422].map(exitCodeForStatus)).toEqual([2, 2, 2, 2]);
    expect([401, 403].map(exitCodeForStatus)).toEqual([3, 3]);
    expect(exitCodeForStatus(404)).toBe(4);
    expect(exitCodeForStatus(409)).toBe(5);
    expect([429, 502, 503, 504].map(exitCodeForStatus)).toEqual([6, 6, 6, 6]);
    expect([500, 418].map(exitCodeForStatus)).toEqual([1, 1]);
  });

  it("are 6 for a service that cannot be reached, 1 for anything unforeseen, and a CliError's own otherwise", () => {
    expect(exitCodeOf(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' }))).toBe(6);
    expect(exitCodeOf(new TypeError('undefined is not a function'))).toBe(1);
    expect(exitCodeOf(new CliError('not found', EXIT.notFound))).toBe(4);
  });
});
