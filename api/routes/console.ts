// GET /console/…: the web console (console/), a single page on the API's own origin, so its calls
// need no CORS and its event stream can use the stream cookie. `npm start` and the test suite build
// it into console/dist (console/build.ts); the API serves those files as they are, and
// /console/config.json tells the page which OpenID Connect provider to sign in with. The page
// calls the API with the access token like any client: these routes hand out no data.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyReply } from 'fastify';
import { loadStackConfig } from '../../infra/config.ts';
import { loadSettings } from '../../infra/settings.ts';
import { loadOidcSettings } from '../auth/oidc-settings.ts';
import type { ApiPlugin, ConsoleDeps } from '../context.ts';
import { notFound } from '../problem.ts';

/** Where console/build.ts writes the console. */
export const CONSOLE_DIST = path.resolve(import.meta.dirname, '../../console/dist');

/**
 * From the environment: the API's issuer, TASKFORCE_CONSOLE_CLIENT_ID (default: the local
 * provider's console client, stack/oidc-provider/console-client.ts) and TASKFORCE_TEMPORAL_UI_URL
 * (default: the stack's Temporal UI).
 */
export function consoleDepsFromEnv(env: NodeJS.ProcessEnv = process.env): ConsoleDeps {
  return {
    dir: CONSOLE_DIST,
    issuer: loadOidcSettings(env).issuer,
    clientId: env.TASKFORCE_CONSOLE_CLIENT_ID || 'taskforce-console',
    temporalUi: {
      url: env.TASKFORCE_TEMPORAL_UI_URL || `http://127.0.0.1:${loadStackConfig(env).temporal.uiPort}`,
      namespace: loadSettings(env).temporalNamespace,
    },
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export const consoleRoutes: ApiPlugin = (app, { console: settings }) => {
  if (!settings) return;
  // Nothing from elsewhere may load: scripts, styles and calls stay on this origin, but for the provider's token endpoint.
  const policy = [
    "default-src 'self'",
    `connect-src 'self' ${new URL(settings.issuer).origin}`,
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
  const config = JSON.stringify({ issuer: settings.issuer, clientId: settings.clientId, temporalUi: settings.temporalUi });

  const sendFile = (reply: FastifyReply, name: string) => {
    const file = path.join(settings.dir, name);
    if (!fs.existsSync(file)) throw notFound(`the console is not built: run \`npm start\` (or \`npx tsx console/build.ts\`)`);
    return reply
      .type(TYPES[path.extname(name)] ?? 'application/octet-stream')
      .header('content-security-policy', policy)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-cache')
      .send(fs.readFileSync(file));
  };

  app.get('/console', (_request, reply) => reply.redirect('/console/'));
  app.get('/console/config.json', (_request, reply) => reply.type('application/json').header('cache-control', 'no-store').send(config));
  app.get<{ Params: { '*': string } }>('/console/*', (request, reply) => {
    const name = request.params['*'] || 'index.html';
    // One flat folder: a name with a slash or a leading dot is nothing of ours.
    if (!/^[\w-]+\.(html|js|css)$/.test(name)) throw notFound(`no console file ${name}`);
    return sendFile(reply, name);
  });
};
