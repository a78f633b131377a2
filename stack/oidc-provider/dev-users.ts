// The local provider's development users: one for each agency × role × clearance, named in lower
// case as `<agency>-<role>-<clearance>` (npa-operator-confidential, host-police-analyst-secret),
// all with one published password. They exist only in the local stack's provider, which refuses to
// run in production.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Caller } from '../../access/caller.ts';
import { Agency, Classification, Role } from '../../events/envelope.ts';

/** Documented in README.md (Signing in): anyone can sign in as any development user. */
export const DEV_PASSWORD = 'taskforce-dev';

export function devUsername(caller: Omit<Caller, 'userId'>): string {
  return [caller.agency, caller.role, caller.clearance].join('-').toLowerCase().replaceAll('_', '-');
}

function allDevUsers(): Map<string, Caller> {
  const users = new Map<string, Caller>();
  for (const agency of Agency.options) {
    for (const role of Role.options) {
      for (const clearance of Classification.options) {
        const userId = devUsername({ agency, role, clearance });
        users.set(userId, { userId, agency, role, clearance });
      }
    }
  }
  return users;
}

export const DEV_USERS: ReadonlyMap<string, Caller> = allDevUsers();

const digest = (text: string) => createHash('sha256').update(text).digest();

/** The user, when the name and password are right; compared in constant time. */
export function devUserSigningIn(username: string, password: string): Caller | undefined {
  const user = DEV_USERS.get(username);
  const passwordMatches = timingSafeEqual(digest(password), digest(DEV_PASSWORD));
  return user && passwordMatches ? user : undefined;
}
