// The remote payload codec for Temporal's UI and CLI: POST /codec/decode and /codec/encode take
// and return {payloads: [{metadata, data}]} with base64 values, as Temporal's remote codec
// protocol says, and run the same codec the workers use. Decoded payloads hold plaintext
// personal data, so both need 'payload.decode' (supervisors). The Temporal UI calls from its own
// origin, so these routes answer CORS for the configured UI origins, preflight included.
//
// The Temporal UI without its own login cannot send our token as a header, only cookies ("Include
// cross-origin credentials" in its codec settings). So a supervisor opens GET /codec/login once,
// pastes a token, and POST /codec/session keeps it in an HttpOnly cookie scoped to /codec, which
// only the codec routes accept; SameSite=Strict keeps it to pages on the API's own site.
import type { Payload } from '@temporalio/common';
import { JSONToPayload, payloadToJSON } from '@temporalio/common/lib/proto-utils.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import { type ApiPlugin, encryptingTemporal } from '../context.ts';
import { unprocessable } from '../problem.ts';
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

  const transform = async (body: CodecPayloads, direction: 'decode' | 'encode'): Promise<CodecPayloads> => {
    let payloads: Payload[] = body.payloads.map((p) => JSONToPayload(p) as Payload);
    // Codecs encode in order and decode in reverse.
    const codecs = direction === 'encode' ? payloadCodecs : [...payloadCodecs].reverse();
    try {
      for (const codec of codecs) payloads = direction === 'encode' ? await codec.encode(payloads) : await codec.decode(payloads);
    } catch (error) {
      // The codec does no I/O: whatever it throws is about the payloads (an unknown key, a forged tag).
      throw unprocessable(`a payload could not be ${direction}d: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { payloads: payloads.map((p) => ({ metadata: {}, data: '', ...payloadToJSON(p) }) as CodecPayloads['payloads'][number]) };
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
    ({ request, reply }) => {
      // The gate verified the header's token; the cookie carries the same token, no longer than it lives.
      const token = (request.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
      const expires = (decodeJwt(token).exp ?? 0) * 1000;
      const maxAge = Math.max(0, Math.floor((expires - Date.now()) / 1000));
      const secure = request.protocol === 'https' ? '; Secure' : '';
      reply.header('set-cookie', `${CODEC_TOKEN_COOKIE}=${token}; Path=/codec; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure}`);
      return { until: new Date(expires).toISOString() };
    },
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
          '422 when a payload names a key this API does not hold.',
        tags: ['codec'],
        access: 'payload.decode',
        body: CodecPayloads,
        response: CodecPayloads,
        bodyLimit: CODEC_BODY_LIMIT,
        tokenCookie: CODEC_TOKEN_COOKIE,
      },
      ({ body }) => transform(body, direction),
    );
  }
};
