// `npm run demo`: plays the seed campaign (demo/campaign.ts) through the public HTTP API of a running
// Taskforce (`npm start`) chapter by chapter, with a progress line. After each chapter it reads the
// seed's figures back from the read models as they stand then; at the end it prints the table (each
// figure, the seed's value, the read model's, the source, pass or fail), the estimates apart from
// the counts, and the figures no read model counts. Exits non-zero on any mismatch.
import { randomBytes } from 'node:crypto';
import { loadOidcSettings } from '../api/auth/oidc-settings.ts';
import { signIn } from '../cli/oidc-sign-in.ts';
import type { Agency } from '../events/envelope.ts';
import { loadStackConfig } from '../infra/config.ts';
import { progressCounter, progressReporter } from '../infra/progress.ts';
import { sleep } from '../infra/sleep.ts';
import { DEV_PASSWORD, devUsername } from '../stack/oidc-provider/dev-users.ts';
import { TaskforceApi } from './api.ts';
import { CAMPAIGN, ESTIMATES, type SeedFigure, UNCOUNTED } from './campaign.ts';
import { readEstimates } from './estimates.ts';
import { CampaignPlayer, requestsOf } from './play.ts';
import { FigureReader, type ReadValue, readStatistics, type Statistics } from './readings.ts';

const CONCURRENCY = Number(process.env.TASKFORCE_DEMO_CONCURRENCY ?? 12);
const baseUrl = process.env.TASKFORCE_API_URL ?? `http://127.0.0.1:${loadStackConfig().apiPort}`;
const issuer = loadOidcSettings().issuer;
/** A tag in every case id, so the demo can run again on the same system. */
const run = randomBytes(3).toString('hex');
/** The read models are eventually consistent: how long a chapter's figures may take to show. */
const PROJECTION_WAIT_MS = 120_000;

function apiFor(agency: Agency, role: 'operator' | 'supervisor' = 'operator'): TaskforceApi {
  // The provider's development users.
  const username = devUsername({ agency, role, clearance: 'CONFIDENTIAL' });
  return new TaskforceApi(baseUrl, async () => (await signIn({ issuer, username, password: DEV_PASSWORD })).accessToken);
}

interface Checked extends ReadValue {
  figure: SeedFigure;
  chapter: string;
}

const passes = ({ figure, value }: Checked) => value === figure.seed;

/** Reads a chapter's figures until they all match or the projections had their time. */
async function checkFigures(reader: () => FigureReader, chapter: string, figures: SeedFigure[]): Promise<Checked[]> {
  const deadline = Date.now() + PROJECTION_WAIT_MS;
  for (;;) {
    const round = reader();
    const checked = await Promise.all(figures.map(async (figure) => ({ figure, chapter, ...(await round.read(figure.reading)) })));
    if (checked.every(passes) || Date.now() > deadline) return checked;
    await sleep(2000);
  }
}

function printTable(checked: Checked[]): void {
  const cell = (text: string | number, width: number) => String(text).padEnd(width);
  const figureWidth = Math.max(...checked.map((row) => row.figure.figure.length));
  const valueWidth = Math.max('read model'.length, ...checked.flatMap((row) => [String(row.figure.seed).length, String(row.value).length]));
  let chapter = '';
  for (const row of checked) {
    if (row.chapter !== chapter) {
      chapter = row.chapter;
      console.log(`\n  ${chapter}`);
      console.log(
        `      ${cell('figure', figureWidth)}  ${cell('seed', valueWidth)}  ${cell('read model', valueWidth)}  source | read from`,
      );
    }
    const { figure, value, readFrom } = row;
    const note = figure.note ? ` (${figure.note})` : '';
    console.log(
      `    ${passes(row) ? '✓' : '✗'} ${cell(figure.figure, figureWidth)}  ${cell(figure.seed, valueWidth)}  ${cell(value, valueWidth)}  ${figure.source} | ${readFrom}${note}`,
    );
  }
}

/** The estimates apart from the counts: the plan's figure and what the estimates read model holds. */
async function printEstimates(api: TaskforceApi, notices: string[]): Promise<number> {
  console.log('\nestimates (recorded as estimates, never added into a count)');
  const recorded = await readEstimates(api);
  let failures = 0;
  for (const estimate of ESTIMATES) {
    const line = `about ${estimate.figure} ${estimate.subject}, as of ${estimate.asOf}, ${estimate.sourceAgency}: ${estimate.method} (${estimate.source})`;
    if (typeof recorded === 'string') {
      console.log(`  · ${line}\n      ${recorded}`);
      continue;
    }
    const found = recorded.find((r) => r.measure === estimate.measure && r.figure === estimate.figure && r.asOf === estimate.asOf);
    if (!found) failures++;
    console.log(
      `  ${found ? '✓' : '✗'} ${line}\n      read model: ${found ? `${found.figure} as of ${found.asOf}, ${found.sourceAgency}` : 'not found'}`,
    );
  }
  for (const notice of notices) console.log(`  · ${notice}`);
  return failures;
}

async function main(): Promise<number> {
  const [mofa, npa, hostPolice, immigration, moj, supervisor] = [
    apiFor('MOFA'),
    apiFor('NPA'),
    apiFor('HOST_POLICE'),
    apiFor('HOST_IMMIGRATION'),
    apiFor('MOJ'),
    apiFor('NPA', 'supervisor'),
  ];
  const agencies = [mofa, npa, hostPolice, immigration, moj, supervisor];
  await supervisor.call('GET', '/health');
  const before: Statistics = await readStatistics(supervisor);
  const started = Date.now();
  const progress = progressCounter(progressReporter('campaign', { unit: 'requests' }), requestsOf(CAMPAIGN));
  console.log(`Taskforce demo (run ${run}) against ${baseUrl}`);

  const player = new CampaignPlayer(
    run,
    { mofa, npa, hostPolice, immigration, moj },
    CONCURRENCY,
    progress,
    CAMPAIGN.flatMap((c) => c.operations),
  );
  const ids = { operation: player.operationId, flight: player.flightId };
  const reader = () => new FigureReader(supervisor, ids, before);
  const checked: Checked[] = [];
  const flights: string[] = [];

  await player.playReports();
  for (const chapter of CAMPAIGN) {
    await player.playOperations(chapter.operations);
    if (chapter.flight) flights.push(`${player.flightId(chapter.flight.ref)} ${await player.playFlight(chapter.flight)}`);
    const rows = await checkFigures(reader, chapter.title, chapter.figures);
    // Printed as each chapter is checked: the figures as the read models stood after it.
    if (checked.length === 0)
      console.log('\nthe seed\u2019s figures against the read models (this run only; statistics as the change since it began)');
    printTable(rows);
    checked.push(...rows);
  }
  progress.finish();

  const requests = agencies.reduce((sum, api) => sum + api.requests, 0);
  console.log(
    `\nplayed the campaign with ${requests} API requests in ${((Date.now() - started) / 1000).toFixed(0)} s; flights: ${flights.join(', ')}`,
  );
  const estimateFailures = await printEstimates(supervisor, player.notices);
  console.log('\nfigures the seed gives that no read model counts (not compared)');
  for (const u of UNCOUNTED) console.log(`  · ${u.figure}: ${u.seed} (${u.source}): ${u.why}`);

  const serverErrors = agencies.flatMap((api) => api.serverErrors);
  if (serverErrors.length > 0) {
    console.log(`\nthe API answered 500 to ${serverErrors.length} command(s), each retried with its command id:`);
    for (const error of serverErrors) console.log(`  · ${error}`);
  }
  const failures = checked.filter((row) => !passes(row)).length + estimateFailures;
  console.log(failures === 0 ? `\nall ${checked.length} checks passed` : `\n${failures} check(s) failed`);
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
