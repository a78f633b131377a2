// A list of cases of one kind from the read model (GET /read/cases): filters by status, lead
// agency, operation, flight and deadline, a keyset page at a time, refreshed as events arrive; and
// the form that opens a case of the kind, for callers who may.
import { ApiProblem, call, query } from '../api.ts';
import { h, show } from '../dom.ts';
import { t, when } from '../i18n.ts';
import { refreshAfterEvent, subscribeWhileShown } from '../live.ts';
import { schemaForm } from '../schema-form.ts';
import type { Session } from '../session.ts';
import { caseLink, countdown, problemBox, table } from '../view.ts';

interface CaseEntry {
  caseId: string;
  status: string;
  leadAgency: string | null;
  operationId: string | null;
  flightId: string | null;
  lastEventAt: string;
  nextDeadline: { kind: string; dueAt: string } | null;
}

const AGENCIES = ['MOFA', 'NPA', 'MOJ', 'NIS', 'HOST_POLICE', 'HOST_IMMIGRATION', 'INTERPOL'];
const FILTERS = ['status', 'leadAgency', 'operationId', 'flightId', 'deadlineWithinDays', 'open'] as const;
const PAGE_SIZE = 20;

export function casesPage(root: HTMLElement, session: Session, kind: string, params: URLSearchParams): void {
  const results = h('div', { 'aria-live': 'polite' });
  const go = (next: URLSearchParams) => {
    location.hash = `#/cases/${kind}${next.size ? `?${next}` : ''}`;
  };

  const input = (name: (typeof FILTERS)[number], label: string, extra: Record<string, unknown> = {}) =>
    h('label', {}, label, h('input', { name, value: params.get(name) ?? '', ...extra }));
  const filters = h(
    'form',
    {
      class: 'filters',
      'aria-label': t('filter'),
      onsubmit: (event: Event) => {
        event.preventDefault();
        const data = new FormData(event.target as HTMLFormElement);
        go(new URLSearchParams(FILTERS.map((name) => [name, String(data.get(name) ?? '')]).filter(([, v]) => v !== '')));
      },
    },
    input('status', t('status'), { placeholder: 'LOCATED' }),
    h(
      'label',
      {},
      t('leadAgency'),
      h(
        'select',
        { name: 'leadAgency' },
        h('option', { value: '' }, t('any')),
        AGENCIES.map((agency) => h('option', { value: agency, selected: params.get('leadAgency') === agency }, agency)),
      ),
    ),
    input('operationId', t('operation')),
    input('flightId', t('flight')),
    input('deadlineWithinDays', t('deadlineWithinDays'), { type: 'number', min: 0, max: 365 }),
    h(
      'label',
      { class: 'check' },
      h('input', { type: 'checkbox', name: 'open', value: 'true', checked: params.get('open') === 'true' }),
      t('openOnly'),
    ),
    h('button', { type: 'submit' }, t('filter')),
  );

  async function load(): Promise<void> {
    const days = params.get('deadlineWithinDays');
    try {
      const page = await call<{ cases: CaseEntry[]; nextCursor: string | null }>(
        `/read/cases${query({
          kind,
          status: params.get('status'),
          leadAgency: params.get('leadAgency'),
          operationId: params.get('operationId'),
          flightId: params.get('flightId'),
          open: params.get('open'),
          deadlineBefore: days ? new Date(Date.now() + Number(days) * 86_400_000).toISOString() : undefined,
          limit: PAGE_SIZE,
          cursor: params.get('cursor'),
        })}`,
      );
      const next = new URLSearchParams(params);
      if (page.nextCursor) next.set('cursor', page.nextCursor);
      const first = new URLSearchParams(params);
      first.delete('cursor');
      show(
        results,
        page.cases.length === 0
          ? h('p', {}, t('noCases'))
          : table(
              [t('caseId'), t('status'), t('leadAgency'), t('operation'), t('flight'), t('nextDeadline'), t('lastEvent')],
              page.cases.map((entry) => [
                caseLink(entry.caseId),
                h('span', { class: 'status' }, entry.status),
                entry.leadAgency ?? '–',
                entry.operationId ?? '–',
                entry.flightId ?? '–',
                entry.nextDeadline ? h('span', {}, `${entry.nextDeadline.kind} `, countdown(entry.nextDeadline.dueAt)) : '–',
                when(entry.lastEventAt),
              ]),
              `${t('cases')}: ${kind}`,
            ),
        h(
          'nav',
          { class: 'paging', 'aria-label': 'paging' },
          params.get('cursor') ? h('a', { href: `#/cases/${kind}?${first}` }, t('firstPage')) : null,
          page.nextCursor ? h('a', { href: `#/cases/${kind}?${next}` }, t('nextPage')) : null,
        ),
      );
    } catch (error) {
      show(results, problemBox(error as Error));
    }
  }

  show(
    root,
    h('h1', {}, `${t('cases')}: ${kind}`),
    h(
      'nav',
      { class: 'tabs', 'aria-label': t('kind') },
      Object.keys(session.me.caseKinds).map((each) =>
        h('a', { href: `#/cases/${each}`, 'aria-current': each === kind ? 'page' : undefined }, each),
      ),
    ),
    openCaseForm(session, kind),
    filters,
    results,
  );
  void load();
  subscribeWhileShown((event) => {
    if (event.streamId.startsWith(`${kind}-`)) refreshAfterEvent(() => void load());
  });
}

function openCaseForm(session: Session, kind: string): HTMLElement | null {
  const opening = session.openings.get(kind);
  const schema = session.bodies.get(kind);
  if (!opening || !schema || !session.me.caseKinds[kind]?.commands.includes(opening)) return null;
  const form = schemaForm(schema, `open-${kind}`);
  const outcome = h('div', { 'aria-live': 'polite' });
  return h(
    'details',
    { class: 'open-case' },
    h('summary', {}, `${t('openCase')} (${opening})`),
    h(
      'form',
      {
        onsubmit: async (event: Event) => {
          event.preventDefault();
          const body = form.read();
          if (!body) return;
          try {
            const opened = await call<{ caseId: string }>(`/cases/${kind}`, { method: 'POST', body });
            location.hash = `#/case/${encodeURIComponent(opened.caseId)}`;
          } catch (error) {
            showProblem(form, outcome, error);
          }
        },
      },
      form.element,
      h('button', { type: 'submit' }, t('send')),
      outcome,
    ),
  );
}

/** A 400's field errors beside their fields (the rest in the outcome), any other problem in words. */
export function showProblem(form: ReturnType<typeof schemaForm>, outcome: HTMLElement, error: unknown): void {
  if (error instanceof ApiProblem && error.problem.status === 400) {
    const unplaced = (error.problem.errors ?? []).filter((issue) => !form.showError(issue.path.replace(/^body\.?/, ''), issue.message));
    show(
      outcome,
      h(
        'div',
        { class: 'problem', role: 'alert' },
        h('strong', {}, t('invalid')),
        h('p', {}, error.message),
        unplaced.map((issue) => h('p', {}, `${issue.path}: ${issue.message}`)),
      ),
    );
    return;
  }
  show(outcome, problemBox(error as Error));
}
