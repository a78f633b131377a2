// A supervisor's view of one case's history (GET /cases/{id}/history): Temporal's events and the
// domain events of every run in one timeline, filtered by source and by text, each hidden value
// saying why, and a link to the same workflow in the Temporal UI.
import { call } from '../api.ts';
import { h, show } from '../dom.ts';
import { t, when } from '../i18n.ts';
import type { Session } from '../session.ts';
import { hiddenValue, problemBox, REDACTED } from '../view.ts';

interface History {
  runs: { runId: string }[];
  timeline: { at: string; source: 'workflow' | 'event'; kind: string; summary: string; details: Record<string, unknown> }[];
}

/** The details as "key: value" pairs, a level deep, each hidden value marked. */
function detailsOf(details: Record<string, unknown>, why: string): (Node | string)[] {
  const parts: (Node | string)[] = [];
  const walk = (value: unknown, path: string) => {
    if (value === REDACTED) parts.push(h('span', {}, `${path}: `, hiddenValue(why)));
    else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) walk(inner, path ? `${path}.${key}` : key);
    } else parts.push(h('span', {}, `${path}: ${JSON.stringify(value)}`));
  };
  walk(details, '');
  return parts;
}

export function timelineSection(session: Session, caseId: string): { element: HTMLElement; reload(): void } {
  const list = h('ol', { class: 'timeline', 'aria-live': 'polite' });
  const source = h(
    'select',
    { 'aria-label': t('allSources'), onchange: () => render() },
    h('option', { value: '' }, t('allSources')),
    h('option', { value: 'workflow' }, t('workflowEvents')),
    h('option', { value: 'event' }, t('domainEvents')),
  );
  const search = h('input', { type: 'search', placeholder: t('search'), 'aria-label': t('search'), oninput: () => render() });
  const { url, namespace } = session.config.temporalUi;
  const temporalLink = h(
    'a',
    {
      href: `${url}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(caseId)}`,
      target: '_blank',
      rel: 'noopener',
    },
    t('openInTemporal'),
  );
  const runs = h('span', {});
  let history: History | undefined;
  let failure: Error | undefined;

  function render(): void {
    if (failure || !history) {
      show(list, failure ? problemBox(failure) : t('loading'));
      return;
    }
    const text = search.value.trim().toLowerCase();
    const entries = history.timeline.filter(
      (entry) =>
        (!source.value || entry.source === source.value) &&
        (!text || `${entry.kind} ${entry.summary} ${JSON.stringify(entry.details)}`.toLowerCase().includes(text)),
    );
    runs.textContent = `${history.runs.length} ${t('runs')}`;
    show(
      list,
      entries.map((entry) =>
        h(
          'li',
          { class: `entry ${entry.source}` },
          h('time', { datetime: entry.at }, when(entry.at)),
          h('strong', {}, entry.kind),
          h('span', {}, entry.summary),
          h('div', { class: 'details' }, detailsOf(entry.details, t('hiddenByPolicy'))),
        ),
      ),
    );
  }

  async function reload(): Promise<void> {
    try {
      history = await call<History>(`/cases/${encodeURIComponent(caseId)}/history`);
      failure = undefined;
    } catch (error) {
      failure = error as Error;
    }
    render();
  }

  void reload();
  return {
    element: h(
      'section',
      { 'aria-labelledby': 'timeline-heading' },
      h('h2', { id: 'timeline-heading' }, t('timeline'), ' ', runs),
      h('div', { class: 'filters' }, source, search, temporalLink),
      list,
    ),
    reload: () => void reload(),
  };
}
