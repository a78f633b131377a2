// `taskforce stack up|down|status|reset`: the local services, by hand.
import type { Command } from 'commander';
import { loadStackConfig, type Profile } from '../infra/config.ts';
import { metricsEndpointStatus } from '../stack/metrics-endpoints.ts';
import { stackDown, stackReset, stackStatus, stackUp } from '../stack/stack.ts';
import { cell, type JsonOption, messagesToStderr, printJson, renderTable, withJsonOption } from './output.ts';

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

  withJsonOption(
    stack
      .command('up')
      .description('install what is missing and start every service (idempotent)')
      .option(...profileOption),
  ).action(async (options: { profile?: string } & JsonOption) => {
    if (options.json) messagesToStderr();
    const config = configFor(options);
    await stackUp(config);
    if (options.json) return printJson({ profile: config.profile, dataDir: config.dataDir, services: await stackStatus(config) });
    console.log(`stack "${config.profile}" is up; data and logs in ${config.dataDir}`);
  });

  withJsonOption(
    stack
      .command('down')
      .description('stop the services this stack started (pid files)')
      .option(...profileOption),
  ).action(async (options: { profile?: string } & JsonOption) => {
    if (options.json) messagesToStderr();
    const stopped = await stackDown(configFor(options));
    if (options.json) return printJson({ stopped });
    console.log(stopped.length ? `stopped: ${stopped.join(', ')}` : 'nothing was running');
  });

  withJsonOption(
    stack
      .command('status')
      .description(
        "service, port, pid and health of each service, then each application process's metrics endpoint and whether it answers; exit 1 when a service is unhealthy",
      )
      .option(...profileOption),
  ).action(async (options: { profile?: string } & JsonOption) => {
    const config = configFor(options);
    const [services, processes] = await Promise.all([stackStatus(config), metricsEndpointStatus(config)]);
    if (!services.every((s) => s.healthy)) process.exitCode = 1;
    if (options.json) return printJson({ services, processes });
    console.log(
      renderTable(
        ['SERVICE', 'PORT', 'PID', 'HEALTHY', 'DETAIL'],
        services.map((s) => [s.service, String(s.port), cell(s.pid), cell(s.healthy), cell(s.detail)]),
      ),
    );
    console.log('');
    console.log(
      renderTable(
        ['PROCESS', 'METRICS', 'ANSWERS'],
        processes.map((p) => [p.process, p.url, cell(p.answers)]),
      ),
    );
  });

  withJsonOption(
    stack
      .command('reset')
      .description('stop the stack and delete its data folder (every case, event and topic)')
      .option(...profileOption),
  ).action(async (options: { profile?: string } & JsonOption) => {
    if (options.json) messagesToStderr();
    const config = configFor(options);
    await stackReset(config);
    if (options.json) return printJson({ deleted: config.dataDir });
    console.log(`deleted ${config.dataDir}`);
  });
}
