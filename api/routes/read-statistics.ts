// GET /read/statistics: the campaign's counters from the read models, each saying whose count it
// is. They carry no personal data, so every role may read them.
import type { ApiPlugin } from '../context.ts';
import { READ_MODEL_DESCRIPTION, READ_MODEL_TAGS, readModelSummary } from '../read-models/docs.ts';
import { CampaignStatistics, campaignStatistics, StatisticsQuery } from '../read-models/statistics.ts';
import { addRoute } from '../route.ts';

export const readStatisticsRoutes: ApiPlugin = (app, { pool }) => {
  addRoute(
    app,
    {
      method: 'GET',
      url: '/read/statistics',
      operationId: 'getCampaignStatistics',
      summary: readModelSummary(
        'Campaign counts (reports per year, rescued, arrested, returned per flight, still missing), saying whose count',
      ),
      description: READ_MODEL_DESCRIPTION,
      tags: READ_MODEL_TAGS,
      access: 'statistics.read',
      query: StatisticsQuery,
      response: CampaignStatistics,
    },
    ({ query }) => campaignStatistics(pool, query),
  );
};
