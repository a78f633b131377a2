// One case: its live state (GET /cases/{id}/state), what it waits for, its deadlines counting
// down, a form for each command the caller may give now (allowedCommands) and, folded away, the
// ones the case's rules refuse in this status; the person's data with hidden values saying why;
// and, for supervisors, the merged timeline. Refreshed as the case's events arrive.
import { call } from '../api.ts';
import { h, show } from '../dom.ts';
import { t, when } from '../i18n.ts';
import { everySecondWhileShown, laterWhileShown, refreshAfterEvent, subscribeWhileShown } from '../live.ts';
import { schemaForm } from '../schema-form.ts';
import { type Session, whyHidden } from '../session.ts';
import { countdown, problemBox, table, updateCountdowns, valueCell } from '../view.ts';
import { showProblem } from './cases.ts';
import { timelineSection } from './timeline.ts';

type State = Record<string, unknown> & { status: string; allowedCommands: string[] };

interface Dossier {
  facts: Record<string, { field: string; value: unknown; at: string; source: { eventType: string } }[]>;
}

const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;

/** The clocks a state holds: fields named like a deadline whose value is an instant. */
function deadlinesOf(state: State): [string, string][] {
  return Object.entries(state).filter(
    (entry): entry is [string, string] =>
      /deadline|dueAt|until|expires/i.test(entry[0]) && typeof entry[1] === 'string' && ISO_INSTANT.test(entry[1]),
  );
}

export function casePage(root: HTMLElement, session: Session, caseId: string): void {
  const kind = caseId.split('-')[0] ?? '';
  const stateBox = h('section', { 'aria-labelledby': 'state-heading' });
  const commandsBox = h('section', { 'aria-labelledby': 'commands-heading' });
  const personBox = h('section', { 'aria-labelledby': 'person-heading' });
  const mayReadHistory = session.me.operations.includes('case.history');
  const timeline = mayReadHistory ? timelineSection(session, caseId) : undefined;
  const recorded = h('p', { class: 'ok', role: 'status', 'data-testid': 'command-outcome' });
  let shownOffer = '';

  async function loadState(): Promise<void> {
    try {
      const state = await call<State>(`/cases/${encodeURIComponent(caseId)}/state`);
      renderState(state);
      renderCommands(state);
    } catch (error) {
      show(stateBox, problemBox(error as Error));
    }
  }

  function renderState(state: State): void {
    const deadlines = deadlinesOf(state);
    const fields = Object.entries(state).filter(([name]) => name !== 'allowedCommands');
    const finished = state.allowedCommands.length === 0 && deadlines.length === 0;
    show(
      stateBox,
      h('h2', { id: 'state-heading' }, t('state'), ' ', h('span', { class: 'status', 'data-testid': 'case-status' }, state.status)),
      h(
        'div',
        { class: 'waiting' },
        h('h3', {}, t('waitingFor')),
        finished
          ? h('p', {}, t('nothingAwaited'))
          : h(
              'ul',
              {},
              state.allowedCommands.length ? h('li', {}, `${t('waitingCommands')} ${state.allowedCommands.join(', ')}`) : null,
              deadlines.map(([name, dueAt]) => h('li', {}, `${t('waitingClock')} ${name}: ${when(dueAt)} — `, countdown(dueAt))),
            ),
      ),
      deadlines.length
        ? h(
            'div',
            {},
            h('h3', {}, t('deadlinesOf')),
            table(
              [t('deadlinesOf'), '', ''],
              deadlines.map(([name, dueAt]) => [name, when(dueAt), countdown(dueAt)]),
              t('deadlinesOf'),
            ),
          )
        : null,
      h(
        'dl',
        { class: 'state' },
        fields.map(([name, value]) => [
          h('dt', {}, name),
          h(
            'dd',
            {},
            valueCell(value, () => whyHidden(session, kind, undefined)),
          ),
        ]),
      ),
    );
  }

  function commandForm(name: string): HTMLElement {
    const schema = session.bodies.get(`${kind}.${name}`) ?? { properties: {} };
    const form = schemaForm(schema, `${name}`);
    const outcome = h('div', { 'aria-live': 'polite', class: 'outcome' });
    return h(
      'details',
      { class: 'command', 'data-command': name },
      h('summary', {}, name),
      h(
        'form',
        {
          'aria-label': name,
          onsubmit: async (event: Event) => {
            event.preventDefault();
            const body = form.read();
            if (!body) return;
            try {
              const result = await call<{ events: string[] }>(`/cases/${encodeURIComponent(caseId)}/commands/${name}`, {
                method: 'POST',
                body,
              });
              // Shown above the forms, which the new state may replace.
              show(recorded, result.events.length ? `${t('sent')} ${result.events.join(', ')}` : t('nothingRecorded'));
              void loadState();
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

  function renderCommands(state: State): void {
    // Forms are made again only when what is offered changes, so an event does not wipe what someone is typing.
    const offered = `${state.status}:${state.allowedCommands.join()}`;
    if (offered === shownOffer) return;
    shownOffer = offered;
    const opening = session.openings.get(kind);
    // What the policy lets this caller give on the kind but the case's status does not allow now: sending one shows the rule.
    const others = (session.me.caseKinds[kind]?.commands ?? []).filter((name) => name !== opening && !state.allowedCommands.includes(name));
    show(
      commandsBox,
      h('h2', { id: 'commands-heading' }, t('commands')),
      recorded,
      state.allowedCommands.length ? state.allowedCommands.map(commandForm) : h('p', {}, t('noCommands')),
      others.length
        ? h(
            'details',
            { class: 'other-commands' },
            h('summary', {}, t('notNow', { status: state.status, count: String(others.length) })),
            others.map(commandForm),
          )
        : null,
    );
  }

  async function loadPerson(attempt = 0): Promise<void> {
    if (kind !== 'victim' && kind !== 'suspect') return;
    try {
      const dossier = await call<Dossier>(`/read/dossiers/${encodeURIComponent(caseId)}`);
      const rows = Object.entries(dossier.facts).flatMap(([category, facts]) =>
        facts.map((fact) => [category, fact.field, valueCell(fact.value, () => whyHidden(session, kind, category)), when(fact.at)]),
      );
      show(
        personBox,
        h('h2', { id: 'person-heading' }, t('personalData')),
        table([t('category'), t('field'), t('value'), t('recordedAt')], rows, t('personalData')),
      );
    } catch {
      // Not yet in the read model, which follows the events by a moment: look again, less and less often.
      show(personBox);
      if (attempt < 10) laterWhileShown(() => void loadPerson(attempt + 1), 1000 * 2 ** Math.min(attempt, 4));
    }
  }

  show(
    root,
    h('p', {}, h('a', { href: `#/cases/${kind}` }, `← ${t('cases')}: ${kind}`)),
    h('h1', {}, caseId),
    h('div', { class: 'case-grid' }, h('div', {}, stateBox, personBox), commandsBox),
    timeline?.element,
  );
  void loadState();
  void loadPerson();
  everySecondWhileShown(() => updateCountdowns(root));
  subscribeWhileShown((event) => {
    if (event.streamId !== caseId) return;
    void loadState();
    refreshAfterEvent(() => void loadPerson());
    timeline?.reload();
  });
}
