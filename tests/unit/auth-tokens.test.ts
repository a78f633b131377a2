// Bearer tokens: what a minted token says is what the verifier returns, and every way a token can
// be wrong (expired, tampered, foreign secret, missing claims) is refused with a reason.
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../access/caller.ts';
import { createTokenVerifier, loadTokenSecret, SECRET_ENV, signToken, TokenRejectedError, ttlSeconds } from '../../api/auth/tokens.ts';

const secret = new TextEncoder().encode('a-test-secret-that-is-long-enough-for-hs256');
const kim: Caller = { userId: 'kim', agency: 'NPA', role: 'operator', clearance: 'CONFIDENTIAL' };

async function rejection(promise: Promise<unknown>): Promise<TokenRejectedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenRejectedError);
  return error as TokenRejectedError;
}

describe('bearer tokens', () => {
  it('a minted token verifies to the caller it was minted for', async () => {
    const token = await signToken(secret, kim, '8h');
    expect(await createTokenVerifier(secret).verify(token)).toEqual(kim);
  });

  it('an expired token is refused as expired', async () => {
    const token = await signToken(secret, kim, '1m', new Date(Date.now() - 2 * 60_000));
    expect((await rejection(createTokenVerifier(secret).verify(token))).reason).toBe('expired');
  });

  it('a token with a tampered payload is refused', async () => {
    const [header, , signature] = (await signToken(secret, kim, '1h')).split('.');
    const payload = Buffer.from(
      JSON.stringify({
        sub: 'kim',
        agency: 'NIS',
        role: 'supervisor',
        clearance: 'SECRET',
        iss: 'taskforce',
        aud: 'taskforce-api',
        exp: 9e9,
      }),
    ).toString('base64url');
    expect((await rejection(createTokenVerifier(secret).verify(`${header}.${payload}.${signature}`))).reason).toBe('invalid');
  });

  it('a token signed with another secret is refused', async () => {
    const token = await signToken(new TextEncoder().encode('another-secret-that-is-long-enough-for-hs256'), kim, '1h');
    expect((await rejection(createTokenVerifier(secret).verify(token))).reason).toBe('invalid');
  });

  it('a validly signed token without agency, role and clearance is refused', async () => {
    const token = await new SignJWT({ role: 'operator' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('kim')
      .setIssuer('taskforce')
      .setAudience('taskforce-api')
      .setExpirationTime('1h')
      .sign(secret);
    const error = await rejection(createTokenVerifier(secret).verify(token));
    expect(error.message).toMatch(/agency, role or clearance/);
  });

  it('an unsigned ("alg": "none") token is refused', async () => {
    const encode = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${encode({ alg: 'none' })}.${encode({ sub: 'kim', agency: 'NPA', role: 'operator', clearance: 'SECRET', iss: 'taskforce', aud: 'taskforce-api', exp: 9e9 })}.`;
    expect((await rejection(createTokenVerifier(secret).verify(token))).reason).toBe('invalid');
  });

  it('lifetimes are a number and a unit', () => {
    expect(ttlSeconds('8h')).toBe(28_800);
    expect(ttlSeconds('45s')).toBe(45);
    expect(ttlSeconds('7d')).toBe(604_800);
    expect(() => ttlSeconds('8 hours')).toThrow(/number and a unit/);
  });
});

describe('the signing secret', () => {
  it('production refuses to start without a secret', () => {
    expect(() => loadTokenSecret({ NODE_ENV: 'production' }, () => undefined)).toThrow(new RegExp(`${SECRET_ENV} is not set`));
  });

  it('a short secret is refused everywhere', () => {
    expect(() => loadTokenSecret({ [SECRET_ENV]: 'short' }, () => undefined)).toThrow(/too short/);
  });

  it('dev and test fall back to a fixed secret, with a warning', () => {
    const warnings: string[] = [];
    const first = loadTokenSecret({}, (m) => warnings.push(m));
    expect(loadTokenSecret({ TASKFORCE_PROFILE: 'test' }, () => undefined)).toEqual(first);
    expect(warnings).toEqual([expect.stringContaining('development secret')]);
  });

  it('a configured secret is used as given', () => {
    const value = 'x'.repeat(40);
    expect(new TextDecoder().decode(loadTokenSecret({ NODE_ENV: 'production', [SECRET_ENV]: value }, () => undefined))).toBe(value);
  });
});
