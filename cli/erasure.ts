// `taskforce erase <caseId>`: erase a closed victim case's personal data (crypto-shredding, see
// privacy/erasure.ts) through POST /cases/{caseId}/erasure with the caller's token, so the API's
// policy decides who may (supervisors of an agency working victim cases) and its audit trail
// records the erasure as the caller's, like any other client's.
import { type Command, Option } from 'commander';
import { ErasureGround } from '../privacy/erasure.ts';
import { ApiClient, type ApiOptions, withApiOptions } from './api-client.ts';
import { type JsonOption, printJson, withJsonOption } from './output.ts';

interface ErasureAnswer {
  caseId: string;
  erasedAt: string;
  erasedBy: { agency: string; role: string; userId: string };
  ground: ErasureGround;
  alreadyErased: boolean;
}

export function registerErasureCommand(program: Command): void {
  withJsonOption(
    withApiOptions(
      program
        .command('erase')
        .argument('<caseId>', 'the closed victim case, e.g. victim-2024-0001')
        .description(
          "erase a closed victim case's personal data: its events and counts stay, its personal values read [ERASED] everywhere (supervisors)",
        )
        .addOption(new Option('--ground <ground>', 'why').choices(ErasureGround.options).makeOptionMandatory()),
    ),
  ).action(async (caseId: string, options: ApiOptions & JsonOption & { ground: ErasureGround }) => {
    const erased = await new ApiClient(options).post<ErasureAnswer>(`/cases/${encodeURIComponent(caseId)}/erasure`, {
      ground: options.ground,
    });
    if (options.json) return printJson(erased);
    const who = `${erased.erasedBy.userId} (${erased.erasedBy.agency}), ground ${erased.ground}, at ${erased.erasedAt}`;
    console.log(
      erased.alreadyErased
        ? `${caseId} was already erased by ${who}; nothing changed`
        : `erased ${caseId}: its personal values now read [ERASED] everywhere (by ${who})`,
    );
  });
}
