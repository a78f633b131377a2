// Every resource's routes, in one list the server registers. Add a resource by writing
// api/routes/<resource>.ts exporting an ApiPlugin and listing it here.
import type { ApiPlugin } from '../context.ts';
import { auditRoutes } from './audit.ts';
import { caseRoutes } from './cases.ts';
import { codecRoutes } from './codec.ts';
import { consoleRoutes } from './console.ts';
import { docsRoutes } from './docs.ts';
import { erasureRoutes } from './erasure.ts';
import { healthRoutes } from './health.ts';
import { historyRoutes } from './history.ts';
import { metricsRoutes } from './metrics.ts';
import { readCaseRoutes } from './read-cases.ts';
import { readDeadlineRoutes } from './read-deadlines.ts';
import { readDossierRoutes } from './read-dossiers.ts';
import { readEstimateRoutes } from './read-estimates.ts';
import { readFlightRoutes } from './read-flights.ts';
import { readOperationRoutes } from './read-operations.ts';
import { readStatisticsRoutes } from './read-statistics.ts';
import { sessionRoutes } from './session.ts';
import { streamRoutes } from './streams.ts';

export const apiRoutes: readonly ApiPlugin[] = [
  healthRoutes,
  metricsRoutes,
  docsRoutes,
  sessionRoutes,
  caseRoutes,
  historyRoutes,
  streamRoutes,
  codecRoutes,
  readCaseRoutes,
  readDossierRoutes,
  readOperationRoutes,
  readFlightRoutes,
  readDeadlineRoutes,
  readStatisticsRoutes,
  readEstimateRoutes,
  erasureRoutes,
  auditRoutes,
  consoleRoutes,
];
