// The web console in a real browser (headless Chromium) against the real stack: people sign in
// through the OpenID Connect provider's form and work through the console's pages alone. Each page
// is photographed into docs/console/ (the README shows them).
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { terminateCases } from '../integration/api-cases-support.ts';
import { type ConsoleStack, startConsoleStack, TEMPORAL_UI } from './console-stack.ts';

/** How long a page may take to show what a test waits for: the machine running the suite is often busy. */
const WAIT = { timeout: 90_000, interval: 250 };
const SCREENSHOTS = path.resolve(import.meta.dirname, '../../docs/console');
const photograph = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

let stack: ConsoleStack;
const opened: string[] = [];
/** The victim case the MOFA operator opens through the console; the later tests read it. */
const victimId = `victim-console-${randomUUID().slice(0, 8)}`;
opened.push(victimId);

beforeAll(async () => {
  stack = await startConsoleStack();
}, 240_000);

afterAll(async () => {
  if (!stack) return;
  await terminateCases(stack.harness, opened);
  await stack.close();
});

describe('the web console', () => {
  it('a MOFA operator opens a victim case and records its location through the forms, and sees it in the list', {
    timeout: 240_000,
  }, async () => {
    const page = await stack.signedIn('mofa-operator-confidential');
    await page.getByText('Open a case (reportVictim)').click();
    await page.locator('#open-victim-caseId').fill(victimId);
    await page.locator('#open-victim-leadAgency').selectOption('MOFA');
    await page.locator('#open-victim-personName').fill('Person K');
    await page.locator('#open-victim-reportedBy').selectOption('family');
    await page.locator('#open-victim-hostCountry').fill('KH');
    await page.locator('#open-victim-contactPhone').fill('+82 10 5555 0101');
    await page.locator('#open-victim-familyContact').fill('Sister, Busan');
    await page.getByRole('button', { name: 'Send' }).click();

    // The case page: reported, waiting for a command of the ones offered.
    await page.waitForURL(`**#/case/${victimId}`);
    await expect.poll(() => page.getByTestId('case-status').textContent(), WAIT).toBe('REPORTED');
    const location = page.locator('details[data-command="recordLocation"]');
    await location.locator('summary').click();
    // The browser checks the form against the command's schema before the API does: the error shows beside its field.
    await location.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('#recordLocation-location-error').textContent(), WAIT).toBe('required');
    await page.locator('#recordLocation-location').fill('Compound 7, Sihanoukville');
    await page.locator('#recordLocation-confirmedBy').selectOption('NPA');
    await location.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.getByTestId('command-outcome').textContent(), WAIT).toBe('Recorded: VictimLocated');
    await expect.poll(() => page.getByTestId('case-status').textContent(), WAIT).toBe('LOCATED');
    await expect.poll(() => page.locator('.waiting').textContent(), WAIT).toMatch(/the clock rescueDeadline: .* — due in \d+d/);
    // The operator's agency sees the person's contact (the analyst below does not).
    const contact = page.getByRole('row').filter({ hasText: 'familyContact' });
    await expect.poll(() => contact.textContent(), WAIT).toContain('Sister, Busan');
    await photograph(page, 'case');

    // The list (the read model, which follows the events by a moment) shows it, located.
    await page.goto(`${stack.url}#/cases/victim?status=LOCATED&leadAgency=MOFA`);
    const row = page.getByRole('row').filter({ hasText: victimId });
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.locator('table, .problem, main p').first().waitFor();
          return row.count();
        },
        { ...WAIT, interval: 2000 },
      )
      .toBe(1);
    expect(await row.textContent()).toContain('LOCATED');
    await photograph(page, 'cases');
    await page.context().close();
  });

  it('a command the case’s rules refuse shows the rule in words', { timeout: 180_000 }, async () => {
    const page = await stack.signedIn('mofa-operator-confidential');
    await page.goto(`${stack.url}#/case/${victimId}`);
    await expect.poll(() => page.getByTestId('case-status').textContent(), WAIT).toBe('LOCATED');
    // Not offered now (the status does not allow it), but among the kind's other commands.
    await page.locator('.other-commands > summary').click();
    const again = page.locator('.other-commands details[data-command="recordLocation"]');
    await again.locator('summary').click();
    await again.locator('#recordLocation-location').fill('Compound 9');
    await again.locator('#recordLocation-confirmedBy').selectOption('MOFA');
    await again.getByRole('button', { name: 'Send' }).click();
    const problem = again.getByRole('alert').filter({ hasText: 'Refused' });
    await expect.poll(() => problem.textContent(), WAIT).toContain('Refused (409)');
    expect(await problem.textContent()).toContain('Rule: recordLocation-requires-state');
    expect(await problem.textContent()).toContain(
      'recordLocation is allowed only when the victim case is REPORTED or CONTACT_LOST; it is LOCATED',
    );
    await photograph(page, 'refused-command');
    await page.context().close();
  });

  it('an NPA analyst sees the victim’s contact hidden, saying why, and is offered no command', { timeout: 180_000 }, async () => {
    const page = await stack.signedIn('npa-analyst-confidential');
    await page.goto(`${stack.url}#/case/${victimId}`);
    const contact = page.getByRole('row').filter({ hasText: 'familyContact' });
    await expect.poll(() => contact.count(), WAIT).toBe(1);
    expect(await contact.textContent()).toContain('hidden — contact: not shown to NPA analyst on victim cases');
    expect(await contact.textContent()).not.toContain('Busan');
    // An analyst keeps no personal data at all: the name is hidden too, never silently empty.
    expect(await page.getByRole('row').filter({ hasText: 'personName' }).textContent()).toContain('hidden — name: not shown');
    expect(await page.getByText('You may give no command on this case now.').count()).toBe(1);
    // The keyboard reaches everything, starting with the way past the header.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');
    await photograph(page, 'hidden-contact');
    await page.context().close();
  });

  it('a supervisor reads the merged timeline, filters it, and has the link to the Temporal UI', { timeout: 180_000 }, async () => {
    const page = await stack.signedIn('mofa-supervisor-confidential');
    await page.goto(`${stack.url}#/case/${victimId}`);
    const timeline = page.locator('ol.timeline');
    await expect.poll(() => timeline.locator('li').count(), WAIT).toBeGreaterThan(4);
    expect(await timeline.textContent()).toContain('VictimLocated');
    expect(await timeline.textContent()).toContain('update.accepted');
    // Only the domain events.
    await page.getByRole('combobox', { name: 'all sources' }).selectOption('event');
    await expect.poll(() => timeline.locator('li.workflow').count(), WAIT).toBe(0);
    expect(await timeline.locator('li.event').count()).toBe(2);
    await page.getByRole('searchbox', { name: 'Search' }).fill('located');
    await expect.poll(() => timeline.locator('li').count(), WAIT).toBe(1);
    const link = page.getByRole('link', { name: 'Open in the Temporal UI' });
    expect(await link.getAttribute('href')).toBe(`${TEMPORAL_UI}/namespaces/default/workflows/${victimId}`);
    await photograph(page, 'timeline');

    // The boards a supervisor reads, in Korean this time.
    await page.getByRole('button', { name: '한국어' }).click();
    await page.goto(`${stack.url}#/deadlines`);
    const deadline = page.getByRole('row').filter({ hasText: victimId });
    await expect.poll(() => deadline.count(), WAIT).toBe(1);
    expect(await deadline.textContent()).toMatch(/rescue.*남은 시간/);
    await photograph(page, 'deadlines');
    await page.goto(`${stack.url}#/statistics`);
    await expect.poll(() => page.locator('figure').count(), WAIT).toBeGreaterThan(0);
    expect(await page.getByRole('heading', { name: '추정치' }).count()).toBe(1);
    await photograph(page, 'statistics');
    await page.context().close();
  });

  it('the manifest board updates live when a suspect joins the flight', { timeout: 240_000 }, async () => {
    const at = new Date().toISOString();
    const npa = { actor: { agency: 'NPA' as const, role: 'operator' as const, userId: 'npa-desk' }, occurredAt: at };
    const moj = { actor: { agency: 'MOJ' as const, role: 'operator' as const, userId: 'moj-desk' }, occurredAt: at };
    const suspectId = `suspect-console-${randomUUID().slice(0, 8)}`;
    const flightId = `flight-console-${randomUUID().slice(0, 8)}`;
    opened.push(suspectId, flightId);
    // A suspect cleared to travel, and a flight with an open manifest.
    await stack.cases.open(
      'suspect',
      { caseId: suspectId, leadAgency: 'NPA', personName: 'Person S', hostCountry: 'KH', source: 'raid' },
      npa,
    );
    for (const [name, payload] of [
      ['recordArrest', { arrestedBy: 'HOST_POLICE' }],
      ['recordDetention', { basis: 'immigration' }],
      ['orderDeportation', { orderReference: 'GDI-9' }],
      ['recordReEntryBlacklist', {}],
      ['issueTravelDocument', { documentType: 'travel_certificate', documentNumber: 'TC-9' }],
    ] as const) {
      await stack.cases.command(suspectId, name, payload, npa);
    }
    await stack.cases.open('flight', { caseId: flightId, leadAgency: 'MOJ', hostCountry: 'KH' }, moj);
    await stack.cases.command(
      flightId,
      'openManifest',
      { flightNumber: 'KE9691', route: { origin: 'PNH', destination: 'ICN' }, capacity: 3 },
      moj,
    );

    const page = await stack.signedIn('moj-operator-confidential');
    await page.goto(`${stack.url}#/flight/${flightId}`);
    await expect.poll(() => page.getByTestId('manifested').textContent(), WAIT).toBe('0 / 3');
    await expect.poll(() => page.locator('.live').textContent(), WAIT).toContain('live');
    // A mark on the page: gone if the page were loaded again.
    await page.evaluate('window.stillTheSamePage = true');

    await stack.cases.command(flightId, 'addToManifest', { caseId: suspectId, seat: '12A' }, moj);
    const seat = page.getByRole('row').filter({ hasText: suspectId });
    await expect.poll(() => seat.count(), WAIT).toBe(1);
    expect(await seat.textContent()).toContain('12A');
    expect(await page.getByTestId('manifested').textContent()).toBe('1 / 3');
    expect(await page.evaluate('window.stillTheSamePage')).toBe(true);
    await photograph(page, 'manifest');

    // At tablet width the case page folds into one column and stays usable.
    const tablet = await stack.signedIn('moj-operator-confidential', { width: 820, height: 1180 });
    await tablet.goto(`${stack.url}#/case/${flightId}`);
    await expect.poll(() => tablet.getByTestId('case-status').textContent(), WAIT).toBe('MANIFEST_OPEN');
    expect(await tablet.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await photograph(tablet, 'case-tablet');
    await page.context().close();
    await tablet.context().close();
  });

  it('loads nothing from elsewhere: every request went to the API or to the sign-in provider', () => {
    expect(stack.requestedOrigins.size).toBeGreaterThan(0);
    expect([...stack.requestedOrigins].filter((origin) => origin !== stack.apiOrigin && origin !== stack.providerOrigin)).toEqual([]);
  });
});
