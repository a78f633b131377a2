// `taskforce secrets init` and `rotate`: a fresh env file holds every secret compose asks for, each
// one a real value the processes accept, readable by its owner only and never overwritten by
// accident; rotating a keyring puts a new key first and keeps the old ones, rotating anything else
// replaces it, and every other line stays as it was.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { secretsOf } from '../../app/secrets.ts';
import { readEnvFile } from '../../cli/env-file.ts';
import { ENV_FILE_SECRETS, initSecretsFile, rotateSecret } from '../../cli/secrets.ts';
import { loadPayloadKeyring } from '../../codec/keys.ts';
import { DEVELOPMENT_DATABASE_PASSWORDS } from '../../infra/config.ts';
import { KAFKA_PRINCIPALS, kafkaPasswordVariable } from '../../kafka/principals.ts';
import { loadMasterKeyring } from '../../privacy/master-key.ts';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

function envFile(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'taskforce-secrets-'));
  folders.push(folder);
  return path.join(folder, '.env.production');
}

const fail = (message: string) => {
  throw new Error(message);
};
const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe('taskforce secrets init', () => {
  it('writes every secret compose asks for, owner-only, each a value the processes accept', () => {
    const file = envFile();
    initSecretsFile(file, { now: day('2026-12-02') });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const env = readEnvFile(file);
    expect(Object.keys(env).sort()).toEqual(ENV_FILE_SECRETS.map((s) => s.variable).sort());
    expect(new Set(Object.values(env)).size).toBe(ENV_FILE_SECRETS.length);

    const deploymentEnv: Record<string, string | undefined> = {
      ...env,
      DATABASE_URL: `postgres://taskforce_app:${env.TASKFORCE_PG_APP_PASSWORD}@postgres:5432/taskforce`,
      KAFKA_SASL_PASSWORD: env.TASKFORCE_KAFKA_API_PASSWORD,
    };
    for (const secret of secretsOf('api')) expect(secret.developmentUse(deploymentEnv[secret.variable]), secret.variable).toBeUndefined();
    expect(loadPayloadKeyring(env, fail).active.id).toBe('payload-2026-12-02');
    expect(loadMasterKeyring(env, fail).active.id).toBe('master-2026-12-02');
    const kafkaPasswords = KAFKA_PRINCIPALS.map(kafkaPasswordVariable);
    expect(kafkaPasswords).toContain('TASKFORCE_KAFKA_AGENCY_MOFA_PASSWORD');
    for (const variable of [
      'POSTGRES_PASSWORD',
      'TASKFORCE_PG_OWNER_PASSWORD',
      'TASKFORCE_PG_APP_PASSWORD',
      'TEMPORAL_PG_PASSWORD',
      ...kafkaPasswords,
    ]) {
      // Safe inside a URL as it is, and none of the local stack's.
      expect(env[variable], variable).toMatch(/^[0-9a-f]{64}$/);
      expect(Object.values(DEVELOPMENT_DATABASE_PASSWORDS)).not.toContain(env[variable]);
    }
  });

  it('refuses to replace an existing file unless forced, and the replacement is owner-only too', () => {
    const file = envFile();
    fs.writeFileSync(file, 'TASKFORCE_PAYLOAD_KEYS=the-only-copy\n', { mode: 0o644 });
    expect(() => initSecretsFile(file)).toThrow(/exists; it may hold the only copy of keys .* Pass --force/);
    expect(fs.readFileSync(file, 'utf8')).toBe('TASKFORCE_PAYLOAD_KEYS=the-only-copy\n');
    initSecretsFile(file, { force: true });
    expect(readEnvFile(file).TASKFORCE_PAYLOAD_KEYS).not.toBe('the-only-copy');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('taskforce secrets rotate', () => {
  it('puts a new key first in a keyring and keeps the old ones, a fresh id even on the same day', () => {
    const file = envFile();
    initSecretsFile(file, { now: day('2026-12-02') });
    const first = readEnvFile(file).TASKFORCE_PAYLOAD_KEYS;
    expect(rotateSecret(file, 'TASKFORCE_PAYLOAD_KEYS', day('2027-03-01'))).toMatch(/keep the old keys/);
    rotateSecret(file, 'TASKFORCE_PAYLOAD_KEYS', day('2027-03-01'));
    const ids = [...loadPayloadKeyring(readEnvFile(file), fail).byId.keys()];
    expect(ids).toEqual(['payload-2027-03-01.2', 'payload-2027-03-01', 'payload-2026-12-02']);
    expect(readEnvFile(file).TASKFORCE_PAYLOAD_KEYS?.endsWith(`,${first}`)).toBe(true);
  });

  it('replaces any other secret, leaves every other line as it was, and keeps the file owner-only', () => {
    const file = envFile();
    initSecretsFile(file);
    const before = fs.readFileSync(file, 'utf8').split('\n');
    const oldSecret = readEnvFile(file).TASKFORCE_TOKEN_SECRET;
    expect(rotateSecret(file, 'TASKFORCE_TOKEN_SECRET')).toMatch(/tokens signed with the old secret are refused/);
    const after = fs.readFileSync(file, 'utf8').split('\n');
    const changed = after.filter((line, i) => line !== before[i]);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatch(/^TASKFORCE_TOKEN_SECRET=/);
    expect(readEnvFile(file).TASKFORCE_TOKEN_SECRET).not.toBe(oldSecret);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('names the secrets it knows when asked for another', () => {
    const file = envFile();
    initSecretsFile(file);
    expect(() => rotateSecret(file, 'DATABASE_URL')).toThrow(
      /DATABASE_URL is not a secret of the env file; one of TASKFORCE_TOKEN_SECRET, /,
    );
  });
});
