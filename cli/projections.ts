// `taskforce projections …`: how far behind each read model is, and rebuilding one from the
// beginning of the topics while the live one keeps serving.
import { Argument, type Command } from 'commander';
import { progressReporter } from '../infra/progress.ts';
import { PROJECTIONS, projectionNamed } from '../projections/catalogue.ts';
import { rebuildProjection } from '../projections/rebuild.ts';
import { projectionSettingsFromEnv } from '../projections/settings.ts';
import { type ProjectionStatus, projectionStatus } from '../projections/status.ts';
import { type JsonOption, printJson, withJsonOption } from './output.ts';

const number = new Intl.NumberFormat('en-US');

/** A status as JSON: offsets and lags as numbers (Kafka's int64 offsets stay far below 2^53). */
function statusJson(status: ProjectionStatus) {
  return {
    name: status.name,
    lag: Number(status.lag),
    lastBatchAt: status.lastBatchAt?.toISOString() ?? null,
    partitions: status.partitions.map((p) => ({
      topic: p.topic,
      partition: p.partition,
      applied: Number(p.applied),
      end: Number(p.end),
      lag: Number(p.lag),
    })),
  };
}

export function registerProjectionCommands(program: Command): void {
  const projections = program.command('projections').description('read models: lag and rebuilds');

  withJsonOption(projections.command('status').description("show each projection's lag behind the case topics")).action(
    async (options: JsonOption) => {
      const settings = projectionSettingsFromEnv();
      const statuses = await projectionStatus(PROJECTIONS, settings);
      if (options.json) return printJson(statuses.map(statusJson));
      for (const status of statuses) {
        const applied = status.partitions.reduce((sum, p) => sum + p.applied, 0n);
        const end = status.partitions.reduce((sum, p) => sum + p.end, 0n);
        const last = status.lastBatchAt ? `, last batch ${status.lastBatchAt.toISOString()}` : ', nothing applied yet';
        console.log(
          `${status.name.padEnd(16)} lag ${number.format(status.lag).padStart(9)} events  (applied ${number.format(applied)} of ${number.format(end)} offsets${last})`,
        );
        for (const p of status.partitions.filter((partition) => partition.lag > 0n)) {
          console.log(`  ${p.topic}/${p.partition}: ${number.format(p.lag)} behind (at ${p.applied}, end ${p.end})`);
        }
      }
    },
  );

  withJsonOption(
    projections
      .command('rebuild')
      .addArgument(new Argument('<name>', 'the projection').choices(PROJECTIONS.map((p) => p.name)))
      .description('replay a projection from the beginning into fresh tables and swap them in once caught up'),
  ).action(async (name: string, options: JsonOption) => {
    const projection = projectionNamed(name);
    const settings = { ...projectionSettingsFromEnv(), log: (line: string) => console.error(line) };
    // With --json, stdout holds the result alone; the progress goes to stderr.
    const reporter = progressReporter(`rebuild ${projection.name}`, {
      unit: 'events',
      out: options.json ? process.stderr : process.stdout,
    });
    let last = { done: 0, total: 0, elapsedMs: 0 };
    const result = await rebuildProjection(projection, settings, (progress) => {
      last = progress;
      reporter.update(progress);
    });
    reporter.finish(last);
    if (options.json) return printJson({ projection: projection.name, ...result, schema: settings.schema });
    console.log(
      `rebuilt ${projection.name}: ${number.format(result.events)} events in ${(result.elapsedMs / 1000).toFixed(1)} s; swapped into schema ${settings.schema}`,
    );
  });
}
