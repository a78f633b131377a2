// Every `taskforce` command answers --json (a script never has to parse columns or sentences), and
// `taskforce start --json` writes one JSON object a line: the processes' own log lines as they are,
// anything else wrapped in the process's name, its own messages under process "start".
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../cli/program.ts';
import { jsonOutput, runningBanner } from '../../cli/start.ts';
import { loadStackConfig } from '../../infra/config.ts';

/** Every command that runs something (a leaf of the tree), by its full name. */
function leaves(command: Command, prefix = ''): [string, Command][] {
  const name = `${prefix}${command.name()}`;
  if (command.commands.length === 0) return [[name, command]];
  return command.commands.flatMap((sub) => leaves(sub, `${name} `));
}

describe('the taskforce command tree', () => {
  const commands = leaves(buildProgram());

  it('has the commands an operator, an auditor and a developer look for', () => {
    const names = commands.map(([name]) => name);
    for (const name of [
      'taskforce start',
      'taskforce erase',
      'taskforce audit',
      'taskforce read cases',
      'taskforce stack up',
      'taskforce login',
    ]) {
      expect(names).toContain(name);
    }
  });

  it.each(leaves(buildProgram()).map(([name]) => name))('%s takes --json', (name) => {
    const command = commands.find(([each]) => each === name)![1];
    expect(command.options.map((option) => option.long)).toContain('--json');
  });
});

describe('taskforce start --json', () => {
  function collect() {
    const lines: string[] = [];
    const output = jsonOutput({ write: (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)) });
    return { output, objects: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
  }

  it("passes a process's JSON log line through as it is", () => {
    const { output, objects } = collect();
    const line = JSON.stringify({ time: '2026-12-02T14:00:00.000Z', level: 'info', process: 'worker', msg: 'worker polling' });
    output.childLine('worker', line, false);
    expect(objects()).toEqual([JSON.parse(line)]);
  });

  it("wraps any other line in the process's name, an error when it came on stderr", () => {
    const { output, objects } = collect();
    output.childLine('relay', 'Error: boom', true);
    output.childLine('relay', 'a plain line', false);
    expect(objects()).toMatchObject([
      { process: 'relay', level: 'error', msg: 'Error: boom' },
      { process: 'relay', level: 'info', msg: 'a plain line' },
    ]);
  });

  it('writes its own messages under process "start", with their fields', () => {
    const { output, objects } = collect();
    output.say('Taskforce is running', { urls: { api: 'http://127.0.0.1:3000' } });
    expect(objects()).toMatchObject([
      { process: 'start', level: 'info', msg: 'Taskforce is running', urls: { api: 'http://127.0.0.1:3000' } },
    ]);
    expect(typeof objects()[0]!.time).toBe('string');
  });
});

describe('what taskforce start prints once everything is up', () => {
  const banner = runningBanner(loadStackConfig({}, 'dev'));

  it("names the web console, which the README's table of what npm start prints begins with", () => {
    expect(banner).toContain('web console    http://127.0.0.1:3000/console/');
  });

  it('gives a sign-in command that runs as printed: through npm, with the development password', () => {
    expect(banner).toContain('npm run -s taskforce -- login --user npa-operator-confidential --password taskforce-dev');
  });
});
