// `taskforce erase <caseId>`: erase a closed victim case's personal data (crypto-shredding, see
// privacy/erasure.ts) straight in the database, for the operator of the system, with the same
// rules as POST /cases/{caseId}/erasure. The erasure is recorded in the audit trail as a command
// of the supervisor named with --by and --agency.
import { type Command, Option } from 'commander';
import pg from 'pg';
import { CASE_COMMANDERS } from '../access/policy.ts';
import { AuditTrail } from '../audit/trail.ts';
import type { Agency } from '../events/envelope.ts';
import { loadSettings } from '../infra/settings.ts';
import { ErasureCaseNotFoundError, ErasureGround, ErasureRefusedError, eraseVictimCase } from '../privacy/erasure.ts';

interface EraseOptions {
  ground: ErasureGround;
  by: string;
  agency: Agency;
}

export function registerErasureCommand(program: Command): void {
  program
    .command('erase')
    .argument('<caseId>', 'the closed victim case, e.g. victim-2024-0001')
    .description("erase a closed victim case's personal data: its events and counts stay, its personal values read [ERASED] everywhere")
    .addOption(new Option('--ground <ground>', 'why').choices(ErasureGround.options).makeOptionMandatory())
    .requiredOption('--by <userId>', 'the supervisor who decided the erasure')
    .addOption(
      new Option('--agency <agency>', "the supervisor's agency (one working victim cases)")
        .choices(CASE_COMMANDERS.victim)
        .makeOptionMandatory(),
    )
    .action(async (caseId: string, options: EraseOptions) => {
      const pool = new pg.Pool({ connectionString: loadSettings().databaseUrl, max: 2 });
      const by = { agency: options.agency, role: 'supervisor' as const, userId: options.by };
      const record = (status: number) =>
        new AuditTrail(pool).record({
          userId: by.userId,
          agency: by.agency,
          role: by.role,
          operation: 'case.erase',
          action: 'erase',
          method: 'CLI',
          path: 'taskforce erase',
          caseId,
          access: 'command',
          personalData: [],
          outcome: 'allowed',
          status,
          requestId: null,
        });
      try {
        const { erasure, alreadyErased } = await eraseVictimCase(pool, caseId, by, options.ground).catch(async (error: unknown) => {
          if (error instanceof ErasureCaseNotFoundError) await record(404);
          if (error instanceof ErasureRefusedError) await record(409);
          throw error;
        });
        await record(200);
        const who = `${erasure.erasedBy.userId} (${erasure.erasedBy.agency}), ground ${erasure.ground}, at ${erasure.erasedAt}`;
        console.log(
          alreadyErased
            ? `${caseId} was already erased by ${who}; nothing changed`
            : `erased ${caseId}: its personal values now read [ERASED] everywhere (by ${who})`,
        );
      } finally {
        await pool.end();
      }
    });
}
