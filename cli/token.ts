// `taskforce token`: mints a shared-secret bearer token, signed with TASKFORCE_TOKEN_SECRET (or the
// dev secret), as any agency, role and clearance. Only the test profile's API accepts such tokens;
// everywhere else callers sign in through the OpenID Connect provider (`taskforce login`).
import { type Command, Option } from 'commander';
import { loadTokenSecret, signToken, TokenTtl } from '../api/auth/tokens.ts';
import { Agency, Classification, Role } from '../events/envelope.ts';
import { profileFromEnv } from '../infra/config.ts';
import { CliError, EXIT } from './exit-codes.ts';
import { type JsonOption, printJson, withJsonOption } from './output.ts';

export function registerTokenCommands(program: Command): void {
  withJsonOption(program.command('token'))
    .description('test profile only: print a shared-secret bearer token (elsewhere sign in with `taskforce login`)')
    .addOption(new Option('--agency <agency>', "the caller's agency").choices(Agency.options).makeOptionMandatory())
    .addOption(new Option('--role <role>', "the caller's role").choices(Role.options).makeOptionMandatory())
    .addOption(
      new Option('--clearance <level>', 'the highest classification the caller may see')
        .choices(Classification.options)
        .default('RESTRICTED'),
    )
    .requiredOption('--user <userId>', 'who the caller is (the token subject)')
    .option('--ttl <ttl>', 'lifetime: 45s, 30m, 8h or 7d', '8h')
    .action(async (options: JsonOption & { agency: Agency; role: Role; clearance: Classification; user: string; ttl: string }) => {
      if (profileFromEnv() !== 'test') {
        throw new CliError(
          "shared-secret tokens are accepted only by the test profile's API (TASKFORCE_PROFILE=test); sign in with `taskforce login --user <name>` instead (README.md, Signing in)",
          EXIT.badInput,
        );
      }
      const ttl = TokenTtl.safeParse(options.ttl);
      if (!ttl.success) throw new CliError(`--ttl "${options.ttl}": ${ttl.error.issues[0]?.message}`, EXIT.badInput);
      // Warnings go to stderr so `$(taskforce token …)` captures the token alone.
      const secret = loadTokenSecret(process.env, (message) => console.error(`taskforce: warning: ${message}`));
      const caller = { userId: options.user, agency: options.agency, role: options.role, clearance: options.clearance };
      const token = await signToken(secret, caller, ttl.data);
      if (options.json) printJson({ token });
      else console.log(token);
    });
}
