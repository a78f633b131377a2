// The AsyncAPI document is generated from the event catalogue; @asyncapi/parser, the reference
// parser, must find it valid, and it must describe every event on every channel that carries it.
import { Parser } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { mayAccessKind } from '../../access/need-to-know.ts';
import { asyncApiDocument } from '../../api/asyncapi.ts';
import { allEventDefinitions } from '../../events/catalogue.ts';
import { Agency } from '../../events/envelope.ts';
import { agencyTopicReader } from '../../streams/agency-topics.ts';
import { CASE_KINDS } from '../../workflows/kinds.ts';

const document = asyncApiDocument('0.0.0-test');
const ERROR = 0; // DiagnosticSeverity.Error

describe('the AsyncAPI document', () => {
  it('is valid AsyncAPI 3.0 for the reference parser, without a single error', async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(JSON.stringify(document));
    expect(diagnostics.filter((d) => d.severity === ERROR).map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(parsed?.version()).toBe('3.0.0');
  });

  it('has a case topic per registered kind, carrying exactly that kind’s events', async () => {
    const { document: parsed } = await new Parser().parse(JSON.stringify(document));
    for (const { kind, events } of CASE_KINDS) {
      const channel = parsed!
        .channels()
        .all()
        .find((c) => c.address() === `taskforce.${kind}.events`);
      expect(channel, kind).toBeDefined();
      expect(
        channel!
          .messages()
          .all()
          .map((m) => m.name())
          .sort(),
      ).toEqual(Object.keys(events).sort());
    }
  });

  it('gives each agency a topic with the kinds it may see, and the event stream every event', async () => {
    const { document: parsed } = await new Parser().parse(JSON.stringify(document));
    const channels = parsed!.channels().all();
    for (const agency of Agency.options) {
      const expected = allEventDefinitions().filter((d) => mayAccessKind(agencyTopicReader(agency), d.kind));
      const channel = channels.find((c) => c.address() === `taskforce.agency.${agency}.events`);
      if (expected.length === 0) expect(channel, agency).toBeUndefined();
      else expect(channel!.messages().all().length, agency).toBe(expected.length);
    }
    const stream = channels.find((c) => c.address() === '/streams/events');
    expect(stream!.messages().all().length).toBe(allEventDefinitions().length);
  });

  it('marks personal fields with their category and documents the CloudEvents headers', async () => {
    const { document: parsed } = await new Parser().parse(JSON.stringify(document));
    const reported = parsed!
      .components()
      .messages()
      .all()
      .find((m) => m.name() === 'VictimReported')!;
    const data = reported.payload()!.properties()!.data!.properties()!;
    expect(data.personName!.extensions().get('x-personal-data')?.value()).toBe('name');
    expect(data.contactPhone!.extensions().get('x-personal-data')?.value()).toBe('phone');
    expect(data.hostCountry!.extensions().get('x-personal-data')).toBeUndefined();
    expect(Object.keys(reported.headers()!.properties()!)).toContain('ce_type');
  });
});
