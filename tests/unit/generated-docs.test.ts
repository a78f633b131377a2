// The state diagrams and the access tables in docs/ are generated from the deciders' transition
// tables and the policy's tables: this fails when someone changes either without running `npm run docs`.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACCESS_DOC_PATH, renderAccessDoc } from '../../scripts/access-doc.ts';
import { renderStateDiagrams, STATE_DIAGRAMS_PATH } from '../../scripts/generate-docs.ts';
import { targetOf } from '../../workflows/case-kit/rules.ts';
import { CASE_KINDS } from '../../workflows/kinds.ts';

describe('generated documents', () => {
  it('docs/state-diagrams.md matches the transition tables (run `npm run docs`)', () => {
    expect(fs.readFileSync(STATE_DIAGRAMS_PATH, 'utf8')).toBe(renderStateDiagrams());
  });

  it('docs/access.md matches the policy’s tables (run `npm run docs`)', () => {
    expect(fs.readFileSync(ACCESS_DOC_PATH, 'utf8')).toBe(renderAccessDoc());
  });

  it('every lifecycle state is reachable from the initial state', () => {
    for (const { lifecycle } of CASE_KINDS) {
      const reached = new Set([lifecycle.initial]);
      let grew = true;
      while (grew) {
        grew = false;
        for (const t of Object.values(lifecycle.transitions)) {
          for (const from of t.from.filter((f) => reached.has(f))) {
            const to = targetOf(t, from);
            if (!reached.has(to)) {
              reached.add(to);
              grew = true;
            }
          }
        }
      }
      const mentioned = new Set(Object.values(lifecycle.transitions).flatMap((t) => [...t.from, ...t.from.map((f) => targetOf(t, f))]));
      expect(
        [...mentioned].filter((s) => !reached.has(s)),
        lifecycle.title,
      ).toEqual([]);
    }
  });
});
