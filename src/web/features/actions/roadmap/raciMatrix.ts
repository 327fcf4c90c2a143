/**
 * The RACI matrix's pure parts (issue 17 §4): the columns (the institutions the rows name, Finland's
 * first, then Estonia's, then any other), each row's cells, and each institution's count of roles.
 */
import { RACI_ROLES, type RaciRole } from '../../../../shared/actions.ts';
import { INSTITUTION_COUNTRIES, type InstitutionCountry } from '../../../../shared/register.ts';

export interface MatrixInstitution {
  id: string;
  country: InstitutionCountry;
}

export interface MatrixRow {
  id: string;
  leadId: string | null;
  raci: readonly { institutionId: string; role: RaciRole }[];
}

export interface ColumnGroup<I extends MatrixInstitution> {
  country: InstitutionCountry;
  institutions: I[];
}

/**
 * The institutions with a role in any of `rows`, grouped by country in the twin region's order
 * (the API's order kept within a group: by name).
 */
export function matrixColumns<I extends MatrixInstitution>(institutions: readonly I[], rows: readonly MatrixRow[]): ColumnGroup<I>[] {
  const named = new Set(rows.flatMap((row) => row.raci.map((entry) => entry.institutionId)));
  return INSTITUTION_COUNTRIES.map((country) => ({ country, institutions: institutions.filter((i) => i.country === country && named.has(i.id)) })).filter((group) => group.institutions.length > 0);
}

export interface Cell {
  role: RaciRole;
  lead: boolean;
}

/** A row's cells by institution id: its role there and whether that institution leads the action. */
export function rowCells(row: MatrixRow): Map<string, Cell> {
  return new Map(row.raci.map((entry) => [entry.institutionId, { role: entry.role, lead: entry.institutionId === row.leadId }]));
}

/** How many of `rows` give each institution each role. */
export function roleCounts(rows: readonly MatrixRow[]): Map<string, Record<RaciRole, number>> {
  const counts = new Map<string, Record<RaciRole, number>>();
  for (const row of rows) {
    for (const { institutionId, role } of row.raci) {
      let of = counts.get(institutionId);
      if (!of) counts.set(institutionId, (of = Object.fromEntries(RACI_ROLES.map((r) => [r, 0])) as Record<RaciRole, number>));
      of[role] += 1;
    }
  }
  return counts;
}
