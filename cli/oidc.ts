// `taskforce oidc rotate-key | retire-old-keys`: the local provider's signing keys, rotated with no
// downtime. Rotate: a new key signs from now on, the old ones stay published, so tokens they signed
// keep verifying at the API. Retire, once those tokens have expired (15 minutes): the old keys are
// no longer published, and the API refuses tokens signed with them once its key cache expires.
import type { Command } from 'commander';
import { loadStackConfig, type Profile } from '../infra/config.ts';
import { retireOldOidcSigningKeys, rotateOidcSigningKey } from '../stack/oidc.ts';
import { type JsonOption, printJson, withJsonOption } from './output.ts';

function configFor(options: { profile?: string }) {
  const env = { ...process.env };
  if (options.profile) env.TASKFORCE_PROFILE = options.profile as Profile;
  return loadStackConfig(env);
}

export function registerOidcCommands(program: Command): void {
  const oidc = program.command('oidc').description("the local OpenID Connect provider's signing keys");
  const profileOption = ['--profile <profile>', 'dev, test or chaos; default from TASKFORCE_PROFILE'] as const;

  withJsonOption(
    oidc
      .command('rotate-key')
      .description('sign with a new key from now on; the old keys stay published until retire-old-keys')
      .option(...profileOption),
  ).action(async (options: { profile?: string } & JsonOption) => {
    const kid = await rotateOidcSigningKey(configFor(options));
    if (options.json) return printJson({ signingKey: kid });
    console.log(`signing with key ${kid}; the old keys stay published: retire them once their tokens have expired`);
  });

  withJsonOption(
    oidc
      .command('retire-old-keys')
      .description('stop publishing every key but the signing one (tokens they signed are refused from then on)')
      .option(...profileOption),
  ).action(async (options: { profile?: string } & JsonOption) => {
    const retired = await retireOldOidcSigningKeys(configFor(options));
    if (options.json) return printJson({ retired });
    console.log(retired.length ? `retired: ${retired.join(', ')}` : 'there were no old keys');
  });
}
