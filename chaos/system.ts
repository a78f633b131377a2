// The whole system on the chaos profile's own stack: PostgreSQL, Kafka and Temporal, plus the
// application processes, each of which can be killed with SIGKILL and started again.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { migrate } from '../eventstore/migrate.ts';
import { type AppEnv, appEnv, ownerDatabaseUrl, type StackConfig } from '../infra/config.ts';
import { sleep } from '../infra/sleep.ts';
import { kafkaProcess, kafkaUp } from '../stack/kafka.ts';
import { postgresProcess, postgresUp } from '../stack/postgres.ts';
import { runningPid, type ServiceProcess } from '../stack/process.ts';
import { stackDown, stackUp } from '../stack/stack.ts';
import { temporalProcess, temporalUp } from '../stack/temporal.ts';

export const APP_TARGETS = ['worker', 'relay', 'projector'] as const;
export const SERVICE_TARGETS = ['kafka', 'temporal', 'postgres'] as const;
export type FaultTarget = (typeof APP_TARGETS)[number] | (typeof SERVICE_TARGETS)[number];

const SERVICES: Record<
  (typeof SERVICE_TARGETS)[number],
  { process: (c: StackConfig) => ServiceProcess; up: (c: StackConfig) => Promise<void> }
> = {
  postgres: { process: postgresProcess, up: postgresUp },
  kafka: { process: kafkaProcess, up: kafkaUp },
  temporal: { process: temporalProcess, up: temporalUp },
};

/** Every process below `pid`, read from /proc. */
function descendantsOf(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: the fields after the last ')' are fixed.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of parentOf) {
      if (ppid === parent) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

function isService(target: FaultTarget): target is (typeof SERVICE_TARGETS)[number] {
  return (SERVICE_TARGETS as readonly string[]).includes(target);
}

export class SystemUnderTest {
  readonly env: AppEnv & { TASKFORCE_PROFILE: string; TASKFORCE_TASK_QUEUE: string };
  readonly taskQueue = 'chaos-cases';
  private readonly children = new Map<string, ChildProcess>();

  constructor(
    readonly config: StackConfig,
    /** Application processes to run; the projector only where the project has one. */
    readonly apps: readonly (typeof APP_TARGETS)[number][] = APP_TARGETS.filter((a) =>
      fs.existsSync(path.join(config.rootDir, 'app', `${a}.ts`)),
    ),
  ) {
    this.env = { ...appEnv(config), TASKFORCE_PROFILE: config.profile, TASKFORCE_TASK_QUEUE: this.taskQueue };
  }

  async up(): Promise<void> {
    await stackUp(this.config);
    await migrate(ownerDatabaseUrl(this.config));
    for (const app of this.apps) this.startApp(app);
  }

  private startApp(name: string): void {
    const logFile = path.join(this.config.dataDir, 'logs', `${name}.log`);
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    const log = fs.openSync(logFile, 'a');
    const tsx = path.join(this.config.rootDir, 'node_modules', '.bin', 'tsx');
    const child = spawn(tsx, [path.join(this.config.rootDir, 'app', `${name}.ts`)], {
      cwd: this.config.rootDir,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', log, log],
      detached: true,
    });
    fs.closeSync(log);
    this.children.set(name, child);
  }

  /** SIGKILL, as a crash would: for a service, the process and every process it started. */
  async kill(target: FaultTarget): Promise<void> {
    if (isService(target)) {
      const pid = runningPid(SERVICES[target].process(this.config));
      if (pid === undefined) throw new Error(`${target} is not running, nothing to kill`);
      // PostgreSQL's backends put themselves in process groups of their own: find them by parent.
      for (const victim of [pid, ...descendantsOf(pid)]) {
        try {
          process.kill(victim, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      while (runningPid(SERVICES[target].process(this.config)) !== undefined) await sleep(50);
      return;
    }
    const child = this.children.get(target);
    if (!child?.pid) throw new Error(`${target} is not running, nothing to kill`);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGKILL');
    await exited;
  }

  /** Starts the target again and returns when it is healthy (services) or spawned (processes). */
  async restart(target: FaultTarget): Promise<void> {
    if (isService(target)) await SERVICES[target].up(this.config);
    else this.startApp(target);
  }

  async down(options: { keepStack?: boolean } = {}): Promise<void> {
    await Promise.all(
      [...this.children.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null || !child.pid) return resolve();
            child.once('exit', () => resolve());
            process.kill(-child.pid, 'SIGTERM');
          }),
      ),
    );
    this.children.clear();
    if (!options.keepStack) await stackDown(this.config);
  }
}
