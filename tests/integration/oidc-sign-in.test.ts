// Signing in through the local OpenID Connect provider, a real process: a development user gets a
// JWT access token with the CLI's sign-in and calls the API with it; the API (dev profile: provider
// tokens only) refuses a shared-secret token, and tokens for another audience, from another issuer,
// expired, or living too long; claims map to the caller through configurable claim names.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTokenVerifier } from '../../api/auth/accepted-tokens.ts';
import { TASKFORCE_API_AUDIENCE } from '../../api/auth/oidc-settings.ts';
import { signToken } from '../../api/auth/tokens.ts';
import type { Session } from '../../api/routes/session.ts';
import { ApiClient } from '../../cli/api-client.ts';
import { EXIT } from '../../cli/exit-codes.ts';
import { signIn } from '../../cli/oidc-sign-in.ts';
import { DEV_PASSWORD } from '../../stack/oidc-provider/dev-users.ts';
import { freePort } from '../support/free-port.ts';
import { me, type OidcTestBed, startOidcTestBed, type TestProvider } from '../support/oidc-provider.ts';

const root = path.resolve(import.meta.dirname, '../..');

let bed: OidcTestBed;
let provider: TestProvider;

/** An API process's gate as configured by `env` (the dev profile unless it says otherwise). */
function apiWith(env: NodeJS.ProcessEnv = {}): Promise<FastifyInstance> {
  return bed.api(loadTokenVerifier({ TASKFORCE_PROFILE: 'dev', TASKFORCE_OIDC_ISSUER: provider.issuer, ...env }, () => undefined));
}

const now = () => Math.floor(Date.now() / 1000);
/** What the provider puts in an access token for npa-operator-confidential, to vary one claim at a time. */
const accessClaims = (overrides: Record<string, unknown> = {}) => ({
  iss: provider.issuer,
  aud: TASKFORCE_API_AUDIENCE,
  sub: 'npa-operator-confidential',
  agency: 'NPA',
  role: 'operator',
  clearance: 'CONFIDENTIAL',
  iat: now(),
  exp: now() + 900,
  ...overrides,
});

beforeAll(async () => {
  bed = await startOidcTestBed();
  provider = bed.provider;
});

afterAll(() => bed?.close());

describe('signing in through the OpenID Connect provider', () => {
  it('a development user signs in and calls the API with the access token: the API sees that user', async () => {
    const { accessToken, expiresAt } = await signIn({
      issuer: provider.issuer,
      username: 'npa-operator-confidential',
      password: DEV_PASSWORD,
    });
    expect(decodeProtectedHeader(accessToken)).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    const claims = decodeJwt(accessToken);
    expect(claims).toMatchObject({ iss: provider.issuer, aud: TASKFORCE_API_AUDIENCE, sub: 'npa-operator-confidential' });
    expect(claims.exp! - claims.iat!).toBe(15 * 60);
    expect(expiresAt).toBeGreaterThan(now());

    const { status, body } = await me(await apiWith(), accessToken);
    expect(status).toBe(200);
    expect(body.caller).toEqual({ userId: 'npa-operator-confidential', agency: 'NPA', role: 'operator', clearance: 'CONFIDENTIAL' });
  });

  it('every agency, role and clearance has a development user', async () => {
    const { accessToken } = await signIn({ issuer: provider.issuer, username: 'host-police-auditor-secret', password: DEV_PASSWORD });
    expect(decodeJwt(accessToken)).toMatchObject({ agency: 'HOST_POLICE', role: 'auditor', clearance: 'SECRET' });
  });

  it('a wrong password or an unknown user is refused by the provider, and `taskforce login` exits 3 (not signed in)', async () => {
    const refused = { message: expect.stringMatching(/refused the user name or password/), exitCode: EXIT.notAllowed };
    await expect(signIn({ issuer: provider.issuer, username: 'npa-operator-confidential', password: 'guess' })).rejects.toMatchObject(
      refused,
    );
    await expect(signIn({ issuer: provider.issuer, username: 'npa-director-secret', password: DEV_PASSWORD })).rejects.toMatchObject(
      refused,
    );
  });

  it('a provider nobody answers for is "unavailable" (exit 6), not an unexpected error', async () => {
    await expect(
      signIn({ issuer: `http://127.0.0.1:${await freePort()}`, username: 'npa-operator-confidential', password: DEV_PASSWORD }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/cannot reach the OpenID Connect provider/),
      exitCode: EXIT.unavailable,
    });
  });

  it('`taskforce login` keeps the token where `taskforce case` and `history` find it', async () => {
    const tokenFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'taskforce-login-')), 'token.json');
    const env = { ...process.env, TASKFORCE_TOKEN_FILE: tokenFile, TASKFORCE_PASSWORD: DEV_PASSWORD };
    const login = spawn(
      process.execPath,
      ['--import', 'tsx', 'cli/main.ts', 'login', '--user', 'mofa-supervisor-confidential', '--issuer', provider.issuer],
      { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    login.stdout.on('data', (chunk) => (output += chunk));
    login.stderr.on('data', (chunk) => (output += chunk));
    expect(await new Promise((resolve) => login.on('exit', resolve)), output).toBe(0);
    expect(output).toContain('signed in as mofa-supervisor-confidential');
    expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);

    const api = await apiWith();
    const url = await api.listen({ host: '127.0.0.1', port: 0 });
    const session = await new ApiClient({ apiUrl: url }, { TASKFORCE_TOKEN_FILE: tokenFile }).get<Session>('/me');
    expect(session.caller).toMatchObject({ userId: 'mofa-supervisor-confidential', agency: 'MOFA', role: 'supervisor' });
    fs.rmSync(path.dirname(tokenFile), { recursive: true, force: true });
  });

  it('`taskforce login` with no password exits 2 (bad usage) and says where to give one', () => {
    const { TASKFORCE_PASSWORD: _unset, ...env } = process.env;
    const login = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'cli/main.ts', 'login', '--user', 'mofa-supervisor-confidential', '--issuer', provider.issuer],
      { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(login.status, login.stderr).toBe(EXIT.badInput);
    expect(login.stderr).toContain('no password: pass --password or set TASKFORCE_PASSWORD');
  });
});

describe('the tokens the API refuses (401)', () => {
  it('a shared-secret token, outside the test profile, saying how to sign in', async () => {
    const secret = new TextEncoder().encode('a-test-secret-that-is-long-enough-for-hs256');
    const token = await signToken(secret, { userId: 'kim', agency: 'NPA', role: 'supervisor', clearance: 'SECRET' }, '5m');
    const { status, body } = await me(await apiWith({ TASKFORCE_TOKEN_SECRET: 'a-test-secret-that-is-long-enough-for-hs256' }), token);
    expect(status).toBe(401);
    expect(body.detail).toMatch(/accepted only in the test profile.*taskforce login/);
  });

  it('the test profile accepts both shared-secret tokens and provider tokens', async () => {
    const api = await apiWith({ TASKFORCE_PROFILE: 'test', TASKFORCE_TOKEN_SECRET: 'a-test-secret-that-is-long-enough-for-hs256' });
    const secret = new TextEncoder().encode('a-test-secret-that-is-long-enough-for-hs256');
    const minted = await signToken(secret, { userId: 'kim', agency: 'NPA', role: 'operator', clearance: 'SECRET' }, '5m');
    expect((await me(api, minted)).status).toBe(200);
    expect((await me(api, await provider.sign(accessClaims()))).status).toBe(200);
  });

  it('a token signed by the provider is accepted when nothing is wrong with it, and refused for each wrong claim', async () => {
    const api = await apiWith();
    expect((await me(api, await provider.sign(accessClaims()))).status).toBe(200);

    const refusals = [
      [accessClaims({ aud: 'urn:another:api' }), /not for this API: its audience must include "urn:taskforce:api"/],
      [accessClaims({ iss: 'http://127.0.0.1:1' }), /not issued by http:\/\/127\.0\.0\.1:\d+, the OpenID Connect provider this API trusts/],
      [accessClaims({ iat: now() - 1200, exp: now() - 300 }), /expired: sign in again/],
      [accessClaims({ exp: now() + 2 * 3600 }), /lives 7200 s, longer than the 3600 s this API accepts/],
      [accessClaims({ agency: 'FBI' }), /lacks valid claims: "agency" \(one of MOFA, NPA/],
      [accessClaims({ clearance: undefined, role: undefined }), /"role" \(one of .*\), "clearance" \(one of/],
    ] as const;
    for (const [claims, reason] of refusals) {
      const { status, body } = await me(api, await provider.sign(claims));
      expect({ status, detail: body.detail }).toEqual({ status: 401, detail: expect.stringMatching(reason) });
    }
  });

  it('a token signed by a key the provider does not publish', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(accessClaims()).setProtectedHeader({ alg: 'RS256', kid: 'forged' }).sign(privateKey);
    const { status, body } = await me(await apiWith(), forged);
    expect(status).toBe(401);
    expect(body.detail).toMatch(/signed with a key that http:\/\/127\.0\.0\.1:\d+ does not publish/);
  });

  it("a shorter maximum lifetime, configured, refuses the provider's 15-minute tokens", async () => {
    const api = await apiWith({ TASKFORCE_OIDC_MAX_TOKEN_LIFETIME: '10m' });
    const { accessToken } = await signIn({ issuer: provider.issuer, username: 'npa-operator-confidential', password: DEV_PASSWORD });
    const { status, body } = await me(api, accessToken);
    expect(status).toBe(401);
    expect(body.detail).toMatch(/lives 900 s, longer than the 600 s/);
  });
});

describe('a provider the API cannot reach', () => {
  it('neither accepts nor refuses a token: 503, naming the provider', async () => {
    const api = await apiWith({ TASKFORCE_OIDC_ISSUER: `http://127.0.0.1:${await freePort()}` });
    const { status, body } = await me(api, await provider.sign(accessClaims()));
    expect(status).toBe(503);
    expect(body.detail).toMatch(
      /cannot be checked now: the OpenID Connect provider's discovery document http:\/\/127\.0\.0\.1:\d+\/\.well-known\/openid-configuration could not be read/,
    );
  });
});

describe('claim mapping', () => {
  it('an issuer with other claim names (Keycloak, Entra ID) works by configuration alone', async () => {
    const api = await apiWith({
      TASKFORCE_OIDC_AUDIENCE: 'taskforce',
      TASKFORCE_OIDC_CLAIM_SUBJECT: 'preferred_username',
      TASKFORCE_OIDC_CLAIM_AGENCY: 'taskforce_agency',
      TASKFORCE_OIDC_CLAIM_ROLE: 'taskforce_role',
      TASKFORCE_OIDC_CLAIM_CLEARANCE: 'taskforce_clearance',
    });
    const external = await provider.sign({
      iss: provider.issuer,
      aud: ['taskforce', 'account'],
      sub: '5f0c7d1e-0000-4000-8000-000000000001',
      preferred_username: 'j.doe',
      taskforce_agency: 'INTERPOL',
      taskforce_role: 'liaison',
      taskforce_clearance: 'RESTRICTED',
      iat: now(),
      exp: now() + 300,
    });
    const { status, body } = await me(api, external);
    expect(status).toBe(200);
    expect(body.caller).toEqual({ userId: 'j.doe', agency: 'INTERPOL', role: 'liaison', clearance: 'RESTRICTED' });

    const refused = await me(api, await provider.sign(accessClaims({ aud: 'taskforce' })));
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toMatch(/"taskforce_agency" \(one of .*; its name is set by TASKFORCE_OIDC_CLAIM_AGENCY\)/);
  });
});
