// A plain HTML page listing every operation, for people: no scripts and no assets from elsewhere
// (the API may run offline). Machines read /openapi.json.
import { OPERATION_RULES } from '../access/policy.ts';
import { openApiPath } from './openapi.ts';
import type { RouteSpec } from './route.ts';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function accessOf(spec: RouteSpec): string {
  if (spec.access === 'public') return 'public';
  const rule = OPERATION_RULES[spec.access];
  return `${spec.access} — ${rule.roles.join(', ')}; clearance ${rule.minClearance}+`;
}

function fieldsOf(spec: RouteSpec): string {
  const names = (schema: RouteSpec['query']) => (schema ? Object.keys(schema.shape) : []);
  const query = names(spec.query);
  return [query.length ? `query: ${query.join(', ')}` : '', spec.body ? 'JSON body' : ''].filter(Boolean).join('; ');
}

export function docsPage(specs: readonly RouteSpec[], version: string): string {
  const byTag = new Map<string, RouteSpec[]>();
  for (const spec of specs) for (const tag of spec.tags) byTag.set(tag, [...(byTag.get(tag) ?? []), spec]);
  const sections = [...byTag.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([tag, tagged]) => {
      const rows = tagged
        .map(
          (s) =>
            `<tr><td><code>${s.method}</code></td><td><code>${escapeHtml(openApiPath(s.url))}</code></td><td>${escapeHtml(s.summary)}</td>` +
            `<td>${escapeHtml(accessOf(s))}</td><td>${escapeHtml(fieldsOf(s))}</td></tr>`,
        )
        .join('\n');
      return `<h2>${escapeHtml(tag)}</h2>\n<table><thead><tr><th>method</th><th>path</th><th>what it does</th><th>who may call it</th><th>input</th></tr></thead>\n<tbody>${rows}</tbody></table>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Taskforce API ${escapeHtml(version)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem;max-width:75rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left;vertical-align:top}code{font-size:14px}</style></head>
<body><h1>Taskforce API <small>${escapeHtml(version)}</small></h1>
<p>The machine-readable description is <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Protected operations need
<code>Authorization: Bearer &lt;token&gt;</code>; locally, <code>taskforce token --agency NPA --role operator --clearance CONFIDENTIAL --user kim</code>
mints one. Errors are <code>application/problem+json</code> documents.</p>
${sections}
</body></html>
`;
}
