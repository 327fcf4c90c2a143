import fs from 'node:fs';
import i18next from 'i18next';
import { createElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { RegionMap, RegionMapView } from './RegionMap.tsx';
import type { MapData, MapRegion } from './regionMap.ts';

// No DOM library in the project: the component is rendered to HTML as the server would, and the
// HTML is read. What runs only in a browser (the lazy load, clicks) is left to the pages' e2e tests.
const data = JSON.parse(fs.readFileSync(new URL('./map-data/europe.json', import.meta.url), 'utf8')) as MapData;
const maps = JSON.parse(fs.readFileSync(new URL('../../locales/en/maps.json', import.meta.url), 'utf8')) as Record<string, unknown>;

const i18n = i18next.createInstance();
await i18n.use(initReactI18next).init({ lng: 'en', resources: { en: { maps } }, interpolation: { escapeValue: false } });

const regions: MapRegion[] = [
  { id: 'a', slug: 'meuse-rhine', name: 'Euregio Meuse-Rhine', countries: ['BE', 'DE', 'NL'], nutsIds: ['BE332', 'NL423', 'DEA2D'], legalForm: 'egtc', href: '/regions/meuse-rhine' },
  { id: 'b', slug: 'helsinki-tallinn', name: 'Helsinki–Tallinn', countries: ['FI', 'EE'], nutsIds: [], legalForm: 'memorandum_of_understanding', href: '/regions/helsinki-tallinn' },
  { id: 'c', slug: 'elsewhere', name: 'Somewhere else', countries: ['UA'], nutsIds: [], legalForm: null, href: '/regions/elsewhere' },
];

// JSX-free, so the file is a .ts the unit project runs.
const render = (node: ReactNode) => renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(MemoryRouter, null, node)));

describe('RegionMap', () => {
  it('shows the table at once and says the map is loading', () => {
    const html = render(createElement(RegionMap, { regions }));
    expect(html).toContain('role="status">Loading the map…</p>');
    expect(html).not.toContain('<svg');
    expect([...html.matchAll(/<th scope="row"><a href="([^"]+)"[^>]*>([^<]+)<\/a><\/th>/g)].map((m) => [m[1], m[2]])).toEqual([
      ['/regions/meuse-rhine', 'Euregio Meuse-Rhine'],
      ['/regions/helsinki-tallinn', 'Helsinki–Tallinn'],
      ['/regions/elsewhere', 'Somewhere else'],
    ]);
    expect(html).toContain('<td>3 NUTS-3 areas</td>');
    expect(html).toContain('<td>Belgium, Germany, Netherlands</td>');
    expect(html).toContain('<td>Memorandum of understanding</td>');
  });
});

describe('RegionMapView', () => {
  const html = render(createElement(RegionMapView, { data, regions }));

  it('is one named, described SVG', () => {
    expect(html.match(/<svg role="group"/g)).toHaveLength(1);
    expect(html).toMatch(/<svg role="group" class="region-map__svg" viewBox="-?\d+ -?\d+ \d+ \d+" aria-labelledby="([^"]+)-title" aria-describedby="\1-desc"><title id="\1-title">Map of the regions<\/title><desc id="\1-desc">The regions on a map/);
  });

  it('makes each drawn region a link named by the region, in the table\'s order, with its legal form\'s pattern', () => {
    const links = [...html.matchAll(/<a href="([^"]+)" aria-label="([^"]+)" class="([^"]+)"><title>[^<]*<\/title><path d="M[^"]+" fill="url\(#[^"]+-(\w+)\)"/g)].map((m) => [m[1], m[2], m[3], m[4]]);
    expect(links).toEqual([
      ['/regions/meuse-rhine', 'Euregio Meuse-Rhine', 'region-map__region region-map__region--egtc', 'egtc'],
      ['/regions/helsinki-tallinn', 'Helsinki–Tallinn', 'region-map__region region-map__region--memorandum_of_understanding region-map__region--by-country', 'memorandum_of_understanding'],
    ]);
  });

  it('draws the countries in view as a background hidden from screen readers', () => {
    const background = /<g class="region-map__countries" aria-hidden="true">(.*?)<\/g>/.exec(html)![1];
    expect(background.match(/<path /g)!.length).toBeGreaterThan(5);
  });

  it('has a text legend of the forms shown, and the EuroGeographics notice', () => {
    const legend = /<ul class="region-map__legend">(.*?)<\/ul>/.exec(html)![1].replace(/<svg.*?<\/svg>/g, '');
    expect(legend).toBe('<li>EGTC</li><li>Memorandum of understanding</li><li>Drawn by its countries: its areas are not known</li>');
    expect(html).toContain('<span lang="en">© EuroGeographics for the administrative boundaries</span>');
  });
});
