// Events as they happen, from the API's SSE stream: POST /streams/session puts the access token in
// an HttpOnly cookie that only GET /streams/events accepts (an EventSource cannot send a header),
// then one EventSource serves every page. Pages subscribe while they are shown.
import { call } from './api.ts';

export interface LiveEvent {
  streamId: string;
  type: string;
  data: Record<string, unknown>;
}

type Listener = (event: LiveEvent) => void;
const listeners = new Set<Listener>();
let source: EventSource | undefined;

/** Shown in the header: whether events arrive. */
let onState: (connected: boolean) => void = () => undefined;

export function whenLiveChanges(handler: (connected: boolean) => void): void {
  onState = handler;
}

export async function startLive(eventTypes: readonly string[]): Promise<void> {
  source?.close();
  await call('/streams/session', { method: 'POST' });
  const stream = new EventSource('/streams/events');
  source = stream;
  stream.onopen = () => onState(true);
  stream.onerror = () => onState(false);
  // Every message is named after its event type; an EventSource hands named messages only to listeners of that name.
  const deliver = (message: MessageEvent<string>) => {
    const event = JSON.parse(message.data) as LiveEvent;
    for (const listener of listeners) listener(event);
  };
  for (const type of eventTypes) stream.addEventListener(type, deliver);
}

/** Calls `listener` for each event until the returned function is called. */
export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Everything a page subscribed, ended when the console shows another page. */
const pageSubscriptions: (() => void)[] = [];
export function subscribeWhileShown(listener: Listener): void {
  pageSubscriptions.push(subscribe(listener));
}
export function endPageSubscriptions(): void {
  for (const end of pageSubscriptions.splice(0)) end();
}

/** Runs `tick` every second while the page is shown (the deadlines' countdowns). */
export function everySecondWhileShown(tick: () => void): void {
  const timer = setInterval(tick, 1000);
  pageSubscriptions.push(() => clearInterval(timer));
}

/**
 * Runs `refresh` after an event, and again a moment later: read models follow the event store by
 * a moment (the relay, Kafka, the projector), so the first read may not show the event yet.
 */
export function refreshAfterEvent(refresh: () => void): void {
  for (const delay of [300, 1500, 4000, 10_000, 20_000, 40_000, 60_000]) laterWhileShown(refresh, delay);
}

/** Runs `task` after `delayMs`, unless the console shows another page by then. */
export function laterWhileShown(task: () => void, delayMs: number): void {
  const timer = setTimeout(task, delayMs);
  pageSubscriptions.push(() => clearTimeout(timer));
}
