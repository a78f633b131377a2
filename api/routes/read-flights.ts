// GET /read/flights and GET /read/flights/{flightId}/manifest: charter flights and who held a seat
// on each, from the read models. An agency that does not see flights is refused the list (403); a
// flight the caller may not see is 404; a seat of a case the caller may not see is withheld.
import { z } from 'zod';
import { requireVisible } from '../auth/guard.ts';
import type { ApiPlugin } from '../context.ts';
import { notFound } from '../problem.ts';
import { READ_MODEL_DESCRIPTION, READ_MODEL_TAGS, readModelSummary } from '../read-models/docs.ts';
import { caseRefParam, EXAMPLE_IDS } from '../read-models/fields.ts';
import { FlightListQuery, FlightManifest, FlightSummary, findFlight, listFlights, manifestEntries } from '../read-models/flights.ts';
import { listingScope, rowScope } from '../read-models/scope.ts';
import { addRoute } from '../route.ts';

export const readFlightRoutes: ApiPlugin = (app, { pool }) => {
  addRoute(
    app,
    {
      method: 'GET',
      url: '/read/flights',
      operationId: 'listFlightSummaries',
      summary: readModelSummary('Charter flights with route, capacity, escorts and legs, latest planned first, a page at a time'),
      description: READ_MODEL_DESCRIPTION,
      tags: READ_MODEL_TAGS,
      access: 'case.read',
      query: FlightListQuery,
      response: z.object({ flights: z.array(FlightSummary), nextCursor: z.string().nullable() }),
    },
    async ({ query, caller }) => {
      const page = await listFlights(pool, listingScope(caller, 'flight'), query);
      return { flights: page.rows, nextCursor: page.nextCursor };
    },
  );

  addRoute(
    app,
    {
      method: 'GET',
      url: '/read/flights/:flightId/manifest',
      operationId: 'getFlightManifest',
      summary: readModelSummary('A charter flight and every case that held a seat on it, released seats included'),
      description: `${READ_MODEL_DESCRIPTION} Seats of cases the caller may not see are counted in withheldEntries, not shown.`,
      tags: READ_MODEL_TAGS,
      access: 'case.read',
      params: z.object({ flightId: caseRefParam('a flight id', EXAMPLE_IDS.flight) }),
      response: FlightManifest,
    },
    async ({ params, caller }) => {
      const flight = await findFlight(pool, params.flightId);
      if (!flight) throw notFound(`flight ${params.flightId} was not found`);
      requireVisible(caller, { kind: 'flight', classification: flight.classification }, `flight ${params.flightId}`);
      const { entries, withheld } = await manifestEntries(pool, rowScope(caller), params.flightId);
      return { flight, entries, withheldEntries: withheld };
    },
  );
};
