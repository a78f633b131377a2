// What the stack needs from the machine besides Node.js: PostgreSQL, Java 17 and Maven (Kafka),
// python3 with venv (the Temporal CLI), and Chromium for the console's browser tests. As root a missing one is installed from Debian's packages,
// its download shown as it goes; otherwise the error names the exact command to run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { download, megabytes } from './download.ts';
import { commandExists } from './run.ts';

export interface Prerequisite {
  /** What it is, for messages: "Java 17 or later". */
  name: string;
  present(): boolean;
  /** The Debian packages that bring it. */
  debianPackages: readonly string[];
}

/** The major version of the `java` on the PATH (8 for "1.8.0_392", 17 for "17.0.15"), if any. */
function javaMajorVersion(): number | undefined {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr ?? ''}${result.stdout ?? ''}`);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

export const JAVA_17: Prerequisite = {
  name: 'Java 17 or later',
  present: () => (javaMajorVersion() ?? 0) >= 17,
  debianPackages: ['openjdk-17-jre-headless'],
};

export const MAVEN: Prerequisite = { name: 'Maven', present: () => commandExists('mvn'), debianPackages: ['maven'] };

export const PYTHON_VENV: Prerequisite = {
  name: 'python3 with venv',
  // Debian's python3 lacks ensurepip until python3-venv is installed, and `python3 -m venv` then fails.
  present: () => spawnSync('python3', ['-c', 'import ensurepip, venv'], { stdio: 'ignore' }).status === 0,
  debianPackages: ['python3', 'python3-venv'],
};

/** Where Debian's chromium package puts the browser, unless TASKFORCE_CHROMIUM names another. */
const chromiumExecutable = () => process.env.TASKFORCE_CHROMIUM || '/usr/bin/chromium';

/**
 * Headless Chromium for the console's browser tests (tests/browser/), driven by playwright-core
 * with this executable: Debian's package, since Playwright's own browser download cannot work here.
 */
export const CHROMIUM: Prerequisite & { executable(): string } = {
  name: 'Chromium',
  present: () => fs.existsSync(chromiumExecutable()),
  debianPackages: ['chromium'],
  executable: chromiumExecutable,
};

/** Korean glyphs for the browser, so the console's Korean labels show (and photograph) as text, not boxes. */
export const KOREAN_FONTS: Prerequisite = {
  name: 'Korean fonts',
  present: () => fs.existsSync('/usr/share/fonts/truetype/nanum'),
  debianPackages: ['fonts-nanum'],
};

/** openssl, with which the mTLS test makes its certificate authority and certificates. */
export const OPENSSL: Prerequisite = { name: 'openssl', present: () => commandExists('openssl'), debianPackages: ['openssl'] };

export interface Installer {
  isRoot: boolean;
  aptInstall(packages: readonly string[]): Promise<void>;
}

/** Installs what is missing (as root), or fails naming it and the command that installs it. */
export async function ensurePrerequisites(
  forWhat: string,
  prerequisites: readonly Prerequisite[],
  installer: Installer = { isRoot: process.getuid?.() === 0, aptInstall },
): Promise<void> {
  const missing = prerequisites.filter((prerequisite) => !prerequisite.present());
  if (missing.length === 0) return;
  const names = missing.map((prerequisite) => prerequisite.name).join(' and ');
  const packages = [...new Set(missing.flatMap((prerequisite) => prerequisite.debianPackages))];
  if (!installer.isRoot) {
    throw new Error(`${forWhat} needs ${names}, which this machine lacks. Install it with: sudo apt-get install -y ${packages.join(' ')}`);
  }
  console.log(`  ${forWhat} needs ${names}: installing the Debian packages ${packages.join(' ')}`);
  await installer.aptInstall(packages);
  const stillMissing = missing.filter((prerequisite) => !prerequisite.present());
  if (stillMissing.length > 0) {
    throw new Error(`apt-get installed ${packages.join(' ')}, but ${stillMissing.map((p) => p.name).join(' and ')} is still missing`);
  }
}

const APT_ENV = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
let packageListsFresh = false;

/** What apt-get would download for `packages`, from the sizes `--print-uris` lists; undefined if it cannot tell. */
function aptDownloadBytes(packages: readonly string[]): number | undefined {
  const result = spawnSync('apt-get', ['install', '-y', '-qq', '--print-uris', ...packages], { encoding: 'utf8', env: APT_ENV });
  if (result.status !== 0) return undefined;
  return result.stdout
    .split('\n')
    .map((line) => Number(line.split(' ')[2]))
    .filter(Number.isFinite)
    .reduce((sum, bytes) => sum + bytes, 0);
}

async function aptInstall(packages: readonly string[]): Promise<void> {
  if (!packageListsFresh) {
    const shows = (line: string) => /^(Fetched|Err|E:)/.test(line);
    await download({ what: "Debian's package lists with apt-get update", about: 'a few MB', shows }, 'apt-get', ['update'], {
      env: APT_ENV,
    });
    packageListsFresh = true;
  }
  const bytes = aptDownloadBytes(packages);
  await download(
    {
      what: `the Debian packages ${packages.join(' ')} and their dependencies with apt-get`,
      about: bytes === undefined ? 'apt-get says how much below' : megabytes(bytes),
      // One line per package with its size, and apt-get's totals.
      shows: (line) => /^(Need to get|Get:\d|Fetched|E:)/.test(line),
    },
    'apt-get',
    ['install', '-y', ...packages],
    { env: APT_ENV, timeoutMs: 900_000 },
  );
}
