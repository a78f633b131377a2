// The console's entry: reads its settings, finishes or starts the sign-in, learns the session,
// opens the live stream, and shows the page the address names (#/cases/<kind>, #/case/<id>,
// #/deadlines, #/flights, #/flight/<id>, #/operations, #/operation/<id>, #/statistics).
import { whenUnauthorized } from './api.ts';
import { accessToken, type ConsoleConfig, completeSignIn, signIn, signOut } from './auth.ts';
import { h, show } from './dom.ts';
import { language, switchLanguage, t } from './i18n.ts';
import { endPageSubscriptions, startLive, whenLiveChanges } from './live.ts';
import { deadlinesBoard, flightsBoard, manifestBoard, operationBoard, operationsBoard, statisticsBoard } from './pages/boards.ts';
import { casePage } from './pages/case.ts';
import { casesPage } from './pages/cases.ts';
import { loadSession, type Session } from './session.ts';
import { problemBox } from './view.ts';

const app = document.getElementById('app')!;
const main = h('main', { id: 'main', tabindex: '-1' });
const liveMark = h('span', { class: 'live', role: 'status' }, t('offline'));

function route(session: Session): void {
  endPageSubscriptions();
  const [path = '', search = ''] = location.hash.replace(/^#/, '').split('?');
  const [, page, id] = path.split('/').map(decodeURIComponent);
  const params = new URLSearchParams(search);
  const firstKind = Object.keys(session.me.caseKinds)[0] ?? 'victim';
  if (page === 'case' && id) casePage(main, session, id);
  else if (page === 'deadlines') deadlinesBoard(main);
  else if (page === 'flights') flightsBoard(main);
  else if (page === 'flight' && id) manifestBoard(main, id);
  else if (page === 'operations') operationsBoard(main);
  else if (page === 'operation' && id) operationBoard(main, id);
  else if (page === 'statistics') statisticsBoard(main);
  else casesPage(main, session, id && session.me.caseKinds[id] ? id : firstKind, params);
  for (const link of document.querySelectorAll('header nav a')) {
    link.toggleAttribute('aria-current', (link.getAttribute('href') ?? '').split('/')[1] === page);
  }
}

function frame(session: Session): void {
  const { caller } = session.me;
  const link = (href: string, label: string) => h('a', { href }, label);
  show(
    app,
    h(
      'a',
      {
        class: 'skip',
        href: '#main',
        onclick: (event: Event) => {
          event.preventDefault();
          main.focus();
        },
      },
      'Skip to content',
    ),
    h(
      'header',
      {},
      h('strong', {}, t('appTitle')),
      h(
        'nav',
        { 'aria-label': 'main' },
        link('#/cases', t('cases')),
        link('#/deadlines', t('deadlines')),
        link('#/flights', t('flights')),
        link('#/operations', t('operations')),
        link('#/statistics', t('statistics')),
      ),
      h('span', { class: 'who' }, `${t('signedInAs')} ${caller.userId} (${caller.agency} ${caller.role}, ${caller.clearance})`),
      liveMark,
      h(
        'button',
        {
          type: 'button',
          lang: language() === 'en' ? 'ko' : 'en',
          onclick: () => {
            switchLanguage();
            frame(session);
          },
        },
        t('language'),
      ),
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            signOut();
            show(app, h('main', {}, h('p', {}, t('signOut'))));
          },
        },
        t('signOut'),
      ),
    ),
    main,
  );
  route(session);
}

async function start(): Promise<void> {
  document.documentElement.lang = language();
  const config = (await (await fetch('/console/config.json')).json()) as ConsoleConfig;
  whenUnauthorized(() => void signIn(config));
  await completeSignIn(config);
  if (!accessToken()) {
    show(app, h('main', {}, h('h1', {}, t('appTitle')), h('p', {}, t('signingIn'))));
    return signIn(config);
  }
  const session = await loadSession(config);
  whenLiveChanges((connected) => {
    liveMark.textContent = connected ? `● ${t('live')}` : t('offline');
    liveMark.classList.toggle('on', connected);
  });
  window.addEventListener('hashchange', () => route(session));
  frame(session);
  await startLive(session.eventTypes);
}

start().catch((error: unknown) => show(app, h('main', {}, problemBox(error as Error))));
