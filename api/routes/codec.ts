// The remote payload codec for Temporal's UI and CLI: POST /codec/decode and /codec/encode take
// and return {payloads: [{metadata, data}]} with base64 values, as Temporal's remote codec
// protocol says, and run the same codec the workers use. Both need 'payload.decode' (supervisors).
// The Temporal UI calls from its own origin, so these routes answer CORS for the configured UI
// origins, preflight included.
//
// Decoding is a read of one case's data, under the same policy as every other: the route learns the
// case from the payloads themselves, since the Temporal UI sends nothing but the payloads and an
// X-Namespace header (temporalio/ui, src/lib/services/data-encoder.ts). A decoded value names its
// case with its own caseId, streamId or workflowId, at its top level or one level down (a workflow
// input's opening command, an appendEvents input, a state, an outcome, a manifest request). The
// caller must see that case (404 otherwise, as on every route; one case per request, 400 for more),
// and the value is redacted by the caller's need to know on the case's kind, by the catalogue's
// marks. A payload that names no case (most Update arguments) is returned as it came, still
// encrypted: nothing says whose it is. The answer is audited as a personal-data read naming the
// case and the categories it could carry, and is withheld (503) when that cannot be recorded.
//
// The Temporal UI without its own login cannot send our token as a header, only cookies ("Include
// cross-origin credentials" in its codec settings). So a supervisor opens GET /codec/login once,
// pastes a token, and POST /codec/session keeps it in an HttpOnly cookie scoped to /codec, which
// only the codec routes accept; SameSite=Strict keeps it to pages on the API's own site.
import type { Payload } from '@temporalio/common';
import { JSONToPayload, payloadToJSON } from '@temporalio/common/lib/proto-utils.js';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { z } from 'zod';
import type { Caller } from '../../access/caller.ts';
import { visibleCategories } from '../../access/need-to-know.ts';
import { redactPersonalFields } from '../../access/payload-redaction.ts';
import { CaseClient } from '../../cases/client.ts';
import { CaseNotFoundError } from '../../cases/errors.ts';
import { VisibleCases } from '../../cases/visible-cases.ts';
import { keepTokenInCookie } from '../auth/token-cookie.ts';
import { type ApiPlugin, encryptingTemporal } from '../context.ts';
import { badRequest, notFound, unprocessable } from '../problem.ts';
import { addRoute } from '../route.ts';

const CODEC_BODY_LIMIT = 8 * 1024 * 1024;

/** The cookie the codec routes accept the bearer token from. */
export const CODEC_TOKEN_COOKIE = 'taskforce_codec_token';

const LOGIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Taskforce: decode Temporal payloads</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}textarea{width:100%}</style></head>
<body><h1>Decode Temporal payloads in this browser</h1>
<p>Paste a supervisor token (<code>taskforce token --agency NPA --role supervisor --clearance CONFIDENTIAL --user you</code>).
The API keeps it in an HttpOnly cookie sent only to <code>/codec</code>, until the token expires. Then, in the Temporal UI's
codec server settings, use this API's <code>/codec</code> endpoint with "Include cross-origin credentials".</p>
<textarea id="token" rows="5" placeholder="eyJ…"></textarea>
<p><button id="use">Use this token</button></p><p id="result" role="status"></p>
<script>
document.getElementById('use').onclick = async () => {
  const token = document.getElementById('token').value.trim();
  const response = await fetch('session', { method: 'POST', headers: { authorization: 'Bearer ' + token } });
  const body = await response.json();
  document.getElementById('result').textContent = response.ok
    ? 'Done: this browser decodes Temporal payloads until ' + body.until + '.'
    : body.title + ': ' + body.detail;
};
</script></body></html>
`;

const JsonPayload = z.object({
  metadata: z.record(z.string(), z.base64()).default({}).describe('metadata values, base64'),
  data: z.base64().default('').describe('the payload bytes, base64'),
});
const CodecPayloads = z.object({ payloads: z.array(JsonPayload).max(10_000) });
type CodecPayloads = z.infer<typeof CodecPayloads>;

const CASE_KEYS = ['caseId', 'streamId', 'workflowId'] as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The case ids a decoded value names as its own: its caseId, streamId or workflowId, at the top or one level down. */
export function casesNamedBy(value: unknown): Set<string> {
  const named = new Set<string>();
  if (!isPlainObject(value)) return named;
  for (const holder of [value, ...Object.values(value).filter(isPlainObject)]) {
    for (const key of CASE_KEYS) if (typeof holder[key] === 'string') named.add(holder[key]);
  }
  return named;
}

function allowOrigin(origins: readonly string[]) {
  return (request: FastifyRequest, reply: FastifyReply): void => {
    const origin = request.headers.origin;
    if (!origin || !origins.includes(origin)) return;
    reply.header('access-control-allow-origin', origin);
    reply.header('access-control-allow-credentials', 'true');
    reply.header('vary', 'Origin');
  };
}

export const codecRoutes: ApiPlugin = (app, context) => {
  if (!context.temporal) return;
  const { client } = encryptingTemporal(context.temporal);
  const { payloadCodecs } = client.options.loadedDataConverter;
  const cors = allowOrigin(context.temporal.uiOrigins);

  // On every answer of these routes, problems included, so the UI can read a 401 or 403.
  app.addHook('onSend', async (request, reply, payload) => {
    cors(request, reply);
    return payload;
  });

  const { payloadConverter } = client.options.loadedDataConverter;
  const visibleCases = new VisibleCases(new CaseClient(client, context.temporal.taskQueue), context.pool);

  const run = async (payloads: Payload[], direction: 'decode' | 'encode'): Promise<Payload[]> => {
    // Codecs encode in order and decode in reverse.
    const codecs = direction === 'encode' ? payloadCodecs : [...payloadCodecs].reverse();
    try {
      for (const codec of codecs) payloads = direction === 'encode' ? await codec.encode(payloads) : await codec.decode(payloads);
    } catch (error) {
      // The codec does no I/O: whatever it throws is about the payloads (an unknown key, a forged tag).
      throw unprocessable(`a payload could not be ${direction}d: ${error instanceof Error ? error.message : String(error)}`);
    }
    return payloads;
  };

  const fromJson = (body: CodecPayloads): Payload[] => body.payloads.map((p) => JSONToPayload(p) as Payload);
  const toJson = (payloads: Payload[]): CodecPayloads => ({
    payloads: payloads.map((p) => ({ metadata: {}, data: '', ...payloadToJSON(p) }) as CodecPayloads['payloads'][number]),
  });

  /** A decoded payload's value, or undefined when the converter cannot read it (it then names no case). */
  const decodedValue = (payload: Payload): unknown => {
    try {
      return payloadConverter.fromPayload(payload);
    } catch {
      return undefined;
    }
  };

  /** The decoded payloads of the one case they name, redacted for the caller; the others as they came. */
  const decodeFor = async (caller: Caller, body: CodecPayloads, request: FastifyRequest): Promise<CodecPayloads> => {
    const given = fromJson(body);
    const values = (await run(given, 'decode')).map(decodedValue);
    const named = values.map(casesNamedBy);
    const cases = new Set(named.flatMap((ids) => [...ids]));
    if (cases.size === 0) return toJson(given);
    if (cases.size > 1) throw badRequest(`these payloads name ${cases.size} cases; decode the payloads of one case at a time`);
    const [caseId] = [...cases] as [string];
    const { kind } = await visibleCases.findRecorded(caller, caseId).catch((error: unknown) => {
      throw error instanceof CaseNotFoundError ? notFound(`no case ${caseId} was found`) : error;
    });
    request.answerCase = caseId;
    const visible = visibleCategories(caller, kind, { assigned: false });
    return toJson(
      given.map((payload, i) => (named[i]!.size === 0 ? payload : payloadConverter.toPayload(redactPersonalFields(values[i], visible)))),
    );
  };

  addRoute(
    app,
    {
      method: 'GET',
      url: '/codec/login',
      operationId: 'getCodecLoginPage',
      summary: "A page where a supervisor hands this browser a token for the Temporal UI's codec calls",
      tags: ['codec'],
      access: 'public',
      response: z.string(),
      contentType: 'text/html; charset=utf-8',
    },
    () => LOGIN_PAGE,
  );

  addRoute(
    app,
    {
      method: 'POST',
      url: '/codec/session',
      operationId: 'startCodecSession',
      summary: 'Keep the bearer token in an HttpOnly cookie that only the codec routes accept, until it expires',
      tags: ['codec'],
      access: 'payload.decode',
      response: z.object({ until: z.string().describe('when the token, and so the cookie, expires') }),
    },
    // The gate verified the header's token; the cookie carries the same token, no longer than it lives.
    ({ request, reply }) => ({ until: keepTokenInCookie(request, reply, CODEC_TOKEN_COOKIE, '/codec').toISOString() }),
  );

  for (const direction of ['decode', 'encode'] as const) {
    const url = `/codec/${direction}`;
    // The browser's preflight carries no token; it learns only which origin, method and headers are allowed.
    app.options(url, async (request, reply) => {
      cors(request, reply);
      reply.header('access-control-allow-methods', 'POST, OPTIONS');
      reply.header('access-control-allow-headers', 'authorization, authorization-extras, content-type, x-namespace');
      reply.header('access-control-max-age', '600');
      return reply.code(204).send();
    });
    addRoute(
      app,
      {
        method: 'POST',
        url,
        operationId: `${direction}Payloads`,
        summary:
          direction === 'decode'
            ? "Decrypt Temporal payloads (the Temporal UI's and CLI's remote codec endpoint)"
            : 'Encrypt Temporal payloads, as the workers do (for the Temporal UI and CLI)',
        description:
          "Temporal's remote codec protocol: {payloads: [{metadata, data}]}, values base64. Point the Temporal UI or " +
          '`temporal --codec-endpoint` at /codec. The token may also come from the cookie POST /codec/session sets. ' +
          '422 when a payload names a key this API does not hold.' +
          (direction === 'decode'
            ? ' Decodes the payloads that name their case (caseId, streamId or workflowId, at the top or one level down), when ' +
              'the caller may see it (404 otherwise; 400 for payloads of several cases), redacted by its need to know; a payload ' +
              'naming no case is returned as it came.'
            : ''),
        tags: ['codec'],
        access: 'payload.decode',
        body: CodecPayloads,
        response: CodecPayloads,
        bodyLimit: CODEC_BODY_LIMIT,
        tokenCookie: CODEC_TOKEN_COOKIE,
        ...(direction === 'decode'
          ? {
              reads: true,
              problems: {
                404: { description: 'the payloads name a case the caller may not see' },
                503: { description: 'the read could not be recorded in the audit trail, so nothing is returned' },
              },
            }
          : {}),
      },
      async ({ body, caller, request }) =>
        direction === 'decode' ? decodeFor(caller, body, request) : toJson(await run(fromJson(body), 'encode')),
    );
  }
};
