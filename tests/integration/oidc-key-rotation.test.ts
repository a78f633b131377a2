// Rotating the provider's signing key causes no downtime: after `rotate-key` the new key signs and
// the old one stays published, so tokens of both keys verify at a running API (which fetches the
// keys again for the new key id, although its cache is fresh); after `retire-old-keys`, tokens of
// the old key are refused once the API's key cache has expired.
import type { FastifyInstance } from 'fastify';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedTokens } from '../../api/auth/accepted-tokens.ts';
import { loadOidcSettings } from '../../api/auth/oidc-settings.ts';
import { createOidcVerifier } from '../../api/auth/oidc-verifier.ts';
import { signIn } from '../../cli/oidc-sign-in.ts';
import { sleep } from '../../infra/sleep.ts';
import { retireOldOidcSigningKeys, rotateOidcSigningKey } from '../../stack/oidc.ts';
import { DEV_PASSWORD } from '../../stack/oidc-provider/dev-users.ts';
import { me, type OidcTestBed, startOidcTestBed, type TestProvider } from '../support/oidc-provider.ts';

const SHORT_KEYS_CACHE_SECONDS = 2;

let bed: OidcTestBed;
let provider: TestProvider;

/** A running API trusting the provider, its key cache as long as `keysCacheSeconds`. */
function apiCachingKeysFor(keysCacheSeconds: number): Promise<FastifyInstance> {
  const oidc = { ...loadOidcSettings({ TASKFORCE_OIDC_ISSUER: provider.issuer }), keysCacheSeconds };
  return bed.api(acceptedTokens(createOidcVerifier(oidc), oidc.issuer));
}

async function statusOf(api: FastifyInstance, token: string): Promise<{ status: number; detail?: string }> {
  const { status, body } = await me(api, token);
  return { status, detail: body.detail };
}

const signInAsOperator = async () =>
  (await signIn({ issuer: provider.issuer, username: 'moj-operator-restricted', password: DEV_PASSWORD })).accessToken;

beforeAll(async () => {
  bed = await startOidcTestBed();
  provider = bed.provider;
});

afterAll(() => bed?.close());

describe('signing key rotation', () => {
  it('tokens of the old and the new key both verify during the overlap; old ones are refused after the old key is retired', async () => {
    const longCache = await apiCachingKeysFor(600);
    const shortCache = await apiCachingKeysFor(SHORT_KEYS_CACHE_SECONDS);
    const oldToken = await signInAsOperator();
    expect((await statusOf(longCache, oldToken)).status).toBe(200);
    expect((await statusOf(shortCache, oldToken)).status).toBe(200);

    const newKid = await rotateOidcSigningKey(provider.config);
    const newToken = await signInAsOperator();
    expect(decodeProtectedHeader(newToken).kid).toBe(newKid);
    expect(decodeProtectedHeader(oldToken).kid).not.toBe(newKid);
    // The long cache is fresh and lacks the new key: the unknown key id makes the API fetch the keys.
    expect((await statusOf(longCache, newToken)).status).toBe(200);
    expect((await statusOf(longCache, oldToken)).status).toBe(200);
    expect((await statusOf(shortCache, newToken)).status).toBe(200);
    expect((await statusOf(shortCache, oldToken)).status).toBe(200);

    const retired = await retireOldOidcSigningKeys(provider.config);
    expect(retired).toEqual([decodeProtectedHeader(oldToken).kid]);
    await sleep(SHORT_KEYS_CACHE_SECONDS * 1000 + 500);
    expect(await statusOf(shortCache, oldToken)).toEqual({
      status: 401,
      detail: expect.stringMatching(/signed with a key that .* does not publish/),
    });
    expect((await statusOf(shortCache, newToken)).status).toBe(200);
    // A freshly started API knows only the published key.
    const restarted = await apiCachingKeysFor(600);
    expect((await statusOf(restarted, oldToken)).status).toBe(401);
    expect((await statusOf(restarted, newToken)).status).toBe(200);
  });

  it('sign-ins go on while the keys rotate: the provider reads its keys again without closing its port', async () => {
    const kidBefore = decodeProtectedHeader(await signInAsOperator()).kid;
    const [token] = await Promise.all([signInAsOperator(), rotateOidcSigningKey(provider.config)]);
    const after = decodeProtectedHeader(await signInAsOperator()).kid;
    expect(after).not.toBe(kidBefore);
    expect((await statusOf(await apiCachingKeysFor(600), token!)).status).toBe(200);
  });
});
