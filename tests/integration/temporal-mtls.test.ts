// The Temporal settings reach a cluster that demands mutual TLS: a TLS front, with certificates of a
// certificate authority made for the test (openssl), before the test stack's Temporal, accepts only
// clients whose certificate that authority signed. The worker process, given the CA, its client pair
// and the server name, polls through it; without its pair it stops within seconds, saying where.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { Connection } from '@temporalio/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../infra/settings.ts';
import { freePort } from '../support/free-port.ts';
import { ScriptProcess } from './script-process.ts';

const SERVER_NAME = 'temporal.test';
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-mtls-'));
const file = (name: string) => path.join(folder, name);

/** A certificate authority, a server certificate for SERVER_NAME and a client certificate, all signed by it. */
function makeCertificates(): void {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: folder, stdio: 'pipe' });
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...newKey, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=taskforce-test-ca');
  fs.writeFileSync(file('server.ext'), `subjectAltName=DNS:${SERVER_NAME}\nextendedKeyUsage=serverAuth\n`);
  fs.writeFileSync(file('client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, subject] of [
    ['server', SERVER_NAME],
    ['client', 'taskforce-worker'],
  ]) {
    openssl('req', ...newKey, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${subject}`);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
    );
  }
}

let front: tls.Server;
let frontAddress: string;
/** The subject of each client certificate the front accepted. */
const acceptedClients: string[] = [];
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  makeCertificates();
  const [host, port] = loadSettings().temporalAddress.split(':');
  front = tls.createServer(
    {
      key: fs.readFileSync(file('server.key')),
      cert: fs.readFileSync(file('server.pem')),
      ca: fs.readFileSync(file('ca.pem')),
      requestCert: true,
      rejectUnauthorized: true,
      ALPNProtocols: ['h2'],
    },
    (client) => {
      acceptedClients.push(String(client.getPeerCertificate().subject?.CN));
      const upstream = net.connect(Number(port), host);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('error', () => undefined);
      }
      client.pipe(upstream);
      upstream.pipe(client);
    },
  );
  front.on('tlsClientError', () => undefined);
  const frontPort = await freePort();
  await new Promise<void>((resolve) => front.listen(frontPort, '127.0.0.1', resolve));
  frontAddress = `127.0.0.1:${frontPort}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => front?.close(resolve));
  fs.rmSync(folder, { recursive: true, force: true });
});

let worker: ScriptProcess | undefined;
afterEach(async () => {
  await worker?.kill('SIGKILL');
  worker = undefined;
});

function mtlsEnv(withClientPair: boolean): Record<string, string> {
  return {
    TEMPORAL_ADDRESS: frontAddress,
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: file('ca.pem'),
    TEMPORAL_TLS_SERVER_NAME: SERVER_NAME,
    ...(withClientPair ? { TEMPORAL_TLS_CLIENT_CERT_PATH: file('client.pem'), TEMPORAL_TLS_CLIENT_KEY_PATH: file('client.key') } : {}),
  };
}

describe('Temporal behind mutual TLS', { timeout: 90_000 }, () => {
  it('the settings connect a client, and the worker process polls through it', async () => {
    const settings = loadSettings({ ...process.env, ...mtlsEnv(true) });
    const connection = await Connection.connect(settings.temporal.connectOptions);
    try {
      const info = await connection.workflowService.getSystemInfo({});
      expect(info.serverVersion).toMatch(/\d+\.\d+/);
    } finally {
      await connection.close();
    }
    worker = new ScriptProcess('the worker', 'app/worker.ts', {
      ...mtlsEnv(true),
      TASKFORCE_TASK_QUEUE: `mtls-${randomUUID()}`,
      TASKFORCE_WORKER_METRICS_PORT: '0',
      TASKFORCE_TEMPORAL_SDK_METRICS_PORT: '0',
    });
    await worker.waitForLine(/worker polling task queue/, 60_000);
    expect(acceptedClients.length).toBeGreaterThanOrEqual(2);
    expect(new Set(acceptedClients)).toEqual(new Set(['taskforce-worker']));
  });

  it('without its client pair the worker is refused, and exits 1 within 15 s saying where and with which settings', async () => {
    const startedAt = Date.now();
    worker = new ScriptProcess('the worker', 'app/worker.ts', {
      ...mtlsEnv(false),
      TASKFORCE_TASK_QUEUE: `mtls-${randomUUID()}`,
      TASKFORCE_WORKER_METRICS_PORT: '0',
      TASKFORCE_TEMPORAL_SDK_METRICS_PORT: '0',
    });
    expect(await worker.waitForExit(15_000)).toBe(1);
    expect(Date.now() - startedAt).toBeLessThan(15_000);
    // The SDK's own reason follows: here rustls's "received fatal alert: CertificateRequired".
    expect(worker.messages.join('\n')).toMatch(
      new RegExp(
        `cannot connect to Temporal at ${frontAddress} \\(TLS; from TEMPORAL_TLS_SERVER_CA_CERT_PATH, [^)]*TEMPORAL_TLS_SERVER_NAME\\): \\S`,
      ),
    );
  });
});
