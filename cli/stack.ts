// `taskforce stack up|down|status|reset`: the local services, by hand.
import type { Command } from 'commander';
import { loadStackConfig, type Profile } from '../infra/config.ts';
import { stackDown, stackReset, stackStatus, stackUp } from '../stack/stack.ts';

function configFor(options: { profile?: string }) {
  const env = { ...process.env };
  if (options.profile) env.TASKFORCE_PROFILE = options.profile as Profile;
  return loadStackConfig(env);
}

export function registerStackCommands(program: Command): void {
  const stack = program.command('stack').description('install, start, stop and inspect PostgreSQL, Kafka and Temporal');
  const profileOption = [
    '--profile <profile>',
    'dev (npm start), test (npm test) or chaos (npm run chaos); default from TASKFORCE_PROFILE',
  ] as const;

  stack
    .command('up')
    .description('install what is missing and start every service (idempotent)')
    .option(...profileOption)
    .action(async (options) => {
      const config = configFor(options);
      await stackUp(config);
      console.log(`stack "${config.profile}" is up; data and logs in ${config.dataDir}`);
    });

  stack
    .command('down')
    .description('stop the services this stack started (pid files)')
    .option(...profileOption)
    .action(async (options) => {
      const stopped = await stackDown(configFor(options));
      console.log(stopped.length ? `stopped: ${stopped.join(', ')}` : 'nothing was running');
    });

  stack
    .command('status')
    .description('service, port, pid and health of each service')
    .option(...profileOption)
    .action(async (options) => {
      const statuses = await stackStatus(configFor(options));
      console.table(
        statuses.map((s) => ({ service: s.service, port: s.port, pid: s.pid ?? '-', healthy: s.healthy, detail: s.detail ?? '' })),
      );
      if (!statuses.every((s) => s.healthy)) process.exitCode = 1;
    });

  stack
    .command('reset')
    .description('stop the stack and delete its data folder (every case, event and topic)')
    .option(...profileOption)
    .action(async (options) => {
      const config = configFor(options);
      await stackReset(config);
      console.log(`deleted ${config.dataDir}`);
    });
}
