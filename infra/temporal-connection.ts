// How every process, tool and test reaches Temporal. The address and namespace default to the local
// stack; TLS, mutual TLS and the API key come from the Temporal SDK's environment configuration
// (@temporalio/envconfig): the same TEMPORAL_* variables and TOML profiles as the Temporal CLI, so a
// Temporal Cloud namespace or an mTLS cluster needs settings, not code. Each setting is checked here,
// before any connection is tried, so a wrong one stops a process at start with its name, rather than
// as a transport error from deep inside the SDK.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TLSConfig } from '@temporalio/client';
import { type ClientConfigProfile, type ConfigDataSource, loadClientConfigProfile, toClientOptions } from '@temporalio/envconfig';

/** What Connection.connect, Connection.lazy and NativeConnection.connect all take. */
export interface TemporalConnectOptions {
  address: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
  metadata?: Record<string, string>;
}

export interface TemporalConnection {
  namespace: string;
  connectOptions: TemporalConnectOptions;
  /** The settings that shaped the connection, by name (never their values): what a failure to connect names. */
  from: string[];
}

/** A Temporal setting that cannot work; the message starts with the setting's name. */
export class TemporalSettingError extends Error {}

/** The SDK's variables this project reads (through @temporalio/envconfig) and checks first. */
export const TEMPORAL_ENV = {
  address: 'TEMPORAL_ADDRESS',
  namespace: 'TEMPORAL_NAMESPACE',
  configFile: 'TEMPORAL_CONFIG_FILE',
  profile: 'TEMPORAL_PROFILE',
  apiKey: 'TEMPORAL_API_KEY',
  tls: 'TEMPORAL_TLS',
  serverName: 'TEMPORAL_TLS_SERVER_NAME',
  disableHostVerification: 'TEMPORAL_TLS_DISABLE_HOST_VERIFICATION',
} as const;

/** The three PEM inputs, each a file (`_PATH`) or the PEM itself (`_DATA`), in the environment and in a TOML profile's [tls]. */
const PEM_INPUTS = [
  {
    field: 'serverCACert',
    variables: { PATH: 'TEMPORAL_TLS_SERVER_CA_CERT_PATH', DATA: 'TEMPORAL_TLS_SERVER_CA_CERT_DATA' },
    toml: 'server_ca_cert',
    kind: 'certificate',
  },
  {
    field: 'clientCert',
    variables: { PATH: 'TEMPORAL_TLS_CLIENT_CERT_PATH', DATA: 'TEMPORAL_TLS_CLIENT_CERT_DATA' },
    toml: 'client_cert',
    kind: 'certificate',
  },
  {
    field: 'clientKey',
    variables: { PATH: 'TEMPORAL_TLS_CLIENT_KEY_PATH', DATA: 'TEMPORAL_TLS_CLIENT_KEY_DATA' },
    toml: 'client_key',
    kind: 'private key',
  },
] as const;

const BOOLEAN = new Set(['1', 'true', '0', 'false']);

/**
 * The connection from the environment. A TOML profile is read only when TEMPORAL_CONFIG_FILE or
 * TEMPORAL_PROFILE asks for one (the SDK would otherwise also read ~/.config/temporalio/temporal.toml,
 * and a developer's Temporal CLI profile would silently point the local stack elsewhere). The
 * environment wins over the profile, and the profile over `defaults`.
 */
export function loadTemporalConnection(env: NodeJS.ProcessEnv, defaults: { address: string; namespace: string }): TemporalConnection {
  // An empty variable is an unset one: `TEMPORAL_API_KEY=` must not turn TLS on, nor `TEMPORAL_TLS=` off.
  const given = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[0].startsWith('TEMPORAL_') && Boolean(entry[1])),
  );
  for (const name of [TEMPORAL_ENV.tls, TEMPORAL_ENV.disableHostVerification]) {
    const value = given[name];
    if (value !== undefined && !BOOLEAN.has(value)) throw new TemporalSettingError(`${name} is "${value}"; say true or false`);
  }
  if (given[TEMPORAL_ENV.disableHostVerification] === 'true' || given[TEMPORAL_ENV.disableHostVerification] === '1') {
    throw new TemporalSettingError(
      `${TEMPORAL_ENV.disableHostVerification} is not supported by the TypeScript SDK; name the certificate's host with ${TEMPORAL_ENV.serverName}`,
    );
  }
  const configFile = given[TEMPORAL_ENV.configFile];
  if (configFile !== undefined && !fs.existsSync(configFile)) {
    throw new TemporalSettingError(`${TEMPORAL_ENV.configFile} names ${configFile}, which does not exist`);
  }
  const useFile = configFile !== undefined || given[TEMPORAL_ENV.profile] !== undefined;
  const fileName = configFile ?? path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'temporalio', 'temporal.toml');
  const profileName = given[TEMPORAL_ENV.profile] ?? 'default';
  const where = `profile "${profileName}" of ${fileName}`;
  let profile: ClientConfigProfile;
  try {
    profile = loadClientConfigProfile({
      disableFile: !useFile,
      configFileStrict: true,
      overrideEnvVars: { ...given, ...(configFile === undefined ? { TEMPORAL_CONFIG_FILE: fileName } : {}) },
    });
  } catch (error) {
    const setting = given[TEMPORAL_ENV.profile] ? TEMPORAL_ENV.profile : TEMPORAL_ENV.configFile;
    throw new TemporalSettingError(`${setting}: cannot read the ${where}: ${messageOf(error)}`);
  }
  const from: string[] = [];
  for (const input of PEM_INPUTS) {
    const source = profile.tls?.[input.field];
    if (source) from.push(checkPem(source, settingNameOf(source, input, given, where), input.kind));
  }
  const [certificate, key] = [PEM_INPUTS[1], PEM_INPUTS[2]];
  const [certSource, keySource] = [profile.tls?.clientCert, profile.tls?.clientKey];
  if ((certSource === undefined) !== (keySource === undefined)) {
    const [present, missing] = certSource
      ? [settingNameOf(certSource, certificate, given, where), key]
      : [settingNameOf(keySource!, key, given, where), certificate];
    const alternatives = [missing.variables.PATH, missing.variables.DATA, ...(useFile ? [`tls.${missing.toml}_path in the ${where}`] : [])];
    throw new TemporalSettingError(
      `${present} is set without a client ${missing.kind} (${alternatives.join(' or ')}): mutual TLS needs both`,
    );
  }
  const { connectionOptions, namespace } = toClientOptions(profile);
  for (const name of [TEMPORAL_ENV.address, TEMPORAL_ENV.namespace, TEMPORAL_ENV.apiKey, TEMPORAL_ENV.tls, TEMPORAL_ENV.serverName]) {
    if (given[name] !== undefined) from.push(name);
  }
  if (useFile) from.push(where);
  const connectOptions: TemporalConnectOptions = { address: connectionOptions.address ?? defaults.address };
  if (connectionOptions.tls !== undefined && connectionOptions.tls !== null) connectOptions.tls = connectionOptions.tls;
  if (typeof connectionOptions.apiKey === 'string') connectOptions.apiKey = connectionOptions.apiKey;
  if (profile.grpcMeta && Object.keys(profile.grpcMeta).length > 0) connectOptions.metadata = profile.grpcMeta;
  return { namespace: namespace ?? defaults.namespace, connectOptions, from };
}

/** The environment variable that gave `source`, or the TOML key. */
function settingNameOf(source: ConfigDataSource, input: (typeof PEM_INPUTS)[number], given: Record<string, string>, where: string): string {
  const [form, value] = 'path' in source ? (['PATH', source.path] as const) : (['DATA', textOf(source.data)] as const);
  return given[input.variables[form]] === value ? input.variables[form] : `tls.${input.toml}_${form.toLowerCase()} in the ${where}`;
}

/** Reads a PEM input and checks it holds what it should; returns its setting's name. */
function checkPem(source: ConfigDataSource, setting: string, kind: 'certificate' | 'private key'): string {
  let text: string;
  if ('path' in source) {
    try {
      text = fs.readFileSync(source.path, 'utf8');
    } catch (error) {
      throw new TemporalSettingError(`${setting}: cannot read ${source.path}: ${messageOf(error)}`);
    }
  } else {
    text = textOf(source.data);
  }
  const header = kind === 'certificate' ? /-----BEGIN CERTIFICATE-----/ : /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/;
  if (!header.test(text)) {
    throw new TemporalSettingError(`${setting}: ${'path' in source ? source.path : 'the value'} holds no PEM ${kind}`);
  }
  return setting;
}

/** What a failure to connect says: where it tried, with which settings, and the SDK's own reason. */
export function temporalConnectFailure(connection: TemporalConnection, error: unknown): string {
  const { address, tls, apiKey } = connection.connectOptions;
  const how = [tls ? 'TLS' : 'no TLS', ...(apiKey ? ['an API key'] : [])].join(', ');
  const settings = connection.from.length > 0 ? connection.from.join(', ') : 'the local stack defaults';
  return `cannot connect to Temporal at ${address} (${how}; from ${settings}): ${messageOf(error)}`;
}

function textOf(data: string | Uint8Array): string {
  return typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
