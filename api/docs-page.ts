// The API reference at /docs: Swagger UI (swagger-ui-dist, Apache-2.0) rendering /openapi.json,
// with every operation's parameters, bodies, answers and problems, and the shared schemas. The API
// serves Swagger UI's files itself, from node_modules, so the page works offline; its
// Content-Security-Policy lets it load nothing from anywhere else.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const SWAGGER_UI_DIR = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

export const DOCS_STYLESHEET = 'swagger-ui.css';
/** Swagger UI itself, and the script that starts it on /openapi.json. */
export const DOCS_SCRIPTS = ['swagger-ui-bundle.js', 'docs.js'] as const;
export type DocsScript = (typeof DOCS_SCRIPTS)[number];

export const DOCS_ASSET_PATH = '/docs/assets';

/**
 * Only this origin: scripts and styles from the API, the document fetched from it, and Swagger UI's
 * inline icons (data: URLs) and element styles. Nothing is fetched from elsewhere, not even by mistake.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

// validatorUrl: null keeps Swagger UI from sending the document to its public validator.
const START_SCRIPT = `window.addEventListener('load', () => {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#reference',
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    validatorUrl: null,
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    defaultModelsExpandDepth: 0,
    defaultModelExpandDepth: 3,
    displayRequestDuration: true,
  });
});
`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function docsPage(version: string): string {
  const scripts = DOCS_SCRIPTS.map((script) => `<script src="${DOCS_ASSET_PATH}/${script}"></script>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Taskforce API ${escapeHtml(version)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${DOCS_ASSET_PATH}/${DOCS_STYLESHEET}">
</head>
<body>
<noscript>The reference needs JavaScript; the same description is <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</noscript>
<div id="reference"></div>
${scripts}
</body></html>
`;
}

const loaded = new Map<string, Promise<Buffer>>();

/** A file of swagger-ui-dist, read once. */
function swaggerUiFile(name: string): Promise<Buffer> {
  let file = loaded.get(name);
  if (!file) {
    file = readFile(path.join(SWAGGER_UI_DIR, name));
    loaded.set(name, file);
  }
  return file;
}

export function docsStylesheet(): Promise<Buffer> {
  return swaggerUiFile(DOCS_STYLESHEET);
}

export async function docsScript(script: DocsScript): Promise<Buffer | string> {
  return script === 'docs.js' ? START_SCRIPT : swaggerUiFile(script);
}
