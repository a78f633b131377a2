// The token `taskforce login` keeps: used while valid, and an expired one says how to sign in again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storedAccessToken, storeToken } from '../../cli/stored-token.ts';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'taskforce-token-'));
let files = 0;
const file = () => path.join(folder, String(++files), 'access-token.json');
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));
const kept = { accessToken: 'a.b.c', username: 'npa-operator-confidential', issuer: 'http://127.0.0.1:3001', expiresAt: 2_000_000_000 };

describe('the stored access token', () => {
  it('is used while it is valid, and only its owner can read it', () => {
    const at = file();
    storeToken(at, kept);
    expect(storedAccessToken(at, new Date(1_999_999_000_000))).toBe('a.b.c');
    expect(fs.statSync(at).mode & 0o777).toBe(0o600);
  });

  it('once expired, tells the user to sign in again', () => {
    const at = file();
    storeToken(at, kept);
    expect(() => storedAccessToken(at, new Date(2_000_000_000_000))).toThrow(
      /expired at 2033-05-18T03:33:20.000Z: sign in again with `taskforce login --user npa-operator-confidential`/,
    );
  });

  it('is simply absent when nobody signed in', () => {
    expect(storedAccessToken(file())).toBeUndefined();
  });
});
