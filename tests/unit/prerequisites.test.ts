// What the stack needs from the machine: installed with apt-get when we are root, named with the
// exact command to run otherwise, and checked again after installing.
import { describe, expect, it } from 'vitest';
import { ensurePrerequisites, type Installer, type Prerequisite } from '../../stack/prerequisites.ts';

function prerequisite(name: string, debianPackages: string[], present: () => boolean): Prerequisite {
  return { name, debianPackages, present };
}

function installer(
  isRoot: boolean,
  onInstall: (packages: readonly string[]) => void = () => undefined,
): Installer & { installed: string[][] } {
  const installed: string[][] = [];
  return {
    isRoot,
    installed,
    aptInstall: async (packages) => {
      installed.push([...packages]);
      onInstall(packages);
    },
  };
}

describe('the stack prerequisites', () => {
  it('asks for nothing when everything is there', async () => {
    const asRoot = installer(true);
    await ensurePrerequisites('Kafka', [prerequisite('Maven', ['maven'], () => true)], asRoot);
    expect(asRoot.installed).toEqual([]);
  });

  it('names what is missing and the exact command that installs it, when not root', async () => {
    const notRoot = installer(false);
    const missing = [
      prerequisite('Java 17 or later', ['openjdk-17-jre-headless'], () => false),
      prerequisite('Maven', ['maven'], () => false),
    ];
    await expect(ensurePrerequisites('Kafka', missing, notRoot)).rejects.toThrow(
      'Kafka needs Java 17 or later and Maven, which this machine lacks. Install it with: sudo apt-get install -y openjdk-17-jre-headless maven',
    );
    expect(notRoot.installed).toEqual([]);
  });

  it('installs only the missing packages, each once, when root', async () => {
    const onMachine = new Set<string>(['maven']);
    const asRoot = installer(true, (packages) => {
      for (const name of packages) onMachine.add(name);
    });
    await ensurePrerequisites(
      'The Temporal CLI',
      [
        prerequisite('python3', ['python3'], () => onMachine.has('python3')),
        prerequisite('python3 with venv', ['python3', 'python3-venv'], () => onMachine.has('python3-venv')),
        prerequisite('Maven', ['maven'], () => onMachine.has('maven')),
      ],
      asRoot,
    );
    expect(asRoot.installed).toEqual([['python3', 'python3-venv']]);
  });

  it('fails, naming it, when a package was installed but the thing is still missing', async () => {
    const asRoot = installer(true);
    await expect(
      ensurePrerequisites('Kafka', [prerequisite('Java 17 or later', ['openjdk-17-jre-headless'], () => false)], asRoot),
    ).rejects.toThrow('apt-get installed openjdk-17-jre-headless, but Java 17 or later is still missing');
  });
});
