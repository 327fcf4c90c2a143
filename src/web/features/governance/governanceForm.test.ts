import { describe, expect, it } from 'vitest';
import { membersFromForm } from './governanceForm.ts';

describe('the governance form', () => {
  it('sends each chosen institution with its picker\'s role, keeping a kept member\'s term', () => {
    const before = [{ institution: { id: 'kela' }, since: '2026-01-01', until: null }, { institution: { id: 'gone' }, since: '2025-01-01', until: '2025-12-31' }];
    expect(membersFromForm({ chair: ['kela'], member: ['ska', 'vero'], secretariat: [], observer: ['eu'] }, before)).toEqual([
      { institutionId: 'kela', role: 'chair', since: '2026-01-01', until: null },
      { institutionId: 'ska', role: 'member' },
      { institutionId: 'vero', role: 'member' },
      { institutionId: 'eu', role: 'observer' },
    ]);
  });

  it('sends an institution chosen under two roles twice, for the server to name', () => {
    expect(membersFromForm({ chair: ['kela'], member: ['kela'], secretariat: [], observer: [] }, []).map((m) => m.role)).toEqual(['chair', 'member']);
  });
});
