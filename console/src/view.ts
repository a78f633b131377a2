// Pieces every page uses: a hidden value that says why, a countdown to a deadline, a table, a
// problem shown in words, and links between pages.
import type { ApiProblem } from './api.ts';
import { h } from './dom.ts';
import { duration, t, when } from './i18n.ts';

/** The marker access/redact.ts puts in place of a value the caller may not see. */
export const REDACTED = '[REDACTED]';

export function hiddenValue(why: string): HTMLElement {
  return h('span', { class: 'hidden-value', title: why }, `🔒 ${t('hidden')}`, h('span', { class: 'why' }, ` — ${why}`));
}

/** A value from the API as text, or the hidden marker with its reason. */
export function valueCell(value: unknown, why: () => string): Node | string {
  if (value === REDACTED) return hiddenValue(why());
  if (value === null || value === undefined) return '–';
  if (typeof value === 'object') return h('code', {}, JSON.stringify(value));
  return String(value);
}

/** "due in 2d 3h" or "overdue by 5h", kept current by the page's second tick (data-due). */
export function countdown(dueAt: string): HTMLElement {
  const element = h('span', { class: 'countdown', 'data-due': dueAt });
  updateCountdown(element);
  return element;
}

export function updateCountdown(element: HTMLElement): void {
  const left = Date.parse(element.dataset.due ?? '') - Date.now();
  element.textContent = left < 0 ? `${t('overdue')} ${duration(left)}` : `${t('dueIn')} ${duration(left)}`;
  element.classList.toggle('overdue', left < 0);
}

export function updateCountdowns(root: ParentNode): void {
  for (const element of root.querySelectorAll<HTMLElement>('.countdown')) updateCountdown(element);
}

export function table(headers: readonly string[], rows: readonly (readonly (Node | string)[])[], label: string): HTMLElement {
  return h(
    'table',
    { 'aria-label': label },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headers.map((header) => h('th', { scope: 'col' }, header)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((row) =>
        h(
          'tr',
          {},
          row.map((cell) => h('td', {}, cell)),
        ),
      ),
    ),
  );
}

export const caseLink = (caseId: string) => h('a', { href: `#/case/${encodeURIComponent(caseId)}` }, caseId);

export function problemBox(problem: ApiProblem | Error): HTMLElement {
  const details = 'problem' in problem ? problem.problem : undefined;
  return h(
    'div',
    { class: 'problem', role: 'alert' },
    h('strong', {}, details ? `${t('refused')} (${details.status})` : t('error')),
    details?.rule ? h('p', {}, `${t('rule')}: `, h('code', {}, details.rule)) : null,
    h('p', {}, problem.message),
  );
}

export { when };
