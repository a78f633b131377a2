// The remote payload codec for Temporal's UI and CLI: POST /codec/decode and /codec/encode take
// and return {payloads: [{metadata, data}]} with base64 values, as Temporal's remote codec
// protocol says, and run the same codec the workers use. Decoded payloads hold plaintext
// personal data, so both need 'payload.decode' (supervisors). The Temporal UI calls from its own
// origin, so these routes answer CORS for the configured UI origins, preflight included.
import type { Payload } from '@temporalio/common';
import { JSONToPayload, payloadToJSON } from '@temporalio/common/lib/proto-utils.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type ApiPlugin, encryptingTemporal } from '../context.ts';
import { unprocessable } from '../problem.ts';
import { addRoute } from '../route.ts';

const CODEC_BODY_LIMIT = 8 * 1024 * 1024;

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

  for (const direction of ['decode', 'encode'] as const) {
    const url = `/codec/${direction}`;
    // The browser's preflight carries no token; it learns only which origin, method and headers are allowed.
    app.options(url, async (request, reply) => {
      cors(request, reply);
      reply.header('access-control-allow-methods', 'POST, OPTIONS');
      reply.header('access-control-allow-headers', 'authorization, content-type, x-namespace');
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
          '`temporal --codec-endpoint` at /codec. 422 when a payload names a key this API does not hold.',
        tags: ['codec'],
        access: 'payload.decode',
        body: CodecPayloads,
        response: CodecPayloads,
        bodyLimit: CODEC_BODY_LIMIT,
      },
      ({ body }) => transform(body, direction),
    );
  }
};
