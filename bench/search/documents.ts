/**
 * Extra demo datasets for the search judged set (issue 15 §4), loaded only by the bench and its
 * test, never by `npm start`. Written for the set: Swedish and Russian titles, Chinese and
 * Japanese titles as harvested portals carry them, Greek, Finnish and Estonian compounds written
 * whole, apart and hyphenated, and near-miss distractors (kortteli/kortti, sada/sadam). Subjects are
 * generic, places come from the regions list, publishers are those the demo catalogue already
 * uses; no figures, every one labelled demo. Names start `demo-sq-`.
 */
import type { Theme } from '../../src/shared/catalog.ts';

type Lang = 'fi' | 'et' | 'en' | 'sv' | 'ru';
export interface ExtraDataset {
  name: string;
  publisher: string;
  themes: Theme[];
  spatial: string[];
  title: Partial<Record<Lang, string>>;
  description: Partial<Record<Lang, string>>;
  keywords?: Partial<Record<Lang, string[]>>;
}

const HKI = ['fi-091'];
const ESP = ['fi-049'];
const VAN = ['fi-092'];
const TLN = ['ee-0784'];
const HARJU = ['EE001'];
const UUSI = ['FI1B1'];

function d(name: string, publisher: string, themes: Theme[], spatial: string[], title: ExtraDataset['title'], description: ExtraDataset['description'], keywords?: ExtraDataset['keywords']): ExtraDataset {
  return { name: `demo-sq-${name}`, publisher, themes, spatial, title: mark(title), description, keywords };
}

/** Every title says it is demo content, in its own language. */
function mark(title: ExtraDataset['title']): ExtraDataset['title'] {
  return Object.fromEntries(Object.entries(title).map(([lang, text]) => [lang, `${text} (demo)`]));
}

export const EXTRA_DATASETS: ExtraDataset[] = [
  // Finnish compounds: whole, hyphenated, apart
  d('espoo-vaestoennuste', 'espoo', ['SOCI'], ESP, { fi: 'Espoon väestöennuste alueittain' }, { fi: 'Väestön kehitys alueittain seuraaville vuosille, laskettu kaupungin omalla mallilla.' }),
  d('vantaa-vaesto-ennuste', 'vantaa', ['SOCI'], VAN, { fi: 'Vantaan väestö-ennuste ikäryhmittäin' }, { fi: 'Ikäryhmittäinen arvio asukasmäärän kehityksestä.' }),
  d('uusimaa-vaesto-ennuste-apart', 'uudenmaan-liitto', ['SOCI', 'REGI'], UUSI, { fi: 'Uudenmaan väestö ennuste kunnittain' }, { fi: 'Kuntakohtainen arvio, otsikossa sanat erikseen kuten lähdejärjestelmässä.' }),
  d('helsinki-tyopaikkaennuste', 'helsinki', ['ECON'], HKI, { fi: 'Helsingin työpaikkaennuste toimialoittain' }, { fi: 'Työpaikkojen määrän arvio toimialoittain.' }),
  d('hsl-aikataulu-tiedot-apart', 'hsl', ['TRAN'], UUSI, { fi: 'Lähijunien aikataulu tiedot' }, { fi: 'Lähijunaliikenteen vuorot rajapinnan kautta.' }),
  d('hsl-raitiovaunu-aikataulut', 'hsl', ['TRAN'], HKI, { fi: 'Raitiovaunujen aikataulut ja reitit' }, { fi: 'Raitiolinjojen vuorot ja reitit.' }),
  d('espoo-bussipysakit', 'espoo', ['TRAN'], ESP, { fi: 'Espoon bussipysäkit ja katokset' }, { fi: 'Linja-autopysäkkien sijainnit ja varustelu.' }),
  d('helsinki-pysakit-esteettomyys', 'helsinki', ['TRAN'], HKI, { fi: 'Pysäkkien esteettömyystiedot' }, { fi: 'Joukkoliikenteen pysäkeillä tehdyt esteettömyyskartoitukset.' }),
  d('helsinki-liikennemelu', 'helsinki', ['ENVI', 'TRAN'], HKI, { fi: 'Helsingin liikennemeluselvitys' }, { fi: 'Tieliikenteen ja raideliikenteen melualueet kartalla.' }),
  d('vantaa-lentomelu', 'vantaa', ['ENVI'], VAN, { fi: 'Lentomelualueet Vantaalla' }, { fi: 'Lentoliikenteen melutasot asuinalueittain.' }),
  d('hsy-biojate', 'hsy', ['ENVI'], UUSI, { fi: 'Biojätteen erilliskeräys taloyhtiöissä' }, { fi: 'Biojäteastioiden määrä ja tyhjennysvälit.' }),
  d('hsy-jatehuolto-alueet', 'hsy', ['ENVI'], UUSI, { fi: 'Jätehuollon keräyspisteet' }, { fi: 'Jätteiden vastaanottopaikat ja lajitteluasemat.' }),
  d('helsinki-pyorailymaarat', 'helsinki', ['TRAN'], HKI, { fi: 'Pyöräilymäärät laskentapisteittäin' }, { fi: 'Automaattisten laskimien tuntimäärät.' }),
  d('espoo-kaupunki-pyora', 'espoo', ['TRAN'], ESP, { fi: 'Espoon kaupunki-pyörä-asemat' }, { fi: 'Asemat ja telineiden määrä, kirjoitettu yhdysmerkein.' }),
  d('helsinki-kortteli', 'helsinki', ['REGI'], HKI, { fi: 'Kortteli- ja tonttirajat' }, { fi: 'Asemakaavan korttelit ja tontit kartta-aineistona.' }),
  d('helsinki-korttelialueet', 'helsinki', ['REGI'], HKI, { fi: 'Korttelialueiden rakennusoikeus' }, { fi: 'Kortteleittain kaavoitettu kerrosala.' }),
  d('vero-verokortti-ohje', 'tilastokeskus', ['GOVE'], ['FI'], { fi: 'Verokortti ulkomailla työskentelevälle: ohjeaineisto' }, { fi: 'Ohjeet verokortin hakemisesta, kun tekee töitä Virossa.' }),
  d('vero-vero-kortti-hyphen', 'tilastokeskus', ['GOVE'], ['FI'], { fi: 'Vero-kortin muutokset kuukausittain' }, { fi: 'Sähköisesti tehdyt muutokset, yhdysmerkillä kirjoitettuna.' }),
  d('vero-vero-kortti-apart', 'tilastokeskus', ['GOVE'], ['FI'], { fi: 'Vero kortti ja ennakonpidätys: kysymykset' }, { fi: 'Usein kysytyt kysymykset, sanat erikseen.' }),
  d('helsinki-rakennusluvat', 'helsinki', ['REGI'], HKI, { fi: 'Myönnetyt rakennusluvat' }, { fi: 'Rakennuslupapäätökset kuukausittain.' }),
  d('espoo-maisematyolupa', 'espoo', ['ENVI'], ESP, { fi: 'Maisematyöluvat ja puiden kaatoluvat' }, { fi: 'Myönnetyt maisematyöluvat.' }),
  d('vantaa-vuokra-asunnot', 'vantaa', ['SOCI'], VAN, { fi: 'Kaupungin vuokra-asunnot' }, { fi: 'Asuntojen lukumäärä ja huoneistotyypit.' }),
  d('helsinki-asuntokanta', 'helsinki', ['SOCI'], HKI, { fi: 'Asuntokanta talotyypeittäin' }, { fi: 'Asunnot talotyypin ja valmistumisvuoden mukaan.' }),
  d('espoo-uimarannat', 'espoo', ['ENVI', 'HEAL'], ESP, { fi: 'Uimarantojen veden laatu' }, { fi: 'Uimavesinäytteet kesäkaudella.' }),
  d('helsinki-rantareitit', 'helsinki', ['ENVI'], HKI, { fi: 'Rantareitit ja rannat' }, { fi: 'Merenrannan kävelyreitit.' }),
  d('helsinki-liityntapysakointi', 'helsinki', ['TRAN'], HKI, { fi: 'Liityntäpysäköintialueet' }, { fi: 'Pysäköintipaikat asemien läheisyydessä.' }),
  d('vantaa-pysakointi-luvat', 'vantaa', ['TRAN'], VAN, { fi: 'Asukaspysäköinnin tunnukset' }, { fi: 'Pysäköintitunnusten alueet.' }),
  d('helsinki-energiankulutus', 'helsinki', ['ENER'], HKI, { fi: 'Kaupungin kiinteistöjen energiankulutus' }, { fi: 'Sähkö ja lämpö kiinteistöittäin.' }),
  d('espoo-aurinkoenergia', 'espoo', ['ENER'], ESP, { fi: 'Aurinkoenergiapotentiaali katoittain' }, { fi: 'Kattopintojen laskennallinen aurinkosähkön tuotto.' }),
  d('port-satamaliikenne', 'port-of-helsinki', ['TRAN'], HKI, { fi: 'Satamaliikenteen alukset', en: 'Vessels in harbour traffic' }, { fi: 'Saapuneet ja lähteneet alukset satamittain.' }),
  d('port-vuosaaren-satama', 'port-of-helsinki', ['TRAN'], HKI, { fi: 'Vuosaaren sataman rahtiliikenne' }, { fi: 'Rahtiyksiköt kuukausittain.' }),
  d('helsinki-koulupiirit', 'helsinki', ['EDUC'], HKI, { fi: 'Oppilaaksiottoalueet ja koulupiirit' }, { fi: 'Lähikouluun ottamisen alueet.' }),
  d('espoo-peruskoulut', 'espoo', ['EDUC'], ESP, { fi: 'Espoon peruskoulujen oppilasmäärät' }, { fi: 'Oppilaat kouluittain.' }),
  // Estonian compounds: whole, hyphenated, apart; sada/sadam
  d('tallinn-rahvastikuprognoos', 'tallinn', ['SOCI'], TLN, { et: 'Tallinna rahvastikuprognoos linnaosade kaupa' }, { et: 'Elanike arvu hinnang linnaosade kaupa.' }),
  d('harju-rahvastiku-prognoos-apart', 'harjumaa-omavalitsuste-liit', ['SOCI', 'REGI'], HARJU, { et: 'Harjumaa rahvastiku prognoos valdade kaupa' }, { et: 'Valdade elanike arvu hinnang, sõnad eraldi nagu allikas.' }),
  d('statistikaamet-toojou-prognoos', 'statistikaamet', ['ECON'], ['EE'], { et: 'Tööjõuvajaduse prognoos tegevusalade kaupa' }, { et: 'Töökohtade vajaduse hinnang.' }),
  d('tallinna-sadam-reisisadam', 'tallinna-sadam', ['TRAN'], TLN, { et: 'Vanasadama reisiterminalide kasutus' }, { et: 'Reisijate arv terminalide kaupa.' }),
  d('tallinna-sadam-sadamaala', 'tallinna-sadam', ['TRAN'], TLN, { et: 'Sadama-ala planeering' }, { et: 'Sadamaala kruntide piirid.' }),
  d('tallinn-sada-aastat', 'tallinn', ['EDUC'], TLN, { et: 'Sada aastat linnaarhiivi fotosid' }, { et: 'Digiteeritud fotod kümnendite kaupa.' }),
  d('tallinn-sajad-tanavad', 'tallinn', ['REGI'], TLN, { et: 'Sajad tänavanimed ja nende ajalugu' }, { et: 'Tänavanimede register.' }),
  d('ytk-laevapiletid', 'ytk-pohja', ['TRAN'], HARJU, { et: 'Laevapiletite müük liinide kaupa' }, { et: 'Müüdud piletid kuude kaupa.' }),
  d('tallinn-piletisusteem', 'tallinn', ['TRAN'], TLN, { et: 'Ühistranspordi piletisüsteemi valideerimised' }, { et: 'Piletite valideerimised peatuste kaupa.' }),
  d('ytk-uhistransport-hyphen', 'ytk-pohja', ['TRAN'], HARJU, { et: 'Maakonna ühis-transpordi liinid' }, { et: 'Maakonnaliinide marsruudid, sidekriipsuga kirjutatud.' }),
  d('tallinn-uhistranspordi-marsruudid', 'tallinn', ['TRAN'], TLN, { et: 'Ühistranspordi marsruudid ja sõiduplaanid' }, { et: 'Bussi-, trammi- ja trollibussiliinid.' }),
  d('keskkonnaagentuur-ohukvaliteet', 'keskkonnaagentuur', ['ENVI'], TLN, { et: 'Õhukvaliteedi seire Tallinnas' }, { et: 'Lämmastikdioksiidi ja peenosakeste tunnikeskmised.' }),
  d('keskkonnaagentuur-ohu-kvaliteet-apart', 'keskkonnaagentuur', ['ENVI'], HARJU, { et: 'Õhu kvaliteet Harjumaa asulates' }, { et: 'Mõõtmised asulate kaupa, sõnad eraldi.' }),
  d('keskkonnaagentuur-veekvaliteet', 'keskkonnaagentuur', ['ENVI'], HARJU, { et: 'Suplusvee kvaliteet randades' }, { et: 'Suplusvee proovid suvehooajal.' }),
  d('tallinn-liiklusmura', 'tallinn', ['ENVI', 'TRAN'], TLN, { et: 'Liiklusmüra kaart' }, { et: 'Maantee- ja trammiliikluse müratasemed.' }),
  d('tallinn-olmejaatmed', 'tallinn', ['ENVI'], TLN, { et: 'Olmejäätmete kogumine linnaosade kaupa' }, { et: 'Segaolmejäätmete ja biojäätmete kogused.' }),
  d('tallinn-bussipeatused', 'tallinn', ['TRAN'], TLN, { et: 'Bussipeatuste asukohad' }, { et: 'Peatuste koordinaadid ja ootekojad.' }),
  d('harju-peatuste-ligipaasetavus', 'harjumaa-omavalitsuste-liit', ['TRAN'], HARJU, { et: 'Peatuste ligipääsetavus maakonnas' }, { et: 'Ligipääsetavuse hinnang peatuste kaupa.' }),
  d('tallinn-parklad', 'tallinn', ['TRAN'], TLN, { et: 'Avalikud parklad ja parkimistsoonid' }, { et: 'Parkimiskohtade arv tsoonide kaupa.' }),
  d('tallinn-koolivork', 'tallinn', ['EDUC'], TLN, { et: 'Tallinna koolivõrk ja õpilaste arv' }, { et: 'Üldhariduskoolid ja õpilased.' }),
  d('harju-lasteaiad', 'harjumaa-omavalitsuste-liit', ['EDUC'], HARJU, { et: 'Lasteaiakohtade arv valdade kaupa' }, { et: 'Lasteaiakohad ja järjekorrad.' }),
  d('tallinn-lapsetoetus', 'tallinn', ['SOCI'], TLN, { et: 'Linna lapsetoetuste saajad' }, { et: 'Sünnitoetuse ja koolitoetuse saajad.' }),
  d('tallinn-liiklusonnetused', 'tallinn', ['TRAN'], TLN, { et: 'Liiklusõnnetused ristmike kaupa' }, { et: 'Inimkannatanutega liiklusõnnetused.' }),
  d('tallinn-ehitusload', 'tallinn', ['REGI'], TLN, { et: 'Väljastatud ehitusload' }, { et: 'Ehitusloa otsused kuude kaupa.' }),
  d('tallinn-elanikud-linnaosad', 'tallinn', ['SOCI'], TLN, { et: 'Elanike arv linnaosade kaupa' }, { et: 'Registreeritud elanikud.' }),
  d('maa-ja-ruumiamet-katastriuksused', 'maa-ja-ruumiamet', ['REGI'], HARJU, { et: 'Katastriüksuste piirid' }, { et: 'Katastriüksused Harjumaal.' }),
  d('tallinn-kool-ma-distractor', 'tallinn', ['EDUC'], TLN, { et: 'Koolmeistrite mälestused arhiivis' }, { et: 'Vanade kooliõpetajate käsikirjad.' }),
  // Swedish
  d('hsl-busshallplatser', 'hsl', ['TRAN'], UUSI, { sv: 'Busshållplatser i huvudstadsregionen', fi: 'Bussipysäkit pääkaupunkiseudulla' }, { sv: 'Hållplatsernas läge och utrustning.' }),
  d('espoo-buss-hallplats-hyphen', 'espoo', ['TRAN'], ESP, { sv: 'Esbo buss-hållplatser och väderskydd' }, { sv: 'Hållplatser med bindestreck i källan.' }),
  d('helsinki-befolkningsprognos', 'helsinki', ['SOCI'], HKI, { sv: 'Helsingfors befolkningsprognos per distrikt' }, { sv: 'Prognos över invånarantalet per distrikt.' }),
  d('vantaa-befolknings-prognos-hyphen', 'vantaa', ['SOCI'], VAN, { sv: 'Vanda befolknings-prognos efter ålder' }, { sv: 'Invånare efter åldersgrupp.' }),
  d('port-farjetrafik', 'port-of-helsinki', ['TRAN'], HKI, { sv: 'Färjetrafiken mellan Helsingfors och Tallinn' }, { sv: 'Avgångar och passagerare per månad.' }),
  d('port-farjor-hamnar', 'port-of-helsinki', ['TRAN'], HKI, { sv: 'Färjorna i Västra hamnen' }, { sv: 'Fartyg och terminaler.' }),
  d('port-hamnomrade', 'port-of-helsinki', ['TRAN', 'REGI'], HKI, { sv: 'Hamnområdets planering' }, { sv: 'Hamnens områden och kajer.' }),
  d('helsinki-trafikbuller', 'helsinki', ['ENVI'], HKI, { sv: 'Trafikbuller i Helsingfors' }, { sv: 'Bullerzoner längs gator och spår.' }),
  d('hsy-hushallsavfall', 'hsy', ['ENVI'], UUSI, { sv: 'Hushållsavfall per kommun' }, { sv: 'Insamlat avfall och sortering.' }),
  d('espoo-grundskolor', 'espoo', ['EDUC'], ESP, { sv: 'Svenskspråkiga grundskolor i Esbo' }, { sv: 'Skolornas elevantal.' }),
  d('helsinki-stadscyklar', 'helsinki', ['TRAN'], HKI, { sv: 'Stadscyklar och cykelstationer' }, { sv: 'Cyklarnas användning per station.' }),
  d('vantaa-infartsparkering', 'vantaa', ['TRAN'], VAN, { sv: 'Infartsparkering vid stationerna' }, { sv: 'Parkeringsplatser vid pendeltågsstationer.' }),
  d('hsy-luft-kvalitet-apart', 'hsy', ['ENVI'], HKI, { sv: 'Mätningar av luft kvalitet vid hamnen' }, { sv: 'Timvärden, orden skrivna isär som i källan.' }),
  d('hsy-luftkvalitet', 'hsy', ['ENVI'], UUSI, { sv: 'Luftkvalitet i huvudstadsregionen' }, { sv: 'Halter av kvävedioxid och partiklar.' }),
  d('helsinki-stadens-bostader', 'helsinki', ['SOCI'], HKI, { sv: 'Stadens hyresbostäder' }, { sv: 'Bostäder per stadsdel.' }),
  d('vero-skattekort', 'tilastokeskus', ['GOVE'], ['FI'], { sv: 'Skattekort för arbete utomlands: anvisningar' }, { sv: 'Hur man ansöker om skattekort vid arbete i Estland.' }),
  d('kela-barnbidrag', 'kela', ['SOCI'], ['FI'], { sv: 'Barnbidrag i gränsöverskridande situationer' }, { sv: 'Anvisningar för familjer.' }),
  // Russian
  d('port-raspisanie-paroma', 'port-of-helsinki', ['TRAN'], HKI, { ru: 'Расписание парома Хельсинки–Таллин' }, { ru: 'Отправления паромов по дням недели.' }),
  d('tallinna-sadam-paromy', 'tallinna-sadam', ['TRAN'], TLN, { ru: 'Паромные перевозки через Таллинский порт' }, { ru: 'Пассажиры паромов по месяцам.' }),
  d('tallinn-shkoly', 'tallinn', ['EDUC'], TLN, { ru: 'Школы Таллина с русским языком обучения' }, { ru: 'Число учеников в школах.' }),
  d('tallinn-naselenie', 'tallinn', ['SOCI'], TLN, { ru: 'Население Таллина по районам' }, { ru: 'Зарегистрированные жители по районам города.' }),
  d('helsinki-naselenie-yazyk', 'helsinki', ['SOCI'], HKI, { ru: 'Население Хельсинки по родному языку' }, { ru: 'Жители по родному языку, включая русский и эстонский.' }),
  d('tallinn-avtobusy', 'tallinn', ['TRAN'], TLN, { ru: 'Маршруты автобусов и трамваев Таллина' }, { ru: 'Линии общественного транспорта.' }),
  d('keskkonnaagentuur-kachestvo-vozduha', 'keskkonnaagentuur', ['ENVI'], TLN, { ru: 'Качество воздуха в Таллине' }, { ru: 'Измерения диоксида азота.' }),
  d('sotsiaalkindlustusamet-pensii', 'statistikaamet', ['SOCI'], ['EE'], { ru: 'Пенсии жителей Эстонии, работавших в Финляндии' }, { ru: 'Разъяснения о пенсии при работе за границей.' }),
  d('emta-nalog', 'statistikaamet', ['GOVE'], ['EE'], { ru: 'Подоходный налог при работе в Финляндии' }, { ru: 'Разъяснения о налоге для работающих за границей.' }),
  d('tallinn-bolnitsy', 'tallinn', ['HEAL'], TLN, { ru: 'Больницы и поликлиники Таллина' }, { ru: 'Адреса больниц.' }),
  d('tallinna-sadam-port', 'tallinna-sadam', ['TRAN'], TLN, { ru: 'Грузооборот порта по месяцам' }, { ru: 'Грузы в порту.' }),
  d('tallinn-parom-par-distractor', 'tallinn', ['ENER'], TLN, { ru: 'Пар и горячая вода: теплосеть' }, { ru: 'Теплоснабжение районов.' }),
  // Chinese and Japanese titles as harvested portals carry them
  d('zh-helsinki-renkou', 'helsinki', ['SOCI'], HKI, { en: '赫尔辛基人口统计2024年' }, { en: 'Population statistics of Helsinki; the title as a harvested portal carries it.' }),
  d('zh-tallinn-jiaotong', 'tallinn', ['TRAN'], TLN, { en: '塔林公共交通时刻表' }, { en: 'Tallinn public transport timetables; Chinese title from a harvested portal.' }),
  d('zh-kongqi-zhiliang', 'hsy', ['ENVI'], UUSI, { en: '赫尔辛基地区空气质量监测' }, { en: 'Air quality monitoring, Chinese title.' }),
  d('zh-duolun', 'port-of-helsinki', ['TRAN'], HKI, { en: '赫尔辛基至塔林渡轮乘客' }, { en: 'Ferry passengers, Chinese title.' }),
  d('ja-helsinki-jinko', 'helsinki', ['SOCI'], HKI, { en: 'ヘルシンキの人口統計' }, { en: 'Population statistics of Helsinki; Japanese title.' }),
  d('ja-tallinn-koutsu', 'tallinn', ['TRAN'], TLN, { en: 'タリンの公共交通' }, { en: 'Public transport in Tallinn; Japanese title.' }),
  d('ja-kuuki', 'hsy', ['ENVI'], UUSI, { en: 'ヘルシンキ地域の大気質' }, { en: 'Air quality in the Helsinki region; Japanese title.' }),
  // Greek
  d('el-plithysmos-elsinki', 'helsinki', ['SOCI'], HKI, { en: 'Πληθυσμός του Ελσίνκι' }, { en: 'Population of Helsinki; Greek title.' }),
  d('el-metafores-tallinn', 'tallinn', ['TRAN'], TLN, { en: 'Δημόσιες συγκοινωνίες Ταλίν' }, { en: 'Public transport of Tallinn; Greek title.' }),
  d('el-poiotita-aera', 'hsy', ['ENVI'], UUSI, { en: 'Ποιότητα αέρα στην περιοχή του Ελσίνκι' }, { en: 'Air quality; Greek title.' }),
  // English-only documents reached from other languages (glossary)
  d('en-ferry-crossings', 'port-of-helsinki', ['TRAN'], HKI, { en: 'Ferry crossings between the two capitals' }, { en: 'Departures per route and season.' }),
  d('en-ferry-terminal-access', 'tallinna-sadam', ['TRAN'], TLN, { en: 'Ferry terminal access for pedestrians' }, { en: 'Walking routes to the passenger terminals.' }),
  d('en-tax-card-guidance', 'tilastokeskus', ['GOVE'], ['FI'], { en: 'Tax card guidance for cross-border workers' }, { en: 'How workers living in Estonia apply for a tax card.' }),
  d('en-a1-certificates', 'kela', ['SOCI'], ['FI'], { en: 'A1 certificates issued for posted workers' }, { en: 'Certificates on applicable social security legislation, by month.' }),
  d('en-ehic', 'kela', ['HEAL'], ['FI'], { en: 'European Health Insurance Card requests' }, { en: 'Requests for the card by month.' }),
  d('en-child-benefit', 'kela', ['SOCI'], ['FI'], { en: 'Child benefit in cross-border families' }, { en: 'Guidance for families where one parent works abroad.' }),
  d('en-pension-abroad', 'tilastokeskus', ['SOCI'], ['FI'], { en: 'Pension accrued abroad: guidance' }, { en: 'How working years abroad count.' }),
  d('en-driving-licence', 'traficom', ['TRAN'], ['FI'], { en: 'Driving licence exchanges' }, { en: 'Foreign licences exchanged by country.' }),
  d('en-residence-registration', 'dvv', ['GOVE'], ['FI'], { en: 'Residence registration of EU citizens' }, { en: 'Registrations by month.' }),
  d('en-harbour-cranes', 'port-of-helsinki', ['TRAN'], HKI, { en: 'Harbour cranes and quays' }, { en: 'Quays and cranes of the harbour.' }),
  d('en-school-enrolment', 'helsinki', ['EDUC'], HKI, { en: 'School enrolment of newly arrived children' }, { en: 'Enrolments by month.' }),
  d('en-unemployment-benefit', 'tilastokeskus', ['SOCI'], ['FI'], { en: 'Unemployment benefit recipients living abroad' }, { en: 'Recipients by country of residence.' }),
  // Finnish- and Estonian-only documents reached from other languages
  d('fi-elake-ulkomailla', 'tilastokeskus', ['SOCI'], ['FI'], { fi: 'Ulkomailla karttunut eläke' }, { fi: 'Eläkkeet, joihin on karttunut työvuosia ulkomailla.' }),
  d('fi-lapsilisa-rajat', 'kela', ['SOCI'], ['FI'], { fi: 'Lapsilisät rajat ylittävissä perheissä' }, { fi: 'Ohjeet perheille.' }),
  d('fi-ajokortin-vaihto', 'traficom', ['TRAN'], ['FI'], { fi: 'Ulkomaisen ajokortin vaihtaminen' }, { fi: 'Vaihdetut ajokortit maittain.' }),
  d('fi-a1-todistus', 'kela', ['SOCI'], ['FI'], { fi: 'A1-todistukset lähetetyille työntekijöille' }, { fi: 'Myönnetyt todistukset kuukausittain.' }),
  d('fi-sairaanhoitokortti', 'kela', ['HEAL'], ['FI'], { fi: 'Eurooppalainen sairaanhoitokortti: hakemukset' }, { fi: 'Hakemukset kuukausittain.' }),
  d('et-maksukaart', 'statistikaamet', ['GOVE'], ['EE'], { et: 'Maksukaart välismaal töötamisel' }, { et: 'Juhised Soomes töötavatele inimestele.' }),
  d('et-juhiluba', 'transpordiamet', ['TRAN'], ['EE'], { et: 'Välisriigi juhiloa vahetamine' }, { et: 'Vahetatud juhiload riikide kaupa.' }),
  d('et-pension-valismaal', 'statistikaamet', ['SOCI'], ['EE'], { et: 'Välismaal teenitud pension' }, { et: 'Pensioni arvestamine välismaal töötatud aastate eest.' }),
  d('et-ravikindlustuskaart', 'statistikaamet', ['HEAL'], ['EE'], { et: 'Euroopa ravikindlustuskaardi taotlused' }, { et: 'Taotlused kuude kaupa.' }),
  d('et-elukoha-registreerimine', 'tallinn', ['GOVE'], TLN, { et: 'Elukoha registreerimised Tallinnas' }, { et: 'Registreerimised kuude kaupa.' }),
  d('et-praamiliiklus', 'transpordiamet', ['TRAN'], ['EE'], { et: 'Praamiliiklus saartele' }, { et: 'Praamide väljumised ja reisijad.' }),
  d('fi-lauttaliikenne', 'traficom', ['TRAN'], ['FI'], { fi: 'Lauttaliikenne ja lossit' }, { fi: 'Lauttojen vuorot ja matkustajat.' }),
  // Themes and regions by other names
  d('sv-esbo-vagnat', 'espoo', ['TRAN'], ESP, { sv: 'Esbo vägnät' }, { sv: 'Gator och vägar i Esbo.' }),
  d('sv-vanda-grönområden', 'vantaa', ['ENVI'], VAN, { sv: 'Vanda grönområden' }, { sv: 'Parker och skogar.' }),
  d('en-keila-roads', 'harjumaa-omavalitsuste-liit', ['TRAN'], ['ee-0296'], { en: 'Street lighting in Keila' }, { en: 'Lamps and their power.' }),
  d('en-viimsi-coast', 'harjumaa-omavalitsuste-liit', ['ENVI'], ['ee-0890'], { en: 'Coastal paths of Viimsi Parish' }, { en: 'Paths along the shore.' }),
  // Near-miss and typo neighbours
  d('fi-kortit-ja-kartat', 'helsinki', ['REGI'], HKI, { fi: 'Opaskartat ja karttapalvelut' }, { fi: 'Kaupungin karttapalvelut.' }),
  d('en-population-density', 'tilastokeskus', ['SOCI'], UUSI, { en: 'Population density grid' }, { en: 'Inhabitants per square kilometre.' }),
  d('en-pollution-permits', 'hsy', ['ENVI'], UUSI, { en: 'Pollution permits for industry' }, { en: 'Environmental permits.' }),
  d('en-station-parking', 'vantaa', ['TRAN'], VAN, { en: 'Station parking occupancy' }, { en: 'Occupied places at stations.' }),
  d('en-ferries-emissions', 'port-of-helsinki', ['ENVI', 'TRAN'], HKI, { en: 'Emissions of ferries at berth' }, { en: 'Emissions while ships are at the quay.' }),
  d('en-timetable-changes', 'hsl', ['TRAN'], UUSI, { en: 'Timetable changes by season' }, { en: 'Changes to routes and departures.' }),
  d('en-pupils-languages', 'espoo', ['EDUC'], ESP, { en: 'Pupils by home language' }, { en: 'Pupils of comprehensive schools by home language.' }),
  d('en-harbor-us-spelling', 'tallinna-sadam', ['TRAN'], TLN, { en: 'Harbor master notices' }, { en: 'Notices to ships, written with the American spelling.' }),
  d('en-measurements-noise', 'tallinn', ['ENVI'], TLN, { en: 'Noise measurements near tram lines' }, { en: 'Measured noise levels.' }),
  d('en-commuters-survey', 'uudenmaan-liitto', ['TRAN', 'REGI'], UUSI, { en: 'Commuting between Helsinki and Tallinn: survey' }, { en: 'Answers of commuters about their journeys.' }),
  d('et-tootukassa-huvitis', 'statistikaamet', ['SOCI'], ['EE'], { et: 'Töötushüvitise saajad' }, { et: 'Saajad kuude kaupa.' }),
  d('fi-tyottomyysetuus', 'tilastokeskus', ['SOCI'], ['FI'], { fi: 'Työttömyysetuuden saajat' }, { fi: 'Saajat kuukausittain.' }),
  d('fi-paasiainen-liikenne', 'hsl', ['TRAN'], UUSI, { fi: 'Pääsiäisen poikkeusaikataulut' }, { fi: 'Pyhien poikkeusvuorot.' }),
  d('et-joulud-soidud', 'ytk-pohja', ['TRAN'], HARJU, { et: 'Jõulupühade sõiduplaanid' }, { et: 'Pühade erigraafikud.' }),
  d('sv-aland-distractor', 'uudenmaan-liitto', ['REGI'], UUSI, { sv: 'Skärgårdens båtförbindelser' }, { sv: 'Förbindelsebåtar i skärgården.' }),
];
