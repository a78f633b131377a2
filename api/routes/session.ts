// GET /me: who the token says the caller is and what the policy lets them do and see, so a client
// can shape its screens without guessing (and a user can check their token).
import { z } from 'zod';
import { Caller } from '../../access/caller.ts';
import { COMMAND_PERMISSIONS, mayCommand } from '../../access/command-permissions.ts';
import { kindsSeenBy, PERSONAL_DATA_TABLE } from '../../access/need-to-know.ts';
import { mayUse, Operation } from '../../access/policy.ts';
import { PersonalDataCategory } from '../../events/personal-data.ts';
import { CaseKind } from '../../workflows/kinds.ts';
import type { ApiPlugin } from '../context.ts';
import { addRoute } from '../route.ts';

const KindView = z.object({
  personalData: z.array(PersonalDataCategory).describe('categories visible on every case of this kind'),
  personalDataWhenAssigned: z.array(PersonalDataCategory).describe('further categories visible on cases the caller is assigned to'),
  commands: z.array(z.string()).describe('the commands of this kind the caller may give (the opening one included)'),
});

export const Session = z.object({
  caller: Caller,
  operations: z.array(Operation).describe('operations the caller may use (kind-scoped ones only on the kinds listed)'),
  caseKinds: z.partialRecord(CaseKind, KindView).describe('the case kinds the caller may see, and what personal data on them'),
});
export type Session = z.infer<typeof Session>;

export function sessionOf(caller: Caller): Session {
  const caseKinds: Session['caseKinds'] = {};
  for (const kind of kindsSeenBy(caller)) {
    const access = PERSONAL_DATA_TABLE[kind][caller.agency]![caller.role];
    caseKinds[kind] = {
      personalData: [...access.categories],
      personalDataWhenAssigned: [...access.whenAssigned],
      commands: mayUse(caller, 'case.command', kind).allowed
        ? Object.keys(COMMAND_PERMISSIONS[kind]).filter((command) => mayCommand(caller, kind, command).allowed)
        : [],
    };
  }
  return { caller, operations: Operation.options.filter((op) => mayUse(caller, op).allowed), caseKinds };
}

export const sessionRoutes: ApiPlugin = (app) => {
  addRoute(
    app,
    {
      method: 'GET',
      url: '/me',
      operationId: 'getSession',
      summary: 'The caller named by the token, and what it may do and see',
      tags: ['session'],
      access: 'session.read',
      response: Session,
    },
    ({ caller }) => sessionOf(caller),
  );
};
