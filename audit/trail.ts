// Writing and reading the audit trail (audit.trail, provisioned by trail.sql). The application may
// only add entries and read them: the database refuses it anything else.
import type pg from 'pg';
import { z } from 'zod';
import { Agency, Role } from '../events/envelope.ts';
import { PersonalDataCategory } from '../events/personal-data.ts';

export const AuditAccess = z
  .enum(['command', 'personal-data', 'history', 'audit', 'read'])
  .describe(
    'why the entry exists: a command, a read of personal data, a supervisor history, a read of the trail, or another read that was refused',
  );
export type AuditAccess = z.infer<typeof AuditAccess>;

export const AuditEntry = z.object({
  userId: z.string().nullable().describe('who, as the bearer token named them; null when no valid token was shown'),
  agency: Agency.nullable(),
  role: Role.nullable(),
  operation: z.string().describe('the policy operation, e.g. case.command, case.history, audit.read'),
  action: z.string().describe("the route's operationId (commandCase, getCaseState …) or the CLI command"),
  method: z.string(),
  path: z.string().describe('the path, without the query string'),
  caseId: z.string().nullable(),
  access: AuditAccess,
  personalData: z.array(PersonalDataCategory).describe('personal-data categories the answer could carry unredacted'),
  outcome: z.enum(['allowed', 'denied']),
  status: z.number().int().describe('the HTTP status answered (the CLI answers 200)'),
  requestId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditRecord = AuditEntry.extend({
  id: z.string().describe('the place of the entry in the trail'),
  recordedAt: z.iso.datetime({ offset: true }).describe('when the database recorded it (the application cannot set it)'),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

export interface AuditFilter {
  userId?: string;
  agency?: Agency;
  caseId?: string;
  /** recordedAt at or after. */
  from?: Date;
  /** recordedAt before. */
  to?: Date;
}

export interface AuditPage {
  entries: AuditRecord[];
  /** Pass back as `before` for the next (older) page; null on the last page. */
  nextBefore: string | null;
}

interface TrailRow {
  id: string;
  recorded_at: Date;
  user_id: string | null;
  agency: Agency | null;
  role: Role | null;
  operation: string;
  action: string;
  method: string;
  path: string;
  case_id: string | null;
  access: AuditAccess;
  personal_data: PersonalDataCategory[];
  outcome: 'allowed' | 'denied';
  status: number;
  request_id: string | null;
}

const toRecord = (row: TrailRow): AuditRecord => ({
  id: row.id,
  recordedAt: row.recorded_at.toISOString(),
  userId: row.user_id,
  agency: row.agency,
  role: row.role,
  operation: row.operation,
  action: row.action,
  method: row.method,
  path: row.path,
  caseId: row.case_id,
  access: row.access,
  personalData: row.personal_data,
  outcome: row.outcome,
  status: row.status,
  requestId: row.request_id,
});

const INSERT = `
INSERT INTO audit.trail (user_id, agency, role, operation, action, method, path, case_id, access, personal_data, outcome, status, request_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`;

export class AuditTrail {
  constructor(private readonly db: Pick<pg.Pool, 'query'>) {}

  async record(entry: AuditEntry): Promise<void> {
    const e = AuditEntry.parse(entry);
    await this.db.query({
      name: 'taskforce-audit-record',
      text: INSERT,
      values: [
        e.userId,
        e.agency,
        e.role,
        e.operation,
        e.action,
        e.method,
        e.path,
        e.caseId,
        e.access,
        e.personalData,
        e.outcome,
        e.status,
        e.requestId,
      ],
    });
  }

  /** Entries matching every given filter, newest first, `limit` at a time, older than `before`. */
  async query(filter: AuditFilter, page: { limit: number; before?: string }): Promise<AuditPage> {
    const conditions: string[] = [];
    const values: unknown[] = [];
    const where = (sql: string, value: unknown) => {
      values.push(value);
      conditions.push(sql.replace('?', `$${values.length}`));
    };
    if (filter.userId !== undefined) where('user_id = ?', filter.userId);
    if (filter.agency !== undefined) where('agency = ?', filter.agency);
    if (filter.caseId !== undefined) where('case_id = ?', filter.caseId);
    if (filter.from !== undefined) where('recorded_at >= ?', filter.from);
    if (filter.to !== undefined) where('recorded_at < ?', filter.to);
    if (page.before !== undefined) where('id < ?', page.before);
    values.push(page.limit + 1);
    // `trail.id`, not `id`: ORDER BY would take the output column `id::text` and sort "9" above "10".
    const { rows } = await this.db.query<TrailRow>(
      `SELECT id::text, recorded_at, user_id, agency, role, operation, action, method, path, case_id, access, personal_data, outcome,
              status, request_id
         FROM audit.trail ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY trail.id DESC LIMIT $${values.length}`,
      values,
    );
    const entries = rows.slice(0, page.limit).map(toRecord);
    return { entries, nextBefore: rows.length > page.limit ? entries.at(-1)!.id : null };
  }
}
