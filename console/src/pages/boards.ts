// The boards, from the read models: deadlines at risk (overdue first), flights and a flight's
// manifest, operations and what an operation's raids achieved with the cases they opened, and the
// campaign statistics as charts with estimates kept apart. Each refreshes as events arrive.
import { ApiProblem, call, query } from '../api.ts';
import { h, show, svg } from '../dom.ts';
import { t, when } from '../i18n.ts';
import { everySecondWhileShown, laterWhileShown, refreshAfterEvent, subscribeWhileShown } from '../live.ts';
import { caseLink, countdown, problemBox, table, updateCountdowns } from '../view.ts';

/** Shows what `load` renders in `box`, or the problem; loads again after each event `concerns`. */
function liveBox(box: HTMLElement, load: () => Promise<(Node | string | null)[]>, concerns: (streamId: string) => boolean): void {
  const refresh = async (attempt = 0) => {
    try {
      show(box, await load());
    } catch (error) {
      show(box, problemBox(error as Error));
      // A board of something just made may not be in the read model yet: look again, less and less often.
      if (error instanceof ApiProblem && error.problem.status === 404 && attempt < 10) {
        laterWhileShown(() => void refresh(attempt + 1), 1000 * 2 ** Math.min(attempt, 4));
      }
    }
  };
  show(box, t('loading'));
  void refresh();
  subscribeWhileShown((event) => {
    if (concerns(event.streamId)) refreshAfterEvent(() => void refresh());
  });
}

interface Deadline {
  caseId: string;
  kind: string;
  deadline: string;
  dueAt: string;
  overdue: boolean;
  escalated: boolean;
  leadAgency: string | null;
}

export function deadlinesBoard(root: HTMLElement): void {
  const box = h('div', {});
  show(root, h('h1', {}, t('deadlines')), box);
  liveBox(
    box,
    async () => {
      const { deadlines } = await call<{ deadlines: Deadline[] }>(`/read/deadlines${query({ withinDays: 30, limit: 100 })}`);
      const sorted = [...deadlines].sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueAt.localeCompare(b.dueAt));
      return [
        table(
          [t('caseId'), t('kind'), t('deadlinesOf'), '', '', t('leadAgency')],
          sorted.map((d) => [caseLink(d.caseId), d.kind, d.deadline, when(d.dueAt), countdown(d.dueAt), d.leadAgency ?? '–']),
          t('deadlines'),
        ),
      ];
    },
    () => true,
  );
  everySecondWhileShown(() => updateCountdowns(root));
}

interface Flight {
  flightId: string;
  flightNumber: string | null;
  origin: string | null;
  destination: string | null;
  status: string;
  capacity: number;
  escortRatio: number;
  officers: number | null;
  manifested: number;
  plannedAt: string | null;
}

export function flightsBoard(root: HTMLElement): void {
  const box = h('div', {});
  show(root, h('h1', {}, t('flights')), box);
  liveBox(
    box,
    async () => {
      const { flights } = await call<{ flights: Flight[] }>(`/read/flights${query({ limit: 100 })}`);
      return [
        table(
          [t('flight'), '', t('status'), t('capacity'), t('manifest')],
          flights.map((f) => [
            h('a', { href: `#/flight/${encodeURIComponent(f.flightId)}` }, f.flightId),
            `${f.flightNumber ?? ''} ${f.origin ?? ''}→${f.destination ?? ''}`,
            f.status,
            String(f.capacity),
            String(f.manifested),
          ]),
          t('flights'),
        ),
      ];
    },
    (streamId) => streamId.startsWith('flight-'),
  );
}

interface Manifest {
  flight: Flight;
  entries: { caseId: string; seat: string | null; status: string; releasedCause: string | null }[];
  withheldEntries: number;
}

export function manifestBoard(root: HTMLElement, flightId: string): void {
  const box = h('div', {});
  show(root, h('p', {}, h('a', { href: '#/flights' }, `← ${t('flights')}`)), h('h1', {}, `${t('manifest')}: ${flightId}`), box);
  let seatHolders = new Set<string>();
  liveBox(
    box,
    async () => {
      const { flight, entries, withheldEntries } = await call<Manifest>(`/read/flights/${encodeURIComponent(flightId)}/manifest`);
      seatHolders = new Set(entries.map((entry) => entry.caseId));
      return [
        h(
          'dl',
          { class: 'summary' },
          h('dt', {}, t('status')),
          h('dd', {}, flight.status),
          h('dt', {}, t('flight')),
          h('dd', {}, `${flight.flightNumber ?? '–'} ${flight.origin ?? ''}→${flight.destination ?? ''}`),
          h('dt', {}, t('capacity')),
          h('dd', { 'data-testid': 'manifested' }, `${flight.manifested} / ${flight.capacity}`),
          h('dt', {}, t('escorts')),
          h('dd', {}, `${flight.officers ?? 0} (${flight.escortRatio}×)`),
        ),
        table(
          [t('caseId'), t('seat'), t('clearance')],
          entries.map((entry) => [
            caseLink(entry.caseId),
            entry.seat ?? '–',
            entry.releasedCause ? `${entry.status}: ${entry.releasedCause}` : entry.status,
          ]),
          t('manifest'),
        ),
        withheldEntries ? h('p', {}, `+${withheldEntries} ${t('withheld')}`) : null,
      ];
    },
    // The flight's own events, and those of the suspects who hold or ask for a seat (a suspect's join is recorded on both).
    (streamId) => streamId === flightId || seatHolders.has(streamId) || streamId.startsWith('suspect-'),
  );
}

interface Operation {
  operationId: string;
  codeName: string | null;
  status: string;
  leadAgency: string | null;
  hostCountry: string | null;
  provinces: string[];
  launchedAt: string | null;
  targetsRaided: number;
  suspectsDetained: number;
  victimsRescued: number;
  pendingScreening: number;
  casesOpened: number;
}

export function operationsBoard(root: HTMLElement): void {
  const box = h('div', {});
  show(root, h('h1', {}, t('operations')), box);
  liveBox(
    box,
    async () => {
      const { operations } = await call<{ operations: Operation[] }>(`/read/operations${query({ limit: 100 })}`);
      return [
        table(
          [t('operation'), '', t('status'), t('targetsRaided'), t('suspectsDetained'), t('victimsRescued')],
          operations.map((o) => [
            h('a', { href: `#/operation/${encodeURIComponent(o.operationId)}` }, o.operationId),
            o.codeName ?? '',
            o.status,
            String(o.targetsRaided),
            String(o.suspectsDetained),
            String(o.victimsRescued),
          ]),
          t('operations'),
        ),
      ];
    },
    (streamId) => streamId.startsWith('operation-'),
  );
}

export function operationBoard(root: HTMLElement, operationId: string): void {
  const box = h('div', {});
  show(root, h('p', {}, h('a', { href: '#/operations' }, `← ${t('operations')}`)), h('h1', {}, operationId), box);
  liveBox(
    box,
    async () => {
      const [operation, { cases }] = await Promise.all([
        call<Operation>(`/read/operations/${encodeURIComponent(operationId)}`),
        call<{ cases: { caseId: string; kind: string; status: string }[] }>(`/read/cases${query({ operationId, limit: 100 })}`),
      ]);
      return [
        h('p', {}, `${operation.codeName ?? ''} · ${operation.status} · ${operation.leadAgency ?? ''} · ${operation.provinces.join(', ')}`),
        h('h2', {}, t('raids')),
        table(
          [t('targetsRaided'), t('suspectsDetained'), t('victimsRescued'), t('pendingScreening')],
          [[operation.targetsRaided, operation.suspectsDetained, operation.victimsRescued, operation.pendingScreening].map(String)],
          t('raids'),
        ),
        h('h2', {}, t('casesOpened')),
        table(
          [t('caseId'), t('kind'), t('status')],
          cases.filter((c) => c.caseId !== operationId).map((c) => [caseLink(c.caseId), c.kind, c.status]),
          t('casesOpened'),
        ),
      ];
    },
    () => true,
  );
}

interface Counter {
  metric: string;
  hostCountry: string;
  bucket: string;
  value: number;
}

/** A horizontal bar per label, drawn in SVG with its value written beside it. */
function barChart(title: string, bars: [string, number][]): HTMLElement {
  const max = Math.max(1, ...bars.map(([, value]) => value));
  const rowHeight = 22;
  const chart = svg(
    'svg',
    { viewBox: `0 0 420 ${bars.length * rowHeight + 4}`, role: 'img', 'aria-label': title, class: 'chart' },
    bars.map(([label, value], i) => [
      svg('text', { x: 0, y: i * rowHeight + 15, class: 'label' }, label),
      svg('rect', { x: 140, y: i * rowHeight + 3, width: Math.max(1, (value / max) * 230), height: rowHeight - 6 }),
      svg('text', { x: 146 + (value / max) * 230, y: i * rowHeight + 15 }, String(value)),
    ]),
  );
  return h('figure', {}, h('figcaption', {}, title), chart);
}

export function statisticsBoard(root: HTMLElement): void {
  const box = h('div', {});
  show(root, h('h1', {}, t('statistics')), box);
  liveBox(
    box,
    async () => {
      const { counters, note } = await call<{ counters: Counter[]; note: string }>('/read/statistics');
      const byMetric = new Map<string, Map<string, number>>();
      for (const counter of counters) {
        const bars = byMetric.get(counter.metric) ?? new Map<string, number>();
        const label = counter.bucket || counter.hostCountry || '–';
        bars.set(label, (bars.get(label) ?? 0) + counter.value);
        byMetric.set(counter.metric, bars);
      }
      return [
        h('h2', {}, t('counts')),
        h(
          'div',
          { class: 'charts' },
          [...byMetric].map(([metric, bars]) =>
            barChart(
              metric,
              [...bars].sort(([a], [b]) => a.localeCompare(b)),
            ),
          ),
        ),
        h('h2', {}, t('estimates')),
        h('p', { class: 'note' }, note),
      ];
    },
    () => true,
  );
}
