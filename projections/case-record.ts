// One case as the read side folds it: what its kind's read side keeps (workflows/<kind>/read-side.ts:
// the kind's own decider state, folded by the same evolve the workflow runs, so a read model never
// disagrees with the workflow about a status, plus anything the kind's read models need beside it),
// and what every read model needs of any case: when it opened, its latest event, the highest
// classification it has seen, and when each event type first happened. Personal data never enters
// a record: the read sides keep only references. Pure.
import { type Classification, classificationRank, type EventEnvelope } from '../events/envelope.ts';
import type { ListedState, ReadFields } from '../workflows/case-kit/read-side.ts';
import { CASE_KIND_SPECS, type CaseKind, type KindDefinitionOf, kindOfCaseId } from '../workflows/kinds.ts';

interface RecordBase {
  caseId: string;
  streamVersion: number;
  openedAt: string;
  lastEventAt: string;
  classification: Classification;
  /** Event type → when it first happened (its occurredAt). */
  firsts: Record<string, string>;
}

/** What a kind's read side keeps of one of its cases, with its own types. */
type FieldsOf<Kind extends CaseKind> = ReturnType<KindDefinitionOf<Kind>['readSide']['open']>;

export type RecordOf<Kind extends CaseKind> = RecordBase & { kind: Kind } & FieldsOf<Kind>;

export type CaseRecord = { [Kind in CaseKind]: RecordOf<Kind> }[CaseKind];

/** A stream id is `<case kind>-<case reference>`, so it names its kind (the registry parses it). */
export function kindOfStream(streamId: string): CaseKind {
  const kind = kindOfCaseId(streamId);
  if (!kind) throw new Error(`stream ${streamId} names no case kind`);
  return kind;
}

/** What the kind's read side keeps of a record: everything but the fields every record has. */
function keptOf(record: CaseRecord): ReadFields<ListedState, object> {
  const {
    caseId: _id,
    kind: _kind,
    streamVersion: _version,
    openedAt: _opened,
    lastEventAt: _last,
    classification: _class,
    firsts: _firsts,
    ...kept
  } = record;
  return kept;
}

/** The record after one more event of its stream (the runner guarantees stream order, once each). */
export function foldCase(record: CaseRecord | null, event: EventEnvelope): CaseRecord {
  const kind = record?.kind ?? kindOfStream(event.streamId);
  const readSide = CASE_KIND_SPECS[kind].readSide;
  const folded = readSide.fold(record ? keptOf(record) : readSide.open(event.streamId), event);
  const classification = record?.classification ?? event.classification;
  const firsts = record?.firsts ?? {};
  const base: RecordBase = {
    caseId: event.streamId,
    streamVersion: event.streamVersion,
    openedAt: record?.openedAt ?? event.occurredAt,
    lastEventAt: event.occurredAt,
    classification: classificationRank(event.classification) > classificationRank(classification) ? event.classification : classification,
    firsts: Object.hasOwn(firsts, event.type) ? firsts : { ...firsts, [event.type]: event.occurredAt },
  };
  // The kind's own read side folded its fields; with the kind they are that kind's record.
  return { ...base, kind, ...folded } as CaseRecord;
}
