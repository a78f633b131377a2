// `taskforce login`: signs in to the OpenID Connect provider (the local stack's by default) as a
// user, with the authorization code flow (cli/oidc-sign-in.ts), and keeps the access token for
// the commands that call the API (cli/stored-token.ts); --print writes it to stdout instead.
import type { Command } from 'commander';
import { loadOidcSettings } from '../api/auth/oidc-settings.ts';
import { CliError, EXIT } from './exit-codes.ts';
import { signIn } from './oidc-sign-in.ts';
import { type JsonOption, printJson, withJsonOption } from './output.ts';
import { storeToken, tokenFile } from './stored-token.ts';

export const PASSWORD_ENV = 'TASKFORCE_PASSWORD';

interface LoginOptions extends JsonOption {
  user: string;
  password?: string;
  issuer?: string;
  print?: boolean;
}

export function registerLoginCommand(program: Command): void {
  withJsonOption(
    program
      .command('login')
      .description('sign in to the OpenID Connect provider and keep the access token for `taskforce case` and `history`')
      .requiredOption(
        '--user <name>',
        'who signs in; the local development users are <agency>-<role>-<clearance>, e.g. npa-operator-confidential',
      )
      .option('--password <password>', `the password (default: $${PASSWORD_ENV}; the development users' password is in README.md)`)
      .option('--issuer <url>', 'the provider (default: $TASKFORCE_OIDC_ISSUER, or the local stack of $TASKFORCE_PROFILE)')
      .option('--print', 'print the access token instead of keeping it (export TASKFORCE_TOKEN=$(taskforce login … --print))'),
  ).action(async (options: LoginOptions) => {
    const password = options.password ?? process.env[PASSWORD_ENV];
    if (!password) throw new CliError(`no password: pass --password or set ${PASSWORD_ENV} (README.md, Signing in)`, EXIT.badInput);
    const issuer = options.issuer ?? loadOidcSettings(process.env).issuer;
    const { accessToken, expiresAt } = await signIn({ issuer, username: options.user, password });
    const expires = new Date(expiresAt * 1000).toISOString();
    if (options.print) {
      if (options.json) return printJson({ accessToken, user: options.user, issuer, expiresAt: expires });
      console.log(accessToken);
      return;
    }
    const file = tokenFile();
    storeToken(file, { accessToken, username: options.user, issuer, expiresAt });
    if (options.json) return printJson({ user: options.user, issuer, expiresAt: expires, tokenFile: file });
    console.log(`signed in as ${options.user} until ${new Date(expiresAt * 1000).toISOString()}; token kept in ${file}`);
  });
}
