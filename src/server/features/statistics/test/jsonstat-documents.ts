/**
 * Small JSON-stat documents shaped as the offices answer (research §2–§4, §6): member order, index
 * forms, unit `base`, `status` forms and extensions as each server writes them. The FIGURES ARE
 * NOT FACTS: round test numbers, never shown as statistics. Each call returns a fresh copy, so a
 * test may break one.
 */

/** StatFin's PxWeb v1 answer to `"format": "json-stat"`: JSON-stat 1.x, `{"dataset": …}`, id/size/role inside `dimension` (PCAxis.Serializers.JsonStat). */
export function statfinJsonStat1() {
  return {
    dataset: {
      dimension: {
        Alue: { label: 'Alue', category: { index: { SSS: 0, MK01: 1 }, label: { SSS: 'KOKO MAA', MK01: 'Uusimaa' } } },
        Tiedot: {
          label: 'Tiedot',
          category: { index: { vaesto: 0 }, label: { vaesto: 'Väestö 31.12.' }, unit: { vaesto: { base: 'henkilöä', decimals: 0 } } },
        },
        Vuosi: { label: 'Vuosi', category: { index: { '2022': 0, '2023': 1 }, label: { '2022': '2022', '2023': '2023' } } },
        id: ['Alue', 'Tiedot', 'Vuosi'],
        size: [2, 1, 2],
        role: { time: ['Vuosi'], metric: ['Tiedot'] },
      },
      label: 'Väestö muuttujina Alue, Tiedot ja Vuosi',
      source: 'Tilastokeskus',
      updated: '2024-04-26T05:00:00Z',
      value: [1000, 1001, 200, null],
      status: { '3': '.' },
    },
  };
}

/** StatFin's PxWeb answer to `"format": "json-stat2"` (PCAxis.Serializers.JsonStat2): class first, version last, `extension.px`. */
export function statfinJsonStat2() {
  return {
    class: 'dataset',
    label: 'Väestö muuttujina Alue, Tiedot ja Vuosi',
    source: 'Tilastokeskus',
    updated: '2024-04-26T05:00:00Z',
    id: ['Alue', 'Tiedot', 'Vuosi'],
    size: [2, 1, 2],
    dimension: {
      Alue: { label: 'Alue', category: { index: { SSS: 0, MK01: 1 }, label: { SSS: 'KOKO MAA', MK01: 'Uusimaa' } } },
      Tiedot: {
        label: 'Tiedot',
        category: { index: { vaesto: 0 }, label: { vaesto: 'Väestö 31.12.' }, unit: { vaesto: { base: 'henkilöä', decimals: 0 } } },
      },
      Vuosi: { label: 'Vuosi', category: { index: { '2022': 0, '2023': 1 }, label: { '2022': '2022', '2023': '2023' } } },
    },
    value: [1000, 1001, 200, null],
    status: { '3': '.' },
    role: { time: ['Vuosi'], metric: ['Tiedot'] },
    version: '2.0',
    extension: { px: { infofile: 'None', tableid: '11ra', decimals: 0 } },
  };
}

/**
 * Statistics Estonia (andmed.stat.ee, PxWeb) json-stat2 in Estonian, table RV0222U's dimensions.
 * The county index puts Tallinn (784) before Harju (39): an object's own key order would say the
 * opposite, so only `index`'s positions give the right cells.
 */
export function estoniaJsonStat2() {
  return {
    class: 'dataset',
    label: 'Rahvastik soo, rahvuse ja maakonna järgi, 1. jaanuar',
    source: 'Statistikaamet',
    updated: '2024-06-12T05:00:00Z',
    id: ['Aasta', 'Maakond', 'Sugu'],
    size: [1, 2, 2],
    dimension: {
      Aasta: { label: 'Aasta', category: { index: { '2024': 0 }, label: { '2024': '2024' } } },
      Maakond: { label: 'Maakond', category: { index: { '784': 0, '39': 1 }, label: { '784': 'Tallinn', '39': 'Harju maakond' } } },
      Sugu: { label: 'Sugu', category: { index: { '1': 0, '2': 1 }, label: { '1': 'Mehed', '2': 'Naised' } } },
    },
    value: [10, 11, 20, 21],
    status: null,
    role: { time: ['Aasta'] },
    version: '2.0',
  };
}

/**
 * Eurostat's dissemination API (demo_r_pjanaggr3 with geo=FI1B1&geo=EE001): sparse `value` and
 * `status`, single-category dimensions, status meanings in `extension.status.label` (as
 * jsonstat/euro's getStatusLabel reads them), the dataset code in `extension.datasetId` ⚠ the
 * extension's other keys are not verified against a live answer (research §6).
 */
export function eurostatDataset() {
  return {
    version: '2.0',
    class: 'dataset',
    label: 'Population on 1 January by broad age group, sex and NUTS 3 region',
    source: 'ESTAT',
    updated: '2024-03-14T23:00:00+0100',
    value: { '0': 300, '1': 301, '3': 400, '4': 401, '5': 402 },
    status: { '1': 'b', '2': ':', '5': 'p' },
    id: ['freq', 'unit', 'sex', 'age', 'geo', 'time'],
    size: [1, 1, 1, 1, 2, 3],
    dimension: {
      freq: { label: 'Time frequency', category: { index: { A: 0 }, label: { A: 'Annual' } } },
      unit: { label: 'Unit of measure', category: { index: { NR: 0 }, label: { NR: 'Number' } } },
      sex: { label: 'Sex', category: { index: { T: 0 }, label: { T: 'Total' } } },
      age: { label: 'Age class', category: { index: { TOTAL: 0 }, label: { TOTAL: 'Total' } } },
      geo: { label: 'Geopolitical entity (reporting)', category: { index: { FI1B1: 0, EE001: 1 }, label: { FI1B1: 'Helsinki-Uusimaa', EE001: 'Põhja-Eesti' } } },
      time: { label: 'Time', category: { index: { '2021': 0, '2022': 1, '2023': 2 }, label: { '2021': '2021', '2022': '2022', '2023': '2023' } } },
    },
    role: { time: ['time'], geo: ['geo'] },
    extension: {
      lang: 'EN',
      datasetId: 'DEMO_R_PJANAGGR3',
      status: { label: { b: 'break in time series', p: 'provisional', ':': 'not available' } },
    },
  };
}

/** A JSON-stat 2.0 collection (json-stat.org's samples): links to datasets elsewhere, one dataset embedded, one dimension. */
export function collection() {
  return {
    version: '2.0',
    class: 'collection',
    href: 'https://stat.example/api/collection.json',
    label: 'Population tables',
    updated: '2024-05-01',
    link: {
      item: [
        { class: 'dataset', href: 'https://stat.example/api/a.json', label: 'Table A' },
        { class: 'dataset', href: '/api/b.json', label: 'Table B' },
        { ...estoniaJsonStat2(), href: 'https://stat.example/api/rv0222u.json' },
        { class: 'dimension', href: 'https://stat.example/api/dim.json', label: 'A dimension' },
        { class: 'dataset', href: 'https://stat.example/api/a.json', label: 'Table A again' },
      ],
    },
  };
}
