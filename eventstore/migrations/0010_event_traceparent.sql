-- Up Migration
-- The W3C traceparent of the command that appended an event (infra/tracing.ts), kept with the event
-- so that the relay, another process, can carry the trace on to Kafka as the CloudEvents
-- `ce_traceparent` header, and the event streams can continue it. Null when tracing was off: a
-- trace id and a span id, nothing about the case. Adding a nullable column rewrites no row.
ALTER TABLE events ADD COLUMN traceparent text;

-- Down Migration
ALTER TABLE events DROP COLUMN IF EXISTS traceparent;
