// A read-model query's WHERE clause built one filter at a time, with numbered parameters, and the
// one door every read-model query goes through: a value PostgreSQL refuses as data (a timestamp
// out of its range, a forged cursor) is the caller's bad input, answered 400, not a server error.
import type pg from 'pg';
import type { Queryable } from '../../eventstore/stored-events.ts';
import { badRequest } from '../problem.ts';

export class Conditions {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  /** Adds a parameter and returns its placeholder ($n). */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Adds a condition; `build` receives a function that turns a value into a placeholder. */
  where(build: (param: (value: unknown) => string) => string): this {
    this.clauses.push(build((value) => this.param(value)));
    return this;
  }

  /** Adds `column = value` when the value is given. */
  equals(column: string, value: unknown): this {
    if (value !== undefined) this.where((p) => `${column} = ${p(value)}`);
    return this;
  }

  sql(): string {
    return this.clauses.length === 0 ? 'TRUE' : this.clauses.join(' AND ');
  }
}

/** SQLSTATE class 22, data exception: invalid datetime format, value out of range, … */
const DATA_EXCEPTION = /^22/;

export async function queryReadModel<R extends pg.QueryResultRow>(db: Queryable, text: string, params: unknown[]): Promise<R[]> {
  try {
    const result = await db.query<R>(text, params);
    return result.rows;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && DATA_EXCEPTION.test(code)) throw badRequest('a value in the query is out of range or malformed');
    throw error;
  }
}
