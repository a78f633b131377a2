// A PostgreSQL pool for a long-running process that must outlive a database crash. pg emits
// 'error' on an idle pooled client (on the pool) and on a checked-out client whose connection
// dies (on the client); either, unhandled, ends the process. Here both are logged; the query in
// flight fails on its own and the pool connects afresh for the next one. (Found by `npm run
// chaos`: kill -9 of PostgreSQL ended the projector, and before that the worker.)
import pg from 'pg';

export function resilientPool(config: pg.PoolConfig, warn: (message: string) => void): pg.Pool {
  const pool = new pg.Pool(config);
  const report = (error: Error) => warn(`PostgreSQL connection lost (${error.message})`);
  pool.on('error', report);
  pool.on('connect', (client) => client.on('error', report));
  return pool;
}
