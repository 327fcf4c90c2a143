/**
 * Which NUTS 2021 level-3 areas (GISCO, the map's data) draw each seeded benchmark region.
 *
 * A region's areas are themselves a fact, so they come only from what /work/shared/REFERENCE.md
 * and REFERENCE-2.md ("REF-2", §1.2 Region details, with its source tags) name: a member or area
 * named there was matched to a NUTS name (NAME_LATN) in the GISCO data, directly or through the
 * NUTS-2 area of the same name, whose NUTS-3 areas are then all listed. Nothing is added from
 * outside knowledge (that Strasbourg lies in Bas-Rhin is true but not in those files), except the
 * home case's Harju County = EE001 Põhja-Eesti, which the NUTS classification itself states: a region whose named members match no NUTS area on one side of its border or
 * more is drawn by its countries (an empty list), with what did match kept in `basis`, so an
 * editor who confirms the rest can complete it. `approximate` says the areas drawn are larger or
 * smaller than the region's real territory.
 */
export interface RegionAreas {
  /** NUTS 2021 level-3 ids; empty: the map draws the region by its countries. */
  nutsIds: readonly string[];
  approximate: boolean;
  /** How the ids were found: the REFERENCE statement, the NUTS names it matched, what did not match. */
  basis: string;
}

export const REGION_AREAS = {
  'lille-kortrijk-tournai': {
    nutsIds: ['FRE11', 'BE254', 'BE328'],
    approximate: true,
    basis:
      'REF-2 members [R81]: "the Nord department" = FRE11 Nord; the region\'s name (REF-2 overview) names Kortrijk = BE254 Arr. Kortrijk and Tournai = BE328 Arr. Tournai-Mouscron. ' +
      'Approximate: the Eurometropolis is 147–152 municipalities [R2][R3], not the whole Nord department; the members West Flanders and Hainaut provinces and the intercommunal bodies (Leiedal, WVI, Ideta, IEG) reach beyond the two arrondissements, but REF-2 does not say which of their areas belong, so no more are drawn.',
  },
  'greater-region': {
    nutsIds: [],
    approximate: false,
    basis: 'Countries only: REF-2 marks the member list ⚠ not confirmed ("usually given as Saarland, Rhineland-Palatinate, Lorraine, …"), so no area is drawn from it.',
  },
  'upper-rhine': {
    nutsIds: ['FRF11', 'FRF12', 'DE139', 'DE13A', 'CH031', 'CH032', 'CH033', 'CH025', 'CH023'],
    approximate: true,
    basis:
      'REF-2 members [R21]: "Alsace (Bas-Rhin, Haut-Rhin)" = FRF11 Bas-Rhin, FRF12 Haut-Rhin (NUTS-2 FRF1 Alsace); "Hochrhein-Bodensee (Lörrach, Waldshut)" = DE139 Lörrach, DE13A Waldshut; cantons Basel-Stadt, Basel-Landschaft, Aargau, Jura, Solothurn = CH031 Basel-Stadt, CH032 Basel-Landschaft, CH033 Aargau, CH025 Jura, CH023 Solothurn. ' +
      'Approximate: the German regions Mittlerer Oberrhein and Südlicher Oberrhein and "parts of the Palatinate" match no NUTS name, so the German side is drawn without them.',
  },
  'greater-copenhagen': {
    nutsIds: ['DK011', 'DK012', 'DK013', 'DK014', 'DK021', 'DK022', 'SE224', 'SE231'],
    approximate: false,
    basis:
      'REF-2 members [R24][R25][R29]: the 4 regions. Capital Region of Denmark = NUTS-2 DK01 Hovedstaden (its Danish name) = DK011 Byen København, DK012 Københavns omegn, DK013 Nordsjælland, DK014 Bornholm; Region Zealand = NUTS-2 DK02 Sjælland = DK021 Østsjælland, DK022 Vest- og Sydsjælland; Region Skåne = SE224 Skåne län; Region Halland = SE231 Hallands län. The members are these whole regions, so the areas are not approximate.',
  },
  'tornio-haparanda': {
    nutsIds: [],
    approximate: false,
    basis: 'Countries only: REF-2 names the two towns [R34], and neither Tornio nor Haparanda is a NUTS name; the files do not say which NUTS-3 areas hold them.',
  },
  'vienna-bratislava': {
    nutsIds: ['AT130', 'SK010'],
    approximate: true,
    basis:
      'REF-2 [R37]: the Twin-City agreement of the two cities. Vienna = AT130 Wien (the city is the whole area); Bratislava = SK010 Bratislavský kraj (the region named after the city). ' +
      'Approximate: Bratislavský kraj is larger than the city; CENTROPE (also CZ, HU) is not drawn, REF-2 names none of its areas.',
  },
  'meuse-rhine': {
    nutsIds: ['BE331', 'BE332', 'BE334', 'BE335', 'BE336', 'BE223', 'BE224', 'BE225', 'NL423', 'DEA2D'],
    approximate: true,
    basis:
      'REF-2 members, five partner regions [R42][R44]: Province of Liège = NUTS-2 BE33 Prov. Liège = BE331 Arr. Huy, BE332 Arr. Liège, BE334 Arr. Waremme, BE335 Arr. Verviers — communes francophones, BE336 Bezirk Verviers — Deutschsprachige Gemeinschaft (this last is also the member "East Belgium / German-speaking Community"); Belgian Limburg = NUTS-2 BE22 Prov. Limburg (BE) = BE223 Arr. Tongeren, BE224 Arr. Hasselt, BE225 Arr. Maaseik; "Dutch Limburg, southern part" = NL423 Zuid-Limburg; Region Aachen = DEA2D Städteregion Aachen. ' +
      'Approximate: "Region Aachen" is matched to the one NUTS area named Aachen; REF-2 does not say whether it reaches further.',
  },
  'strasbourg-ortenau': {
    nutsIds: [],
    approximate: false,
    basis:
      'Countries only: of the members in REF-2 [R50] (wiki mirror), Ortenaukreis = DE134 Ortenaukreis matches, but the French members (Eurométropole de Strasbourg, Communauté de communes du Canton d\'Erstein, the French State) match no NUTS name, and a map of one side would misdraw a cross-border region.',
  },
  'valga-valka': {
    nutsIds: [],
    approximate: false,
    basis: 'Countries only: REF-2 names the twin town and its two municipalities [R56]; neither Valga nor Valka is a NUTS name, and the files do not say which NUTS-3 areas hold them.',
  },
  'helsinki-tallinn': {
    nutsIds: ['FI1B1', 'EE001'],
    approximate: false,
    basis:
      'The 2022 regional MoU members (REF-1; REF-2 [R66]): Helsinki-Uusimaa Regional Council = FI1B1 Helsinki-Uusimaa (the same name), and the Union of Harju County Municipalities, whose Harju County is EE001 Põhja-Eesti: in Eurostat\'s NUTS 2021 classification (Regulation (EU) 2019/1755 and Statistics Estonia\'s NUTS list) Põhja-Eesti is exactly Harju maakond. ' +
      'This one correspondence comes from the classification itself, not from REFERENCE; it is kept for the home case, the one region the platform must tell apart from the rest of Finland and Estonia.',
  },
} as const satisfies Record<string, RegionAreas>;

export type SeededRegionSlug = keyof typeof REGION_AREAS;

/** The areas that draw a region, if it is a seeded one; null for a region editors added. */
export function regionAreas(slug: string): RegionAreas | null {
  return Object.hasOwn(REGION_AREAS, slug) ? REGION_AREAS[slug as SeededRegionSlug] : null;
}
