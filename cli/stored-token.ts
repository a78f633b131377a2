// Where `taskforce login` keeps the access token it got, so `taskforce case` and `history` send it
// without --token: <the profile's data folder>/cli/access-token.json, readable by its owner alone,
// or the file TASKFORCE_TOKEN_FILE names.
import fs from 'node:fs';
import path from 'node:path';
import { loadStackConfig } from '../infra/config.ts';

export interface StoredToken {
  accessToken: string;
  username: string;
  issuer: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

export function tokenFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.TASKFORCE_TOKEN_FILE || path.join(loadStackConfig(env).dataDir, 'cli', 'access-token.json');
}

export function storeToken(file: string, token: StoredToken): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(token, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600); // an existing file keeps its mode on write
}

/** The stored token while it is valid; undefined when there is none; an error saying what to do when it has expired. */
export function storedAccessToken(file: string, now: Date = new Date()): string | undefined {
  let token: StoredToken;
  try {
    token = JSON.parse(fs.readFileSync(file, 'utf8')) as StoredToken;
  } catch {
    return undefined;
  }
  if (token.expiresAt * 1000 <= now.getTime()) {
    const at = new Date(token.expiresAt * 1000).toISOString();
    throw new Error(`the sign-in of ${token.username} expired at ${at}: sign in again with \`taskforce login --user ${token.username}\``);
  }
  return token.accessToken;
}
