// Every process reads its connection settings before it connects to anything: a Temporal setting
// that cannot work (a certificate file missing, half an mTLS pair, TEMPORAL_TLS=yes) stops it with
// one line naming the setting, instead of a stack trace or a connection that never comes up.
import { processLogger } from '../infra/logger.ts';
import { loadSettings, type Settings } from '../infra/settings.ts';
import { TemporalSettingError } from '../infra/temporal-connection.ts';

export function settingsOrExit(env: NodeJS.ProcessEnv = process.env): Settings {
  try {
    return loadSettings(env);
  } catch (error) {
    if (!(error instanceof TemporalSettingError)) throw error;
    processLogger().fatal(error.message);
    process.exit(1);
  }
}
