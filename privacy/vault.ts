// The one door to personal values of victim cases: the event store seals them as it appends and
// opens them as it reads; a consumer of the case topics or of a read model opens them where it
// shows them. Keys to open with are looked up per call, never cached, so an erasure holds from the
// next read on.
//
// Why the relay publishes the values sealed, as stored, rather than opened: Kafka keeps messages
// (forever, by default) and a projection rebuild replays them, so plaintext published before an
// erasure would outlive it in the topics and come back in every rebuilt read model. Sealed, they
// travel through Kafka into the read models as ciphertext, and destroying the key reaches every copy
// at once without rewriting a log. The price: a consumer that shows the values opens them here,
// with a read of the key table (the dossier route, the agency router).
import type pg from 'pg';
import { eventDefinition } from '../events/catalogue.ts';
import type { Keyring } from '../infra/keyring.ts';
import { DataKeys } from './data-keys.ts';
import { loadMasterKeyring } from './master-key.ts';
import { dataSubjectOf, mapPersonalFields, mapSealedValues, schemaSealsPersonalData, sealedValuesIn } from './personal-fields.ts';
import { ERASED, openValue, sealValue } from './sealed-value.ts';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** What sealing needs of an event: its type (for the schema's marks) and data. */
export interface EventToSeal {
  type: string;
  data: Record<string, unknown>;
}

function hasPersonalValue(event: EventToSeal): boolean {
  const schema = eventDefinition(event.type).data;
  if (!schemaSealsPersonalData(schema)) return false;
  let found = false;
  mapPersonalFields(schema, event.data, (value) => {
    found = true;
    return value;
  });
  return found;
}

export class PersonalDataVault {
  private readonly keys: DataKeys;

  constructor(db: Queryable, master: Keyring = loadMasterKeyring()) {
    this.keys = new DataKeys(db, master);
  }

  /**
   * The events of one stream with the personal values of victim cases sealed under each person's key (created
   * when missing). Events about no victim, or without personal values, come back as they were.
   */
  async sealEvents<E extends EventToSeal>(streamId: string, events: readonly E[]): Promise<E[]> {
    const subjects = events.map((event) => {
      const subject = dataSubjectOf(streamId, event.data);
      return subject && hasPersonalValue(event) ? subject : null;
    });
    const wanted = [...new Set(subjects.filter((subject): subject is string => subject !== null))];
    if (wanted.length === 0) return [...events];
    const keys = await this.keys.forSealing(wanted);
    return events.map((event, i) => {
      const subject = subjects[i];
      if (!subject) return event;
      const key = keys.get(subject)!;
      const seal = (value: unknown) => (key === 'erased' ? ERASED : sealValue(key, subject, value));
      return { ...event, data: mapPersonalFields(eventDefinition(event.type).data, event.data, seal) as Record<string, unknown> };
    });
  }

  /** The events with every sealed value opened, or ERASED where the person's key was destroyed. */
  async openEvents<E extends { data: Record<string, unknown> }>(events: readonly E[]): Promise<E[]> {
    const opened = await this.openValues(events.map((event) => event.data));
    return events.map((event, i) => (opened[i] === event.data ? event : { ...event, data: opened[i] as Record<string, unknown> }));
  }

  /**
   * Any values (event data, read-model rows) with every sealed value inside opened, or ERASED. A
   * value holding nothing sealed comes back as the same object.
   */
  async openValues(values: readonly unknown[]): Promise<unknown[]> {
    const sealed = values.map((value) => sealedValuesIn(value));
    const subjects = [...new Set(sealed.flat().map((s) => s.subject))];
    if (subjects.length === 0) return [...values];
    const keys = await this.keys.forOpening(subjects);
    return values.map((value, i) =>
      sealed[i]!.length === 0
        ? value
        : mapSealedValues(value, (s) => {
            const key = keys.get(s.subject)!;
            return key === 'erased' ? ERASED : openValue(key, s);
          }),
    );
  }
}
