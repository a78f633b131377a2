// The provider's signing keys: a JSON key set in the stack's data folder (never committed), made
// at first start. The first key signs; every key in the file is published at the provider's JWKS
// endpoint. Rotating puts a new key first and keeps the old ones published, so tokens they signed
// still verify; retiring removes the old keys once those tokens have expired.
import fs from 'node:fs';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

const ALGORITHM = 'RS256';

export function signingKeysFile(dataDir: string): string {
  return path.join(dataDir, 'oidc', 'signing-keys.json');
}

async function newSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: ALGORITHM, use: 'sig' };
}

export function readSigningKeys(file: string): JWK[] {
  if (!fs.existsSync(file))
    throw new Error(`there are no signing keys at ${file} yet: the provider makes them at its first start (stack up)`);
  const { keys } = JSON.parse(fs.readFileSync(file, 'utf8')) as { keys: JWK[] };
  if (!Array.isArray(keys) || keys.length === 0) throw new Error(`${file} holds no signing key`);
  return keys;
}

/** The ids of the keys in the file, the signing key first. */
export function keyIds(file: string): string[] {
  return readSigningKeys(file).map((key) => key.kid as string);
}

/** Replaces the file whole (write, then rename), readable by its owner alone: the keys are private. */
function writeSigningKeys(file: string, keys: JWK[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const draft = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(draft, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(draft, file);
}

export async function loadOrCreateSigningKeys(file: string): Promise<JWK[]> {
  if (!fs.existsSync(file)) writeSigningKeys(file, [await newSigningKey()]);
  return readSigningKeys(file);
}

/** Puts a new key first (it signs from now on); the previous keys stay published. Returns the new key's id. */
export async function rotateSigningKeys(file: string): Promise<string> {
  const key = await newSigningKey();
  writeSigningKeys(file, [key, ...readSigningKeys(file)]);
  return key.kid as string;
}

/** Keeps only the signing key; returns the ids of the keys removed. */
export function retireOldSigningKeys(file: string): string[] {
  const [active, ...old] = readSigningKeys(file);
  writeSigningKeys(file, [active as JWK]);
  return old.map((key) => key.kid as string);
}
