// What the API trusts, from the environment: the local stack's provider by default (per profile),
// any issuer, audience and claim names by configuration, and no default issuer in production.
import { describe, expect, it } from 'vitest';
import { loadOidcSettings } from '../../api/auth/oidc-settings.ts';

describe('OpenID Connect settings', () => {
  it('default to the local stack provider of the profile, its audience and claim names', () => {
    expect(loadOidcSettings({})).toEqual({
      issuer: 'http://127.0.0.1:3001',
      audience: 'urn:taskforce:api',
      maxLifetimeSeconds: 3600,
      keysCacheSeconds: 600,
      claims: { subject: 'sub', agency: 'agency', role: 'role', clearance: 'clearance' },
    });
    expect(loadOidcSettings({ TASKFORCE_PROFILE: 'test' }).issuer).toBe('http://127.0.0.1:3101');
  });

  it('take any issuer, audience, lifetime and claim names from the environment', () => {
    const settings = loadOidcSettings({
      TASKFORCE_OIDC_ISSUER: 'https://login.example.org/realms/taskforce',
      TASKFORCE_OIDC_AUDIENCE: 'taskforce',
      TASKFORCE_OIDC_MAX_TOKEN_LIFETIME: '90m',
      TASKFORCE_OIDC_CLAIM_AGENCY: 'org',
      TASKFORCE_OIDC_CLAIM_SUBJECT: 'preferred_username',
    });
    expect(settings).toMatchObject({
      issuer: 'https://login.example.org/realms/taskforce',
      audience: 'taskforce',
      maxLifetimeSeconds: 5400,
      claims: { subject: 'preferred_username', agency: 'org', role: 'role' },
    });
  });

  it('in production, refuse to guess the issuer', () => {
    expect(() => loadOidcSettings({ NODE_ENV: 'production' })).toThrow(/TASKFORCE_OIDC_ISSUER is not set/);
  });

  it('refuse a lifetime that is not a number and a unit, and an issuer that is not a URL', () => {
    expect(() => loadOidcSettings({ TASKFORCE_OIDC_MAX_TOKEN_LIFETIME: '1 hour' })).toThrow(/TASKFORCE_OIDC_MAX_TOKEN_LIFETIME "1 hour"/);
    expect(() => loadOidcSettings({ TASKFORCE_OIDC_ISSUER: 'login.example.org' })).toThrow(/is not a URL/);
  });
});
