// The registry is the one list of case kinds: everything that names kinds reads it. These checks
// catch a kind folder that is only half wired in.
import { describe, expect, it } from 'vitest';
import { allEventDefinitions } from '../../events/catalogue.ts';
import * as bundle from '../../workflows/index.ts';
import { CASE_KINDS, CaseKind, kindOfCaseId } from '../../workflows/kinds.ts';

describe('the registry of case kinds', () => {
  it('names each kind once, and CaseKind is exactly that list', () => {
    const names = CASE_KINDS.map((definition) => definition.kind);
    expect(new Set(names).size).toBe(names.length);
    expect([...CaseKind.options]).toEqual(names);
  });

  it("has every kind's workflow in the worker's bundle, under the type the registry names", () => {
    for (const { workflowType } of CASE_KINDS)
      expect(typeof (bundle as Record<string, unknown>)[workflowType], workflowType).toBe('function');
  });

  it('puts every event of every kind in the catalogue, under its kind', () => {
    const catalogued = new Map(allEventDefinitions().map((definition) => [definition.type, definition.kind]));
    for (const { kind, events } of CASE_KINDS) {
      for (const type of Object.keys(events)) expect(catalogued.get(type), type).toBe(kind);
    }
    expect(catalogued.size).toBe(CASE_KINDS.reduce((count, { events }) => count + Object.keys(events).length, 0));
  });

  it('gives each kind an opening command that is not one of its later commands, and a lifecycle covering every command', () => {
    for (const { kind, open, commands, lifecycle } of CASE_KINDS) {
      expect(Object.keys(commands), kind).not.toContain(open.name);
      for (const name of Object.keys(commands)) expect(Object.keys(lifecycle.transitions), `${kind}.${name}`).toContain(name);
    }
  });

  it('reads the kind from a case id prefix, and nothing from an id without one', () => {
    for (const { kind } of CASE_KINDS) expect(kindOfCaseId(`${kind}-2024-0001`)).toBe(kind);
    expect(kindOfCaseId('victim')).toBeUndefined();
    expect(kindOfCaseId('-victim-1')).toBeUndefined();
    expect(kindOfCaseId('ship-2024-0001')).toBeUndefined();
    expect(kindOfCaseId('constructor-1')).toBeUndefined();
  });
});
