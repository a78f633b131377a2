// The local provider's development users: one per agency × role × clearance, one password.
import { describe, expect, it } from 'vitest';
import { Agency, Classification, Role } from '../../events/envelope.ts';
import { DEV_PASSWORD, DEV_USERS, devUserSigningIn } from '../../stack/oidc-provider/dev-users.ts';

describe('development users', () => {
  it('exist for every agency, role and clearance, named <agency>-<role>-<clearance>', () => {
    expect(DEV_USERS.size).toBe(Agency.options.length * Role.options.length * Classification.options.length);
    expect(DEV_USERS.get('host-immigration-liaison-public')).toEqual({
      userId: 'host-immigration-liaison-public',
      agency: 'HOST_IMMIGRATION',
      role: 'liaison',
      clearance: 'PUBLIC',
    });
  });

  it('sign in with the development password only', () => {
    expect(devUserSigningIn('npa-operator-confidential', DEV_PASSWORD)?.agency).toBe('NPA');
    expect(devUserSigningIn('npa-operator-confidential', `${DEV_PASSWORD} `)).toBeUndefined();
    expect(devUserSigningIn('nobody', DEV_PASSWORD)).toBeUndefined();
  });
});
