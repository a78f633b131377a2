// The Temporal connection options every process builds from the environment and a TOML profile
// (infra/temporal-connection.ts): the local stack by default, TLS, mTLS and an API key when set,
// and a wrong setting refused by name before anything connects.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTemporalConnection, TemporalSettingError } from '../../infra/temporal-connection.ts';

const LOCAL = { address: '127.0.0.1:7233', namespace: 'default' };
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-connection-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

// Only the PEM framing is checked here; the SDK's core parses the DER when it connects.
const CERTIFICATE = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';
const PRIVATE_KEY = '-----BEGIN PRIVATE KEY-----\nMIGHfake\n-----END PRIVATE KEY-----\n';

function file(name: string, text: string): string {
  const at = path.join(folder, name);
  fs.writeFileSync(at, text);
  return at;
}

const ca = file('ca.pem', CERTIFICATE);
const cert = file('client.pem', CERTIFICATE);
const key = file('client.key', PRIVATE_KEY);
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function refusal(env: NodeJS.ProcessEnv): string {
  try {
    loadTemporalConnection(env, LOCAL);
  } catch (error) {
    expect(error).toBeInstanceOf(TemporalSettingError);
    return (error as Error).message;
  }
  throw new Error('the settings were accepted');
}

describe('the Temporal connection from the environment', () => {
  it('is the local stack, without TLS or key, when nothing is set (empty values count as unset)', () => {
    const connection = loadTemporalConnection({ TEMPORAL_API_KEY: '', TEMPORAL_TLS: '', HOME: folder }, LOCAL);
    expect(connection.connectOptions).toEqual({ address: '127.0.0.1:7233' });
    expect(connection.namespace).toBe('default');
    expect(connection.from).toEqual([]);
  });

  it('uses TLS with an API key (Temporal Cloud)', () => {
    const connection = loadTemporalConnection(
      { TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_NAMESPACE: 'ns.acct', TEMPORAL_API_KEY: 'placeholder-key' },
      LOCAL,
    );
    expect(connection.connectOptions).toEqual({ address: 'ns.acct.tmprl.cloud:7233', apiKey: 'placeholder-key', tls: true });
    expect(connection.namespace).toBe('ns.acct');
    expect(connection.from).toEqual(['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'TEMPORAL_API_KEY']);
  });

  it('uses mutual TLS with a CA, a client pair and a server name from files', () => {
    const connection = loadTemporalConnection(
      {
        TEMPORAL_ADDRESS: 'temporal.internal:7233',
        TEMPORAL_TLS_SERVER_CA_CERT_PATH: ca,
        TEMPORAL_TLS_CLIENT_CERT_PATH: cert,
        TEMPORAL_TLS_CLIENT_KEY_PATH: key,
        TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
      },
      LOCAL,
    );
    expect(connection.connectOptions).toEqual({
      address: 'temporal.internal:7233',
      tls: {
        serverNameOverride: 'temporal.internal',
        serverRootCACertificate: bytes(CERTIFICATE),
        clientCertPair: { crt: bytes(CERTIFICATE), key: bytes(PRIVATE_KEY) },
      },
    });
  });

  it('takes the PEM itself from the _DATA variables', () => {
    const connection = loadTemporalConnection(
      { TEMPORAL_TLS_CLIENT_CERT_DATA: CERTIFICATE, TEMPORAL_TLS_CLIENT_KEY_DATA: PRIVATE_KEY },
      LOCAL,
    );
    expect(connection.connectOptions.tls).toMatchObject({ clientCertPair: { crt: bytes(CERTIFICATE), key: bytes(PRIVATE_KEY) } });
  });

  it('turns TLS on with TEMPORAL_TLS=true alone (a server whose certificate the system trusts)', () => {
    expect(loadTemporalConnection({ TEMPORAL_TLS: 'true' }, LOCAL).connectOptions.tls).toEqual({});
  });
});

describe('the Temporal connection from a TOML profile', () => {
  const toml = file(
    'temporal.toml',
    [
      '[profile.default]',
      'address = "127.0.0.1:7233"',
      '',
      '[profile.cloud]',
      'address = "ns.acct.tmprl.cloud:7233"',
      'namespace = "ns.acct"',
      '[profile.cloud.tls]',
      `server_ca_cert_path = "${ca}"`,
      `client_cert_path = "${cert}"`,
      `client_key_path = "${key}"`,
      '',
      '[profile.broken]',
      'address = "x:7233"',
      '[profile.broken.tls]',
      `client_cert_path = "${cert}"`,
      `client_key_path = "${ca}"`,
    ].join('\n'),
  );

  it('reads the profile TEMPORAL_PROFILE names, the environment winning over it', () => {
    const connection = loadTemporalConnection(
      { TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'cloud', TEMPORAL_NAMESPACE: 'other.acct' },
      LOCAL,
    );
    expect(connection.connectOptions).toMatchObject({
      address: 'ns.acct.tmprl.cloud:7233',
      tls: { serverRootCACertificate: bytes(CERTIFICATE), clientCertPair: { crt: bytes(CERTIFICATE), key: bytes(PRIVATE_KEY) } },
    });
    expect(connection.namespace).toBe('other.acct');
    expect(connection.from).toContain(`profile "cloud" of ${toml}`);
  });

  it("does not read the Temporal CLI's own file unless TEMPORAL_PROFILE or TEMPORAL_CONFIG_FILE asks for a profile", () => {
    const configHome = path.join(folder, 'xdg');
    fs.mkdirSync(path.join(configHome, 'temporalio'), { recursive: true });
    fs.writeFileSync(path.join(configHome, 'temporalio', 'temporal.toml'), '[profile.default]\naddress = "elsewhere:7233"\n');
    expect(loadTemporalConnection({ XDG_CONFIG_HOME: configHome }, LOCAL).connectOptions.address).toBe('127.0.0.1:7233');
    expect(loadTemporalConnection({ XDG_CONFIG_HOME: configHome, TEMPORAL_PROFILE: 'default' }, LOCAL).connectOptions.address).toBe(
      'elsewhere:7233',
    );
  });

  it('names the profile key that holds no PEM of the right kind', () => {
    expect(refusal({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'broken' })).toBe(
      `tls.client_key_path in the profile "broken" of ${toml}: ${ca} holds no PEM private key`,
    );
  });

  it('names TEMPORAL_PROFILE when the file has no such profile, and TEMPORAL_CONFIG_FILE when there is no file', () => {
    expect(refusal({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'staging' })).toMatch(
      /^TEMPORAL_PROFILE: cannot read the profile "staging" of .*: Profile 'staging' not found/,
    );
    expect(refusal({ TEMPORAL_CONFIG_FILE: path.join(folder, 'missing.toml') })).toBe(
      `TEMPORAL_CONFIG_FILE names ${path.join(folder, 'missing.toml')}, which does not exist`,
    );
  });

  it('refuses a key the SDK does not know (a misspelt setting would otherwise be ignored)', () => {
    const misspelt = file('misspelt.toml', '[profile.default]\naddres = "x:7233"\n');
    expect(refusal({ TEMPORAL_CONFIG_FILE: misspelt })).toMatch(/^TEMPORAL_CONFIG_FILE: .*unrecognized in profile\.default: addres/);
  });
});

describe('a Temporal setting that cannot work stops the process by name', () => {
  it.each([
    [
      { TEMPORAL_TLS_SERVER_CA_CERT_PATH: path.join(folder, 'nope.pem') },
      /^TEMPORAL_TLS_SERVER_CA_CERT_PATH: cannot read .*nope\.pem: ENOENT/,
    ],
    [{ TEMPORAL_TLS_SERVER_CA_CERT_PATH: key }, /^TEMPORAL_TLS_SERVER_CA_CERT_PATH: .*client\.key holds no PEM certificate$/],
    [{ TEMPORAL_TLS_CLIENT_KEY_DATA: 'not a key' }, /^TEMPORAL_TLS_CLIENT_KEY_DATA: the value holds no PEM private key$/],
    [
      { TEMPORAL_TLS_CLIENT_CERT_PATH: cert },
      /^TEMPORAL_TLS_CLIENT_CERT_PATH is set without a client private key \(TEMPORAL_TLS_CLIENT_KEY_PATH or TEMPORAL_TLS_CLIENT_KEY_DATA\): mutual TLS needs both$/,
    ],
    [
      { TEMPORAL_TLS_CLIENT_KEY_PATH: key },
      /^TEMPORAL_TLS_CLIENT_KEY_PATH is set without a client certificate \(TEMPORAL_TLS_CLIENT_CERT_PATH or TEMPORAL_TLS_CLIENT_CERT_DATA\)/,
    ],
    [{ TEMPORAL_TLS: 'yes' }, /^TEMPORAL_TLS is "yes"; say true or false$/],
    [{ TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: 'true' }, /^TEMPORAL_TLS_DISABLE_HOST_VERIFICATION is not supported/],
  ])('%o', (env, message) => {
    expect(refusal(env)).toMatch(message);
  });
});
