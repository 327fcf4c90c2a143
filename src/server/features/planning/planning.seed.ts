import type { LocalizedTextValue } from '../../../shared/localized.ts';
import type {
  CorrespondenceKind,
  DatePrecision,
  DifferenceAspect,
  InstrumentFactField,
  InstrumentSlug,
  PlanCountry,
  PlanningCountry,
  PlanningScope,
  PlanningTier,
  PlanStage,
} from '../../../shared/schemas/planning.ts';

/**
 * The two planning systems and the five plans (issue 19 §1), real facts only: each from
 * `shared/REFERENCE-2.md` §2 (l.270–305) with that file's tags, as the research lists them
 * (docs/research/issue-19-planning.md §1.1–§1.5). What the file does not give is left out (null):
 * names in the other country's language, who prepares most plans, most legal effects, typical
 * durations (§1.4). What the file marks ⚠ is kept only with `unconfirmed`. Texts are in English,
 * the language of the file; an instrument's own name is in its own language as the file writes it.
 *
 * Source kinds as the research sorts them (§1): `primary` is the law, a government, a council or
 * a court; `secondary` is press and notices by others; `third_party` is commin.org. The titles say
 * what the page is as its address and the file's row show it (the file lists addresses only).
 */

type Kind = 'primary' | 'secondary' | 'third_party';

export const PLANNING_SOURCES: Record<string, { url: string; title: string; kind: Kind }> = {
  P3: { url: 'https://www.kuntaliitto.fi/yleiskirjeet/2023/rakentamislakiin-liittyva-3-yleiskirje-valmistautuminen-lakien-voimaantuloon', title: 'Association of Finnish Municipalities: 3rd circular on the Building Act, preparing for the laws’ entry into force (2023)', kind: 'primary' },
  P4: { url: 'https://finlex.fi/fi/laki/alkup/2023/20230752', title: 'Finlex: Act 752/2023', kind: 'primary' },
  P5: { url: 'https://eduskunta.fi/fi/vaski/hallituksenesitys/sivut/he_139+2022.aspx', title: 'Parliament of Finland: government proposal HE 139/2022', kind: 'primary' },
  P6: { url: 'https://osallistuminen.fi/alueidenkayttolain-luonnos-heikentaisi-osallistumista/', title: 'osallistuminen.fi: the draft Land Use Act would weaken participation', kind: 'secondary' },
  P7: { url: 'https://valtioneuvosto.fi/paatokset/paatos?decisionId=0900908f80577688', title: 'Finnish Government: decision on the national land use guidelines', kind: 'primary' },
  P8: { url: 'https://www.ym.fi/fi-FI/Ajankohtaista/Uutiset/Uudistetut_valtakunnalliset_alueidenkayt(46436)', title: 'Ministry of the Environment: the renewed national land use guidelines', kind: 'primary' },
  P9: { url: 'https://www.eduskunta.fi/FI/vaski/HallituksenEsitys/Sivut/HE_114+2015.aspx', title: 'Parliament of Finland: government proposal HE 114/2015', kind: 'primary' },
  P10: { url: 'https://www.environment.fi/en-US/Living_environment_and_planning/Land_use_planning_system/Regional_land_use_planning', title: 'environment.fi: regional land use planning', kind: 'primary' },
  P11: { url: 'https://ym.fi/en/land-use-planning', title: 'Ministry of the Environment: land use planning', kind: 'primary' },
  P13: { url: 'https://www.parainen.fi/web/tjanster/planer/Paseende/fi_FI/PaseendeSidaEtt/', title: 'City of Parainen: plans, participation', kind: 'secondary' },
  P14: { url: 'https://uudenmaanliitto.fi/korkein-hallinto-oikeus-antoi-lopulliset-paatoksensa-uusimaa-kaavasta/', title: 'Helsinki-Uusimaa Regional Council: the Supreme Administrative Court gave its final decisions on Uusimaa-kaava', kind: 'primary' },
  P15: { url: 'https://www.sipoo.fi/kuulutukset/kuulutus-uusimaa-kaava-2050-kokonaisuuden-voimaantulosta/', title: 'Municipality of Sipoo: notice of Uusimaa-kaava 2050 entering into force', kind: 'secondary' },
  P16: { url: 'https://oikeus.fi/hallintooikeudet/helsinginhallinto-oikeus/fi/index/tiedotteet/2021/helsinginhallinto-oikeuskumosiosiauusimaa-kaava2050maakuntakaavankokonaisuudesta.paaosavalituksistahylattiin..html', title: 'Helsinki Administrative Court: parts of Uusimaa-kaava 2050 annulled, most appeals rejected (2021)', kind: 'primary' },
  P17: { url: 'https://www.hs.fi/kaupunki/art-2000008287173.html', title: 'Helsingin Sanomat: court ruling on Uusimaa-kaava 2050 (2021)', kind: 'secondary' },
  P18: { url: 'https://uml10fi.oncloudos.com/cgi/DREQUEST.PHP?page=meetingitem&id=202286-4', title: 'Helsinki-Uusimaa regional council: meeting item, approval of a phase plan', kind: 'primary' },
  P19: { url: 'https://avoindata.fi/data/sv/dataset/uusimaa-kaava-20501', title: 'avoindata.fi: Uusimaa-kaava 2050 dataset', kind: 'primary' },
  P20: { url: 'https://www.hel.fi/static/public/hela/Kaupunginvaltuusto/Suomi/Paatoshistoria/2016/Kanslia_2016-10-26_Kvsto_18_Pk/BCF436E9-A6D5-CDF1-8953-5829B0500000/Helsingfors_nya_generalplan_-_Den_urbana_planen.html', title: 'City of Helsinki, City Council 26 Oct 2016: the new master plan', kind: 'primary' },
  P21: { url: 'http://www.yleiskaava.fi/yleiskaava/tarkistettu-ehdotus/', title: 'yleiskaava.fi: the revised proposal', kind: 'primary' },
  P22: { url: 'https://avoindata.fi/data/en_GB/dataset/4eda4d49-3f24-4aa7-8372-8ce3b837d231', title: 'avoindata.fi: Helsinki City Plan dataset', kind: 'primary' },
  P23: { url: 'https://hel.fi/helsinki/en/housing/planning/current/city-plan-2016', title: 'City of Helsinki: City Plan 2016', kind: 'primary' },
  P24: { url: 'https://paatokset.hel.fi/en/case/hel-2021-012354?decision=98f268e4-09c8-44e4-8475-6383614d5d77', title: 'City of Helsinki decisions: case HEL 2021-012354, the implementation programme', kind: 'primary' },
  P26: { url: 'https://epl.delfi.ee/artikkel/65971082/taismahus-soome-flirdib-taas-helsingi-tallinna-raudteetunneli-ideega', title: 'Eesti Päevaleht: Finland flirts again with the Helsinki–Tallinn rail tunnel idea', kind: 'secondary' },
  P27: { url: 'http://www.finestlink.fi/en/finest-link-project/', title: 'FinEst Link: the project', kind: 'primary' },
  P28: { url: 'http://www.ferryshippingnews.com/a-railway-tunnel-between-helsinki-and-tallinn/', title: 'Ferry Shipping News: a railway tunnel between Helsinki and Tallinn', kind: 'secondary' },
  P29: { url: 'http://www.kisalfold.hu/szorakozas/finnorszagot_a_tenger_alatt_kotnek_ossze_esztorszaggal/2548862/', title: 'Kisalföld: Finland to be linked to Estonia under the sea', kind: 'secondary' },
  P30: { url: 'https://www.rahandusministeerium.ee/en/news/aab-tallinn-helsinki-tunnel-possible-project-between-two-states', title: 'Estonian Ministry of Finance: Aab, the Tallinn–Helsinki tunnel a possible project between two states (2020)', kind: 'primary' },
  P30a: { url: 'http://arileht.delfi.ee/news/uudised/fotod-tallinn-helsingi-tunneli-eestkoneleja-uhendus-maksab-15-miljardit-eurot-suurem-osa-rahast-tuleb-hiinlastelt?id=80826273', title: 'Ärileht: the Tallinn–Helsinki tunnel would cost €15bn, mostly from China', kind: 'secondary' },
  P31: { url: 'https://news.err.ee/1147234/vesterbacka-to-handle-tallinn-helsinki-tunnel-environmental-survey', title: 'ERR News: Vesterbacka to handle the tunnel’s environmental survey (2020)', kind: 'secondary' },
  P32: { url: 'https://www.sorainen.com/et/kogemus/tallinna-helsingi-tunneli-arendusprojekt-liigub-jargmisesse-etappi/', title: 'Sorainen: the Tallinn–Helsinki tunnel project moves to its next stage', kind: 'secondary' },
  P33: { url: 'https://www.railtech.com/infrastructure/2021/04/26/finland-and-estonia-signed-mou-including-helsinki-tallinn-tunnel/', title: 'RailTech: Finland and Estonia signed an MoU including the Helsinki–Tallinn tunnel (2021)', kind: 'secondary' },
  P34: { url: 'https://www.globalmasstransit.net/archive.php?id=42240', title: 'Global Mass Transit: the Finland–Estonia transport MoU (2021)', kind: 'secondary' },
  P35: { url: 'https://www.aamulehti.fi/uutiset/art-2000007432771.html', title: 'Aamulehti: no active state rail planning for the tunnel', kind: 'secondary' },
  P37: { url: 'https://news.postimees.ee/6469193/tunnel-project-inches-forward', title: 'Postimees: tunnel project inches forward', kind: 'secondary' },
  P38: { url: 'https://www.riigiteataja.ee/en/eli/ee/Riigikogu/act/515072022012/consolide', title: 'Riigi Teataja: Planning Act (consolidated text, English)', kind: 'primary' },
  P39: { url: 'https://www.rahandusministeerium.ee/en/spatial-planning', title: 'Estonian Ministry of Finance: spatial planning', kind: 'primary' },
  P41: { url: 'https://planeerimine.ee/en/legal-policy/', title: 'planeerimine.ee: legal policy', kind: 'primary' },
  P42: { url: 'https://planeerimine.ee/riigi-strateegilised-planeeringud', title: 'planeerimine.ee: the state’s strategic plans', kind: 'primary' },
  P43: { url: 'https://planeerimine.ee/yldplaneering/yp-menetlus/', title: 'planeerimine.ee: the comprehensive plan procedure', kind: 'primary' },
  P45: { url: 'https://maaruum.ee/en/space-creation-construction-and-planning/planning/spatial-planning', title: 'Land and Spatial Planning Board: spatial planning', kind: 'primary' },
  P46: { url: 'https://www.k6k.ee/oskaosaleda/planeeringud/detailplaneering/detailplaneeringu-avalik-valjapanek', title: 'k6k.ee: the public display of a detailed plan', kind: 'secondary' },
  P47: { url: 'https://harju.maavalitsus.ee/harju-maakonnaplaneering-2030-1', title: 'Harju County Government: Harju county-wide plan 2030+', kind: 'primary' },
  P48: { url: 'http://www.maavalitsus.ee/harju-maakonnaplaneering-2030-1', title: 'County governments: Harju county-wide plan 2030+', kind: 'primary' },
  P49: { url: 'http://www.aegviidu.ee/index.php?page=&action=article&article_id=378', title: 'Aegviidu municipality: notice on the Harju county-wide plan', kind: 'secondary' },
  P50: { url: 'https://oigusaktid.tallinn.ee/?id=3002&aktid=140355&fd=1&leht=1&q_sort=elex_akt.akt_vkp', title: 'Tallinn legal acts: City Council decision no. 16 of 24 Jan 2019', kind: 'primary' },
  P51: { url: 'http://arileht.delfi.ee/news/uudised/kesklinnale-hakatakse-uldplaneeringut-koostama?id=85092995', title: 'Ärileht: a comprehensive plan to be drawn up for Kesklinn', kind: 'secondary' },
  P52: { url: 'https://www.tallinn.ee/et/ruumiloome/kesklinna-linnaosa-uldplaneering', title: 'City of Tallinn: the Kesklinn district comprehensive plan', kind: 'primary' },
  P53: { url: 'https://news.err.ee/1609712268/tallinn-to-launch-new-city-master-plan-after-25-years', title: 'ERR News: Tallinn to launch a new city master plan after 25 years (2025)', kind: 'secondary' },
  P54: { url: 'https://www.aripaev.ee/uudised/2025/09/02/pohja-tallinna-varske-uldplaneering-peaks-linnaosas-arendusi-kiirendama', title: 'Äripäev: the new Põhja-Tallinn comprehensive plan should speed up development (2025)', kind: 'secondary' },
  P57: { url: 'http://www.tallinn.ee/Submitting-a-detail-plan-proposal-objection', title: 'City of Tallinn: submitting a detailed plan proposal or objection', kind: 'primary' },
  P58: { url: 'https://www.hol.ee/harju-maakonna-arengustrateegia-403', title: 'Union of Harju County Municipalities: Harju County development strategy', kind: 'secondary' },
  P59: { url: 'https://raasiku.ee/uudised-ja-teated/-/asset_publisher/0eRaAkTUfhYg/content/id/35932934', title: 'Raasiku municipality: news on the county development strategy', kind: 'secondary' },
  P60: { url: 'https://www.aripaev.ee/uudised/2000/11/07/tallinna-linnavalitsus-kinnitab-homme-linna-uldplaneeringu', title: 'Äripäev: Tallinn city government to approve the city comprehensive plan (2000)', kind: 'secondary' },
  P63: { url: 'http://commin.org/en/planning-systems/national-planning-systems/estonia/1.-planning-system-in-general/1.2-main-principles.html', title: 'COMMIN: Estonia’s planning system, main principles', kind: 'third_party' },
  R73: { url: 'http://www.finestlink.fi/en/', title: 'FinEst Link', kind: 'primary' },
};

export interface Cited {
  text: LocalizedTextValue;
  sources: string[];
  unconfirmed?: boolean;
}

export interface InstrumentSeed {
  slug: InstrumentSlug;
  country: PlanningCountry;
  tier: PlanningTier;
  scope: PlanningScope;
  ownLanguage: 'fi' | 'et';
  /** Each field's value with its tags; a field the file does not give is absent (null in the table). */
  name: Cited;
  legalBasis?: Cited;
  preparedBy?: Cited;
  approvedBy?: Cited;
  effectOnPlans?: Cited;
  effectOnPermits?: Cited;
  participation?: Cited;
  displayMinDays?: { value: number; sources: string[] };
  displayMinDaysMinor?: { value: number; sources: string[] };
  typicalDuration?: Cited;
  notes?: Cited[];
  glossaryKey: string;
}

const en = (text: string): LocalizedTextValue => ({ en: text });

const FI_PARTICIPATION: Cited = {
  text: en('Each plan has a participation and assessment plan (osallistumis- ja arviointisuunnitelma, OAS); a draft stage follows. The proposal is displayed for at least 30 days, 14 days for minor detailed-plan changes. Appeals go to the administrative court, then the Supreme Administrative Court (KHO).'),
  sources: ['P13', 'P14', 'P16'],
};

export const INSTRUMENTS: readonly InstrumentSeed[] = [
  {
    slug: 'fi-land-use-act', country: 'FI', tier: 'national', scope: 'framework_law', ownLanguage: 'fi', glossaryKey: 'planning:alueidenkayttolaki',
    name: { text: { fi: 'alueidenkäyttölaki', en: 'Land Use Act (formerly the Land Use and Building Act, MRL)' }, sources: ['P4', 'P5'] },
    legalBasis: { text: en('Land Use and Building Act (MRL) 132/1999, renamed the Land Use Act by Act 752/2023 of 21.4.2023. From 1.1.2025 the building rules moved into the Building Act (rakentamislaki 751/2023).'), sources: ['P3', 'P4', 'P5'] },
    notes: [{ text: en('A 2025 draft of the new Land Use Act was criticised for weakening participation.'), sources: ['P6'] }],
  },
  {
    slug: 'fi-national-guidelines', country: 'FI', tier: 'national', scope: 'guidelines', ownLanguage: 'fi', glossaryKey: 'planning:valtakunnalliset_alueidenkayttotavoitteet',
    name: { text: { fi: 'valtakunnalliset alueidenkäyttötavoitteet', en: 'national land use guidelines' }, sources: ['P7', 'P8'] },
    approvedBy: { text: en('The Government (decided 14.12.2017, in force 1.4.2018).'), sources: ['P7', 'P8'] },
  },
  {
    slug: 'fi-regional-plan', country: 'FI', tier: 'regional', scope: 'general', ownLanguage: 'fi', glossaryKey: 'planning:maakuntakaava',
    name: { text: { fi: 'maakuntakaava', en: 'regional plan' }, sources: ['P9', 'P10'] },
    preparedBy: { text: en('The regional council (Uusimaa: Helsinki-Uusimaa Regional Council).'), sources: ['P9', 'P10'] },
    approvedBy: { text: en('The regional council. Ministry ratification was abolished from 2016.'), sources: ['P9', 'P10'] },
    notes: [{ text: en('There is no separate plan type for state projects: national projects go through the regional plan.'), sources: ['P10'] }],
  },
  {
    slug: 'fi-local-master-plan', country: 'FI', tier: 'municipal', scope: 'general', ownLanguage: 'fi', glossaryKey: 'planning:yleiskaava',
    name: { text: { fi: 'yleiskaava', en: 'local master plan' }, sources: ['P11', 'P20'] },
    approvedBy: { text: en('The municipal council.'), sources: ['P11', 'P20'] },
    participation: FI_PARTICIPATION,
    displayMinDays: { value: 30, sources: ['P13'] },
    notes: [{ text: en('Can have legal effect (the reference does not say on what).'), sources: ['P11', 'P20'] }],
  },
  {
    slug: 'fi-local-detailed-plan', country: 'FI', tier: 'municipal', scope: 'detailed', ownLanguage: 'fi', glossaryKey: 'planning:asemakaava',
    name: { text: { fi: 'asemakaava', en: 'local detailed plan' }, sources: ['P11'] },
    approvedBy: { text: en('The municipal council, or a delegated body for minor plans.'), sources: ['P11'] },
    effectOnPermits: { text: en('Binding for building permits.'), sources: ['P11'] },
    participation: FI_PARTICIPATION,
    displayMinDays: { value: 30, sources: ['P13'] },
    displayMinDaysMinor: { value: 14, sources: ['P13'] },
  },
  {
    slug: 'ee-planning-act', country: 'EE', tier: 'national', scope: 'framework_law', ownLanguage: 'et', glossaryKey: 'planning:planeerimisseadus',
    name: { text: { et: 'Planeerimisseadus', en: 'Planning Act' }, sources: ['P38'] },
    legalBasis: { text: en('Passed 28.01.2015, in force 01.07.2015, RT I, 26.02.2015, 3.'), sources: ['P38'] },
    notes: [{ text: en('The Ministry of Regional Affairs and Agriculture is preparing a proposal for a new Planning Act (a “VTK”, legislative intent document).'), sources: ['P41'] }],
  },
  {
    slug: 'ee-national-spatial-plan', country: 'EE', tier: 'national', scope: 'general', ownLanguage: 'et', glossaryKey: 'planning:uleriigiline_planeering',
    name: { text: { et: 'üleriigiline planeering', en: 'national spatial plan' }, sources: ['P42'] },
    notes: [{ text: en('“Eesti 2030+” is in force. “Eesti 2050” was initiated by the Government on 5 Jan 2023 and is organised by the Ministry of Regional Affairs and Agriculture.'), sources: ['P42'] }],
  },
  {
    slug: 'ee-national-designated-plan', country: 'EE', tier: 'national', scope: 'designated', ownLanguage: 'et', glossaryKey: 'planning:riigi_eriplaneering',
    name: { text: { et: 'riigi eriplaneering', en: 'national designated spatial plan' }, sources: ['P37', 'P38'] },
    legalBasis: { text: en('The Planning Act (Planeerimisseadus).'), sources: ['P38'] },
    notes: [{ text: en('For works of national or international interest. The Government decides whether to initiate it within 90 days of an application.'), sources: ['P37', 'P38'] }],
  },
  {
    slug: 'ee-county-plan', country: 'EE', tier: 'regional', scope: 'general', ownLanguage: 'et', glossaryKey: 'planning:maakonnaplaneering',
    name: { text: { et: 'maakonnaplaneering', en: 'county-wide spatial plan' }, sources: ['P39', 'P45'] },
    preparedBy: { text: en('The state: county governments were abolished 1.1.2018 and the task went to the Ministry of Finance, then from July 2023 to the Ministry of Regional Affairs and Agriculture and its Land and Spatial Planning Board.'), sources: ['P39', 'P45'] },
    effectOnPlans: { text: en('It is the basis for the comprehensive plan.'), sources: ['P43', 'P48'] },
    notes: [{ text: en('Separately, the Union of Harju County Municipalities (HOL) prepares the county development strategy, which is not a spatial plan.'), sources: ['P58', 'P59'] }],
  },
  {
    slug: 'ee-comprehensive-plan', country: 'EE', tier: 'municipal', scope: 'general', ownLanguage: 'et', glossaryKey: 'planning:uldplaneering',
    name: { text: { et: 'üldplaneering', en: 'comprehensive plan' }, sources: ['P43', 'P48'] },
    approvedBy: { text: en('The municipal council, which initiates, adopts and establishes it.'), sources: ['P43', 'P48'] },
    notes: [
      { text: en('Detailed plans may amend a comprehensive plan, which has been criticised.'), sources: ['P63'] },
      { text: en('In Tallinn almost every plan amends the comprehensive plan and so must go to the city council (2025).'), sources: ['P54'] },
    ],
  },
  {
    slug: 'ee-local-designated-plan', country: 'EE', tier: 'municipal', scope: 'designated', ownLanguage: 'et', glossaryKey: 'planning:kohaliku_omavalitsuse_eriplaneering',
    name: { text: { et: 'kohaliku omavalitsuse eriplaneering', en: 'local designated spatial plan' }, sources: ['P38'] },
    legalBasis: { text: en('The Planning Act (Planeerimisseadus).'), sources: ['P38'] },
    notes: [{ text: en('For local works with significant spatial impact.'), sources: ['P38'] }],
  },
  {
    slug: 'ee-detailed-plan', country: 'EE', tier: 'municipal', scope: 'detailed', ownLanguage: 'et', glossaryKey: 'planning:detailplaneering',
    name: { text: { et: 'detailplaneering', en: 'detailed plan' }, sources: ['P38', 'P46'] },
    legalBasis: { text: en('The Planning Act (Planeerimisseadus).'), sources: ['P38'] },
    approvedBy: { text: en('The municipality (council or city government), which initiates and establishes it.'), sources: ['P38', 'P46'] },
    effectOnPlans: { text: en('It may amend the comprehensive plan, which has been criticised; in Tallinn almost every plan does (2025).'), sources: ['P63', 'P54'] },
    participation: {
      text: en('Public display, then public discussion. A discussion is needed if objections are received; the municipality must answer written opinions. Tallinn takes proposals and objections online in its Register of Plans (ID-card log-in). The statutory minimum display periods are not confirmed.'),
      sources: ['P46', 'P57'],
    },
  },
];

export interface DifferenceSeed {
  aspect: DifferenceAspect;
  side: 'FI' | 'EE';
  text: LocalizedTextValue;
  sources: string[];
}

export interface CorrespondenceSeed {
  key: string;
  fi: InstrumentSlug | null;
  ee: InstrumentSlug | null;
  kind: CorrespondenceKind;
  aspect?: string;
  differences: DifferenceSeed[];
}

/** The pairs of research §1.3: every difference a cited fact of one side, nothing added. */
export const CORRESPONDENCES: readonly CorrespondenceSeed[] = [
  {
    key: 'framework-law', fi: 'fi-land-use-act', ee: 'ee-planning-act', kind: 'equivalent',
    differences: [
      { aspect: 'basis', side: 'FI', text: en('Act 132/1999, renamed the Land Use Act in 2023; the building rules moved into the Building Act from 1.1.2025.'), sources: ['P3', 'P4', 'P5'] },
      { aspect: 'basis', side: 'EE', text: en('Passed 28.01.2015, in force 01.07.2015; a new Planning Act is being prepared.'), sources: ['P38', 'P41'] },
    ],
  },
  {
    key: 'national', fi: 'fi-national-guidelines', ee: 'ee-national-spatial-plan', kind: 'partial',
    differences: [
      { aspect: 'nature', side: 'FI', text: en('Guidelines, decided by the Government (14.12.2017, in force 1.4.2018).'), sources: ['P7', 'P8'] },
      { aspect: 'nature', side: 'EE', text: en('A plan: “Eesti 2030+” is in force; “Eesti 2050” was initiated on 5 Jan 2023.'), sources: ['P42'] },
    ],
  },
  {
    key: 'state-projects', fi: null, ee: 'ee-national-designated-plan', kind: 'no_counterpart',
    differences: [
      { aspect: 'nature', side: 'FI', text: en('No separate plan type: national projects go through the regional plan.'), sources: ['P10'] },
      { aspect: 'initiation', side: 'EE', text: en('The Government decides within 90 days of an application whether to initiate one.'), sources: ['P37', 'P38'] },
    ],
  },
  {
    key: 'regional', fi: 'fi-regional-plan', ee: 'ee-county-plan', kind: 'equivalent',
    differences: [
      { aspect: 'preparation', side: 'FI', text: en('The regional council prepares and approves it.'), sources: ['P9', 'P10'] },
      { aspect: 'preparation', side: 'EE', text: en('The state prepares it: the Ministry of Finance from 2018, the Ministry of Regional Affairs and Agriculture and its board from July 2023.'), sources: ['P39', 'P45'] },
      { aspect: 'scope', side: 'EE', text: en('The Union of Harju County Municipalities prepares a development strategy, which is not a spatial plan.'), sources: ['P58'] },
    ],
  },
  {
    key: 'municipal-general', fi: 'fi-local-master-plan', ee: 'ee-comprehensive-plan', kind: 'equivalent',
    differences: [
      { aspect: 'approval', side: 'FI', text: en('Approved by the municipal council; can have legal effect.'), sources: ['P11', 'P20'] },
      { aspect: 'approval', side: 'EE', text: en('Initiated, adopted and established by the municipal council, based on the county-wide plan.'), sources: ['P43', 'P48'] },
      { aspect: 'problems', side: 'EE', text: en('Detailed plans may amend it.'), sources: ['P63', 'P54'] },
    ],
  },
  {
    key: 'municipal-project', fi: null, ee: 'ee-local-designated-plan', kind: 'no_counterpart',
    differences: [
      { aspect: 'nature', side: 'EE', text: en('For local works with significant spatial impact.'), sources: ['P38'] },
    ],
  },
  {
    key: 'municipal-detailed', fi: 'fi-local-detailed-plan', ee: 'ee-detailed-plan', kind: 'equivalent',
    differences: [
      { aspect: 'approval', side: 'FI', text: en('The municipal council, or a delegated body for minor plans.'), sources: ['P11'] },
      { aspect: 'approval', side: 'EE', text: en('The council or the city government.'), sources: ['P38', 'P46'] },
      { aspect: 'legalEffect', side: 'FI', text: en('Binding for building permits.'), sources: ['P11'] },
    ],
  },
  {
    key: 'participation', fi: null, ee: null, kind: 'aspect', aspect: 'participation',
    differences: [
      { aspect: 'participation', side: 'FI', text: en('A participation and assessment plan (OAS), then a draft; the proposal is displayed for at least 30 days (14 for minor changes).'), sources: ['P13'] },
      { aspect: 'participation', side: 'EE', text: en('Display, then discussion; the municipality must answer written opinions. The minimum display periods are not confirmed.'), sources: ['P46'] },
    ],
  },
];

export interface EventSeed {
  /** `2016`, `2016-02` or `2016-02-05`: the precision is the form's. */
  on: string;
  until?: string;
  stage?: PlanStage;
  text: string;
  decisionRef?: string;
  unconfirmed?: boolean;
  sources: string[];
}

export interface PlanSeed {
  slug: string;
  name: Cited;
  kind: 'plan' | 'study';
  instrument: { slug: InstrumentSlug; sources: string[] } | null;
  country: PlanCountry;
  regionCodes: string[];
  stage: { value: PlanStage; sources: string[] };
  summary?: Cited;
  notes?: Cited[];
  events: EventSeed[];
  documents: { title: string; kind: 'decision' | 'data' | 'report' | 'notice' | 'news'; source: string }[];
}

export const PLANS: readonly PlanSeed[] = [
  {
    slug: 'uusimaa-2050', kind: 'plan', country: 'FI', regionCodes: ['nuts:FI1B1'],
    name: { text: { fi: 'Uusimaa-kaava 2050' }, sources: ['P14', 'P18'] },
    instrument: { slug: 'fi-regional-plan', sources: ['P14', 'P18'] },
    stage: { value: 'final', sources: ['P14'] },
    summary: { text: en('Three phase plans: the Helsinki region, East Uusimaa and West Uusimaa; Östersundom is separate.'), sources: ['P18'] },
    events: [
      { on: '2020-08-25', stage: 'approved', text: 'Approved by the Uusimaa regional council (e.g. the West Uusimaa phase plan).', decisionRef: '§ 22', sources: ['P18'] },
      { on: '2020-12-07', stage: 'in_force', text: 'Put into force early by the regional board (the date is from a Sipoo notice).', unconfirmed: true, sources: ['P15'] },
      { on: '2021-09-24', stage: 'under_appeal', text: 'Helsinki Administrative Court: most appeals rejected; parts annulled, mainly where earlier conservation markings had been removed, and some retail rules. The appeal against routing the Tallinn tunnel via Helsinki was rejected.', sources: ['P16', 'P17'] },
      { on: '2023-03-13', stage: 'final', text: 'Final decisions of the Supreme Administrative Court (KHO).', sources: ['P14'] },
    ],
    documents: [
      { title: 'GIS data on avoindata.fi', kind: 'data', source: 'P19' },
      { title: 'The Supreme Administrative Court’s final decisions (Regional Council news)', kind: 'news', source: 'P14' },
    ],
  },
  {
    slug: 'helsinki-city-plan-2016', kind: 'plan', country: 'FI', regionCodes: ['fi-kunta:091'],
    name: { text: en('Helsinki City Plan 2016'), sources: ['P20', 'P22'] },
    instrument: { slug: 'fi-local-master-plan', sources: ['P20'] },
    stage: { value: 'in_force', sources: ['P22', 'P23'] },
    summary: { text: en('The local master plan of Helsinki; it excludes Östersundom.'), sources: ['P20'] },
    events: [
      { on: '2012', stage: 'initiated', text: 'Case opened.', sources: ['P20', 'P22'] },
      { on: '2015-10-06', until: '2016-01-29', stage: 'proposal', text: 'Proposal dated 6.10.2015, displayed until 29.1.2016: 1,444 objections and 45 statements.', sources: ['P21'] },
      { on: '2016-10-26', stage: 'approved', text: 'Approved by the City Council.', decisionRef: '§ 272', sources: ['P20'] },
      { on: '2018-12-05', stage: 'in_force', text: 'Legally valid. Courts repealed some parts (city boulevards, parts of Central Park, Vartiosaari and others), where the 2002 master plan still applies.', sources: ['P22', 'P23'] },
      { on: '2022', text: 'Implementation programme updated.', sources: ['P24'] },
    ],
    documents: [
      { title: 'City Council decision of 26.10.2016, § 272', kind: 'decision', source: 'P20' },
      { title: 'The City Plan’s data on avoindata.fi', kind: 'data', source: 'P22' },
      { title: 'The implementation programme (case HEL 2021-012354)', kind: 'decision', source: 'P24' },
    ],
  },
  {
    slug: 'harju-county-plan-2030', kind: 'plan', country: 'EE', regionCodes: ['nuts:EE001'],
    name: { text: { et: 'Harju maakonnaplaneering 2030+', en: 'Harju county-wide plan 2030+' }, sources: ['P47', 'P49'] },
    instrument: { slug: 'ee-county-plan', sources: ['P47'] },
    stage: { value: 'adopted', sources: ['P47'] },
    notes: [{ text: en('Consultant: Hendrikson & Ko.'), sources: ['P48'] }],
    events: [
      { on: '2013-07-18', stage: 'initiated', text: 'Initiated by Government order.', decisionRef: 'order no. 337', sources: ['P47', 'P48'] },
      { on: '2013-07-30', text: 'Strategic environmental assessment (SEA) started.', sources: ['P47', 'P48'] },
      { on: '2016-06-29', stage: 'adopted', text: 'Adopted by the county governor.', decisionRef: 'order 1625-k', sources: ['P47', 'P49'] },
      { on: '2016-07-25', until: '2016-08-22', stage: 'participation', text: 'Public display.', sources: ['P47', 'P49'] },
      { on: '2016-09-12', until: '2016-09-13', stage: 'participation', text: 'Public discussions in Tallinn, Kose and Keila.', sources: ['P47', 'P49'] },
      { on: '2016-11-30', text: 'Submitted for approval.', sources: ['P47'] },
    ],
    documents: [{ title: 'The plan’s page at the Harju County Government', kind: 'notice', source: 'P47' }],
  },
  {
    slug: 'tallinn-comprehensive-plan', kind: 'plan', country: 'EE', regionCodes: ['ee-ehak:0784'],
    name: { text: en('Tallinn comprehensive plan'), sources: ['P51'] },
    instrument: { slug: 'ee-comprehensive-plan', sources: ['P51', 'P52'] },
    stage: { value: 'in_force', sources: ['P51', 'P60'] },
    summary: { text: en('The city-wide plan established in January 2001, meant to run to 2010, still partly valid; district plans cover parts of the city.'), sources: ['P51', 'P60'] },
    events: [
      { on: '1994', stage: 'initiated', text: 'Work on the city-wide plan began.', sources: ['P51'] },
      { on: '2001-01', stage: 'in_force', text: 'City-wide plan established, meant to run to 2010; still partly valid.', sources: ['P51', 'P60'] },
      { on: '2006', text: 'District plan: Mustamäe.', sources: ['P51'] },
      { on: '2009', text: 'District plan: Pirita.', sources: ['P51'] },
      { on: '2010', text: 'District plan: Lasnamäe residential areas.', sources: ['P51'] },
      { on: '2015', text: 'District plan: Lasnamäe industrial areas.', sources: ['P51'] },
      { on: '2016', text: 'District plan: Kristiine.', sources: ['P51'] },
      { on: '2017', text: 'District plan: Haabersti. Nõmme district plan adopted.', sources: ['P51'] },
      { on: '2019-01-24', stage: 'review', text: 'Review report approved by the City Council.', decisionRef: 'decision no. 16', sources: ['P50'] },
      { on: '2019', text: 'Kesklinn district plan initiated.', sources: ['P51', 'P52'] },
      { on: '2025', text: 'The city announced a new city-wide master plan, the first in about 25 years.', sources: ['P53'] },
      { on: '2025-09', text: 'Põhja-Tallinn district plan approved by the city government and sent to the council.', sources: ['P54'] },
    ],
    documents: [
      { title: 'City Council decision no. 16 of 24.01.2019 (review report)', kind: 'decision', source: 'P50' },
      { title: 'The Kesklinn district comprehensive plan', kind: 'notice', source: 'P52' },
    ],
  },
  {
    slug: 'helsinki-tallinn-fixed-link', kind: 'study', country: 'FI_EE', regionCodes: ['nuts:FI1B1', 'nuts:EE001'],
    name: { text: en('Helsinki–Tallinn tunnel (fixed link)'), sources: ['R73', 'P27'] },
    instrument: null,
    stage: { value: 'study', sources: ['P28', 'P35'] },
    notes: [{ text: en('No active state planning was found; a Finnish newspaper reported no active state rail-planning activity. Putting the tunnel into TEN-T was presented as a route to EU funding.'), sources: ['P35', 'P33'], unconfirmed: true }],
    events: [
      { on: '2014', until: '2020', text: 'The Uusimaa regional plan reserves a Tallinn tunnel; the regional mayor called 2050–2070 a realistic timeline. The 2021 court ruling kept the Helsinki alignment.', sources: ['P26', 'P17'] },
      { on: '2016-01-05', text: 'FinEst Link cooperation document approved in Tallinn. Parties: the cities of Helsinki and Tallinn, the Estonian Ministry of Economic Affairs and Communications, the Finnish Ministry of Transport and Communications, Helsinki-Uusimaa Regional Council, Harju County Government.', sources: ['R73'] },
      { on: '2016', until: '2018', stage: 'study', text: 'FinEst Link project: €1.3M budget, Interreg Central Baltic; lead partner Helsinki-Uusimaa Regional Council.', sources: ['P27'] },
      { on: '2018-02', stage: 'study', text: 'Feasibility study: €13–20bn, a 30-minute journey, about 15 years to build. It assumed 40% EU funding; about 23 million trips a year by 2050 with a tunnel, against about 14 million without.', sources: ['P28', 'P29'] },
      { on: '2019', until: '2020', stage: 'proposed', text: 'A private plan (FinEst Bay Area Development): €15bn, mostly Chinese financing, 2024 target. It asked Estonia for a national designated spatial plan and a building permit.', sources: ['P30a', 'P32', 'P37'] },
      { on: '2020-07-31', stage: 'not_initiated', text: 'The Estonian minister proposed not to initiate the national plan, citing environmental, economic and security doubts and the need for a state-to-state agreement first. The developer withdrew and said it would do the environmental assessment outside the plan.', sources: ['P30', 'P31'] },
      { on: '2021-04-26', text: 'Finland–Estonia transport MoU covering the tunnel, Rail Baltica and TEN-T; not binding on any project; valid to 2030.', sources: ['P33', 'P34'] },
    ],
    documents: [
      { title: 'FinEst Link', kind: 'report', source: 'R73' },
      { title: 'FinEst Link: the project', kind: 'report', source: 'P27' },
      { title: 'The Estonian Ministry of Finance on the minister’s proposal (2020)', kind: 'news', source: 'P30' },
    ],
  },
];

/** The fields of an instrument that carry a fact, by their `citations` names. */
export function instrumentFacts(seed: InstrumentSeed): Partial<Record<InstrumentFactField, { sources: string[] }>> {
  const out: Partial<Record<InstrumentFactField, { sources: string[] }>> = {};
  for (const field of ['name', 'legalBasis', 'preparedBy', 'approvedBy', 'effectOnPlans', 'effectOnPermits', 'participation', 'displayMinDays', 'displayMinDaysMinor', 'typicalDuration'] as const) {
    const value = seed[field];
    if (value) out[field] = value;
  }
  return out;
}

/** A date as the seed writes it (`2016`, `2016-02`, `2016-02-05`) as a day and its precision. */
export function dayOf(on: string): { day: string; precision: DatePrecision } {
  if (/^\d{4}$/.test(on)) return { day: `${on}-01-01`, precision: 'year' };
  if (/^\d{4}-\d{2}$/.test(on)) return { day: `${on}-01`, precision: 'month' };
  if (/^\d{4}-\d{2}-\d{2}$/.test(on)) return { day: on, precision: 'day' };
  throw new Error(`planning seed: ${on} is not a year, month or day`);
}
