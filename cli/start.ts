// `taskforce start` (npm start): the whole system on this machine. Brings the dev stack up (with
// its OpenID Connect provider, where callers sign in), migrates, runs the application processes
// as children with prefixed output (restarting one that crashes: cli/supervisor.ts), prints the
// URLs, and on Ctrl-C stops the children and then the services it started. With --json every line
// on stdout is one JSON object, for a log collector: the processes' own lines as they are, and the
// start's own (the stack's progress, restarts, the URLs) in the same shape with process "start".
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { format } from 'node:util';
import type { Command } from 'commander';
import pino from 'pino';
import { migrate } from '../eventstore/migrate.ts';
import { appEnv, loadStackConfig, ownerDatabaseUrl, type StackConfig } from '../infra/config.ts';
import { createLogger, type Logger } from '../infra/logger.ts';
import { stackDown, stackUp } from '../stack/stack.ts';
import { Supervisor } from './supervisor.ts';

/** The application processes, each a file under app/ run with tsx. */
export const APP_PROCESSES = ['worker', 'relay', 'projector', 'router', 'api'] as const;

/** What runs where once the stack is up (the README's table "npm start prints"). */
export function runningUrls(config: StackConfig) {
  return {
    console: `http://127.0.0.1:${config.apiPort}/console/`,
    api: `http://127.0.0.1:${config.apiPort}`,
    signIn: `http://127.0.0.1:${config.oidcPort}`,
    temporalUi: `http://127.0.0.1:${config.temporal.uiPort}`,
    postgres: `127.0.0.1:${config.postgres.port}`,
    kafka: `127.0.0.1:${config.kafka.port}`,
  };
}

/**
 * The lines a person sees once everything is up: where to point a browser, and a sign-in command
 * that runs as printed (a newcomer has no `taskforce` on the PATH and no password yet).
 */
export function runningBanner(config: StackConfig): string {
  const urls = runningUrls(config);
  return `
Taskforce is running:
  web console    ${urls.console}   (sign in as npa-operator-confidential, password taskforce-dev)
  API            ${urls.api}   (docs: /docs, health: /health, metrics: /metrics)
  sign-in        ${urls.signIn}   (npm run -s taskforce -- login --user npa-operator-confidential --password taskforce-dev; README.md, Signing in)
  Temporal UI    ${urls.temporalUi}
  PostgreSQL     ${urls.postgres}  database ${config.postgres.database}
  Kafka          ${urls.kafka}
  data and logs  ${config.dataDir}
Press Ctrl-C to stop.`;
}

/** Where start's own messages and its children's lines go. */
interface StartOutput {
  say(message: string, fields?: Record<string, unknown>): void;
  childLine(name: string, line: string, fromStderr: boolean): void;
}

/** For people: the processes' lines prefixed with their name. */
function peopleOutput(): StartOutput {
  return {
    say: (message) => console.log(message),
    childLine: (name, line) => console.log(`${`[${name}]`.padEnd(9)} ${line}`),
  };
}

/** One JSON object a line on `out`: a process's own JSON lines pass through, anything else is wrapped in its name. */
export function jsonOutput(
  out: { write(line: string): unknown } = pino.destination({ dest: 1, sync: true }),
): StartOutput & { own: Logger } {
  const own = createLogger('start', out);
  const loggers = new Map<string, Logger>();
  return {
    own,
    say: (message, fields = {}) => own.info(fields, message),
    childLine(name, line, fromStderr) {
      if (line.startsWith('{') && isJson(line)) {
        out.write(`${line}\n`);
        return;
      }
      const logger = loggers.get(name) ?? createLogger(name, out);
      loggers.set(name, logger);
      // Not a log line of the process: a crash's stack trace, or a library writing to the console.
      if (fromStderr) logger.error(line);
      else logger.info(line);
    },
  };
}

/** What the stack and the migrations print for people becomes lines of start's own. */
function consoleInto(logger: Logger): void {
  console.log = (...args: unknown[]) => logger.info(format(...args));
  console.info = console.log;
  console.warn = (...args: unknown[]) => logger.warn(format(...args));
  console.error = (...args: unknown[]) => logger.error(format(...args));
}

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

function startChild(name: string, rootDir: string, env: NodeJS.ProcessEnv, output: StartOutput): ChildProcess {
  const tsx = path.join(rootDir, 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, [path.join(rootDir, 'app', `${name}.ts`)], { cwd: rootDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const [stream, fromStderr] of [
    [child.stdout, false],
    [child.stderr, true],
  ] as const) {
    let buffered = '';
    stream?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) output.childLine(name, line, fromStderr);
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
    .option('--json', 'one JSON object a line on stdout: the processes\' log lines as they are, and start\'s own (process "start")')
    .action(async (options: { keepStack?: boolean; json?: boolean }) => {
      const json = options.json ? jsonOutput() : undefined;
      if (json) consoleInto(json.own);
      const output = json ?? peopleOutput();
      const config = loadStackConfig();
      await stackUp(config);
      const env = { ...process.env, ...appEnv(config), TASKFORCE_PROFILE: config.profile };
      const applied = await migrate(ownerDatabaseUrl(config));
      output.say(`✓ database migrated${applied.length ? ` (${applied.join(', ')})` : ''}`, { migrations: applied });

      let stopping = false;
      const stop = async (reason: string) => {
        if (stopping) return;
        stopping = true;
        output.say(`${options.json ? '' : '\n'}stopping (${reason})…`);
        await supervisor.stop();
        if (!options.keepStack) {
          const stopped = await stackDown(config);
          output.say(`stopped: ${[...APP_PROCESSES, ...stopped].join(', ')}`, { stopped: [...APP_PROCESSES, ...stopped] });
        }
        process.exit(reason === 'Ctrl-C' || reason === 'SIGTERM' ? 0 : 1);
      };
      const supervisor = new Supervisor(APP_PROCESSES, {
        start: (name) => startChild(name, config.rootDir, env, output),
        log: (line) => output.say(options.json ? line : `taskforce: ${line}`),
        giveUp: (reason) => void stop(reason),
      });
      process.on('SIGINT', () => void stop('Ctrl-C'));
      process.on('SIGTERM', () => void stop('SIGTERM'));

      const urls = runningUrls(config);
      if (options.json) return output.say('Taskforce is running', { urls, dataDir: config.dataDir });
      console.log(runningBanner(config));
    });
}
