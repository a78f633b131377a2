// `taskforce start` (npm start): the whole system on this machine. Brings the dev stack up (with
// its OpenID Connect provider, where callers sign in), migrates, runs the application processes
// as children with prefixed output (restarting one that crashes: cli/supervisor.ts), prints the
// URLs, and on Ctrl-C stops the children and then the services it started.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { Command } from 'commander';
import { migrate } from '../eventstore/migrate.ts';
import { appEnv, loadStackConfig, ownerDatabaseUrl } from '../infra/config.ts';
import { stackDown, stackUp } from '../stack/stack.ts';
import { Supervisor } from './supervisor.ts';

/** The application processes, each a file under app/ run with tsx. */
export const APP_PROCESSES = ['worker', 'relay', 'projector', 'router', 'api'] as const;

function startChild(name: string, rootDir: string, env: NodeJS.ProcessEnv): ChildProcess {
  const tsx = path.join(rootDir, 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, [path.join(rootDir, 'app', `${name}.ts`)], { cwd: rootDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `[${name}]`.padEnd(9);
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) console.log(`${prefix} ${line}`);
    });
  }
  return child;
}

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description(
      'start PostgreSQL, Kafka, Temporal, the OpenID Connect provider, then the worker, relay, projector, agency router and API; Ctrl-C stops everything',
    )
    .option('--keep-stack', 'leave PostgreSQL, Kafka and Temporal running after Ctrl-C')
    .action(async (options: { keepStack?: boolean }) => {
      const config = loadStackConfig();
      await stackUp(config);
      const env = { ...process.env, ...appEnv(config), TASKFORCE_PROFILE: config.profile };
      const applied = await migrate(ownerDatabaseUrl(config));
      console.log(`✓ database migrated${applied.length ? ` (${applied.join(', ')})` : ''}`);

      let stopping = false;
      const stop = async (reason: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`\nstopping (${reason})…`);
        await supervisor.stop();
        if (!options.keepStack) {
          const stopped = await stackDown(config);
          console.log(`stopped: ${[...APP_PROCESSES, ...stopped].join(', ')}`);
        }
        process.exit(reason === 'Ctrl-C' || reason === 'SIGTERM' ? 0 : 1);
      };
      const supervisor = new Supervisor(APP_PROCESSES, {
        start: (name) => startChild(name, config.rootDir, env),
        log: (line) => console.log(`taskforce: ${line}`),
        giveUp: (reason) => void stop(reason),
      });
      process.on('SIGINT', () => void stop('Ctrl-C'));
      process.on('SIGTERM', () => void stop('SIGTERM'));

      console.log(`
Taskforce is running:
  API            http://127.0.0.1:${config.apiPort}   (docs: /docs, health: /health)
  sign-in        http://127.0.0.1:${config.oidcPort}   (taskforce login --user npa-operator-confidential; README.md, Signing in)
  Temporal UI    http://127.0.0.1:${config.temporal.uiPort}
  PostgreSQL     127.0.0.1:${config.postgres.port}  database ${config.postgres.database}
  Kafka          127.0.0.1:${config.kafka.port}
  data and logs  ${config.dataDir}
Press Ctrl-C to stop.`);
    });
}
