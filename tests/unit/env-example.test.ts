// .env.example lists every environment variable the code reads, each with a line saying what it is
// and its default, and nothing the code does not read. The variables read are found in the source:
// `env.NAME` and `env['NAME']` (not assignments), `const { NAME } = process.env`, outside tests the
// names the settings modules spell as strings or zod keys, and docker-compose.yml's `${NAME}`.
// A name built at run time (`TASKFORCE_${endpoint}_METRICS_PORT`) counts as a pattern the example
// fills in. The platform's own (HOME, PATH, CI, XDG_CONFIG_HOME) are not ours to list.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OURS = '(?:TASKFORCE|TEMPORAL|KAFKA|DATABASE|BENCH|FUZZ|OTEL|POSTGRES)_';
const PLATFORM = new Set(['HOME', 'PATH', 'CI', 'XDG_CONFIG_HOME']);
/** This file spells names in its own patterns. */
const SELF = path.relative(ROOT, import.meta.filename);

interface VariablesRead {
  names: Map<string, string>;
  patterns: Map<string, RegExp>;
}

/** Each variable the code reads, with one file that reads it; and the names built at run time. */
function variablesRead(): VariablesRead {
  const files = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.mjs', '*.cjs', 'docker-compose.yml'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  )
    .split('\n')
    .filter((file) => file && file !== SELF && !file.startsWith('console/dist/') && fs.existsSync(path.join(ROOT, file)));
  const names = new Map<string, string>();
  const patterns = new Map<string, RegExp>();
  const read = (name: string | undefined, file: string) => {
    if (name && !PLATFORM.has(name) && !names.has(name)) names.set(name, file);
  };
  for (const file of files) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    if (file === 'docker-compose.yml') {
      for (const match of text.matchAll(/\$\{([A-Z][A-Z0-9_]*)[:}]/g)) read(match[1], file);
      continue;
    }
    for (const match of text.matchAll(/\benv\??\.([A-Z][A-Z0-9_]*)\b(?!\s*(?:=[^=>]|\?\?=))/g)) read(match[1], file);
    for (const match of text.matchAll(/\benv\[['"]([A-Z][A-Z0-9_]*)['"]\](?!\s*=[^=>])/g)) read(match[1], file);
    for (const match of text.matchAll(/\{([^{}]*)\}\s*=\s*process\.env\b/g)) {
      for (const part of match[1]!.split(',')) read(/^\s*([A-Z][A-Z0-9_]*)\b/.exec(part)?.[1], file);
    }
    if (file.startsWith('tests/')) continue; // tests spell names to set them for the processes they start
    for (const match of text.matchAll(new RegExp(`['"\`](${OURS}[A-Z0-9_]+)['"\`]`, 'g'))) read(match[1], file);
    // A settings schema's keys: `NAME: z.…` or `NAME: SharedSchema,`.
    for (const match of text.matchAll(new RegExp(`\\b(${OURS}[A-Z0-9_]+)\\s*:\\s*(?:z\\.|[A-Z][A-Za-z]+[,.\\n])`, 'g')))
      read(match[1], file);
    for (const match of text.matchAll(new RegExp(`\`(${OURS}[A-Z0-9_]*)\\$\\{[^}\`]*\\}([A-Z0-9_]*)\``, 'g'))) {
      patterns.set(`${match[1]}<…>${match[2]}`, new RegExp(`^${match[1]}[A-Z0-9_]+${match[2]}$`));
    }
  }
  return { names, patterns };
}

interface ExampleEntry {
  name: string;
  comment: string;
}

/** `# NAME=value` or `NAME=value` lines, each with the comment lines just above it. */
function exampleEntries(): ExampleEntry[] {
  const lines = fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8').split('\n');
  const entries: ExampleEntry[] = [];
  let comment: string[] = [];
  for (const line of lines) {
    const variable = /^#?\s?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (variable) {
      entries.push({ name: variable[1]!, comment: comment.join(' ') });
      comment = [];
    } else if (line.startsWith('#')) {
      comment.push(line.replace(/^#\s?/, ''));
    } else {
      comment = [];
    }
  }
  return entries;
}

describe('.env.example', () => {
  const { names, patterns } = variablesRead();
  const entries = exampleEntries();
  const listed = new Set(entries.map((entry) => entry.name));

  it('finds the variables the settings read (the scan itself works)', () => {
    for (const name of ['DATABASE_URL', 'TASKFORCE_SSE_POLL_MS', 'TEMPORAL_TLS_CLIENT_KEY_PATH', 'TASKFORCE_KAFKA_ADMIN_PASSWORD']) {
      expect(names.has(name), name).toBe(true);
    }
    expect([...patterns.keys()]).toContain('TASKFORCE_<…>_METRICS_PORT');
  });

  it('lists every variable the code reads', () => {
    const missing = [...names].filter(([name]) => !listed.has(name)).map(([name, file]) => `${name} (read in ${file})`);
    expect(missing).toEqual([]);
  });

  it('lists nothing the code does not read, and each name once', () => {
    const unread = [...listed].filter((name) => !names.has(name) && ![...patterns.values()].some((pattern) => pattern.test(name)));
    expect(unread).toEqual([]);
    expect(entries.length).toBe(listed.size);
  });

  it('fills in each name built at run time at least once', () => {
    for (const [shape, pattern] of patterns)
      expect(
        entries.some((entry) => pattern.test(entry.name)),
        shape,
      ).toBe(true);
  });

  it('says what each variable is and its default, above it', () => {
    const undocumented = entries.filter((entry) => !/\S/.test(entry.comment) || !/default/i.test(entry.comment)).map((entry) => entry.name);
    expect(undocumented).toEqual([]);
  });

  it('holds no secret: every secret is commented out and a placeholder', () => {
    const text = fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8');
    for (const line of text.split('\n').filter((l) => /^#?\s?[A-Z][A-Z0-9_]*(PASSWORD|SECRET|KEYS?|KEY_MASTER|TOKEN|API_KEY)=/.test(l))) {
      expect(line, line).toMatch(/^# [A-Z0-9_]+=(?:<[^>]+>:?)*$/);
    }
  });
});
