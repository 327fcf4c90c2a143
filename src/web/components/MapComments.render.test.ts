import fs from 'node:fs';
import i18next from 'i18next';
import { createElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { MapComments, MapCommentsView, PlaceTable, type MapPlace } from './MapComments.tsx';
import { areaIndex, projector, type TwinMapData, type XY } from './mapInput.ts';
import type { TwinMap } from './TwinMap.tsx';

// Rendered to HTML and read, as the other components' render tests do (no DOM library).
const data = JSON.parse(fs.readFileSync(new URL('./map-data/twin-region.json', import.meta.url), 'utf8')) as TwinMapData;
const mapInput = JSON.parse(fs.readFileSync(new URL('../locales/en/mapInput.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const i18n = i18next.createInstance();
await i18n.use(initReactI18next).init({ lng: 'en', resources: { en: { mapInput } }, interpolation: { escapeValue: false } });
const render = (node: ReactNode) => renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(MemoryRouter, null, node)));

const { project, unproject } = projector(data.meta.projection);
const map: TwinMap = { data, project, unproject, index: areaIndex(data), viewBox: data.viewBox, centre: [0, 0] as XY };

const places: MapPlace[] = [
  { id: 'a', href: '/c/1#a', label: 'Section 1: “A tunnel here” (1 Dec 2026)', geometry: { type: 'Point', coordinates: [24.9414, 60.1718] }, cells: ['1 Dec 2026'] },
  { id: 'b', href: '/c/1#b', label: 'Section 2: “The whole gulf” (2 Dec 2026)', geometry: { type: 'Polygon', coordinates: [[[24.8, 59.7], [25.0, 59.7], [25.0, 59.9], [24.8, 59.7]]] }, cells: ['2 Dec 2026'] },
  { id: 'c', href: '/c/1#c', label: 'Section 1: “Old town” (3 Dec 2026)', geometry: { type: 'Point', coordinates: [24.7453, 59.437] }, cells: ['3 Dec 2026'] },
];

describe('MapComments', () => {
  it('names each marker as its row\'s link, with the same address', () => {
    const html = render(createElement(MapCommentsView, { map, places }));
    const markers = [...html.matchAll(/<a href="([^"]+)" aria-label="([^"]+)" class="map-comments__marker"><title>([^<]+)<\/title>/g)].map((m) => [m[1], m[2], m[3]]);
    // In the table's order: Tab goes through the markers as down the rows.
    expect(markers).toEqual(places.map((p) => [p.href, p.label, p.label]));
    expect(html).toMatch(/<svg role="group" class="map-input__svg map-comments__svg" viewBox="[^"]+" aria-labelledby="([^"]+)-title" aria-describedby="\1-desc">/);
    expect(html).toContain('<g aria-hidden="true"><g class="map-input__countries">');
    expect(html).toContain('<span lang="en">© EuroGeographics for the administrative boundaries</span>');
  });

  it('tells points from areas by shape', () => {
    const html = render(createElement(MapCommentsView, { map, places }));
    expect(html.match(/class="map-input__dot"/g)).toHaveLength(2);
    expect(html.match(/<polygon class="map-input__shape"/g)).toHaveLength(1);
  });

  it('has a table of the same comments in the same order, saying where each lies, in words', () => {
    const html = render(createElement(MapComments, { places, caption: 'Comments on the map', columns: ['Date'] }));
    expect(html).toContain('role="status">Loading the map…</p>');
    const rows = [...html.matchAll(/<tr><th scope="row"><a href="([^"]+)"[^>]*>([^<]+)<\/a><\/th><td>([^<]+)<\/td><td>([^<]+)<\/td><\/tr>/g)].map((m) => m.slice(1));
    expect(rows).toEqual([
      ['/c/1#a', places[0].label, '60.172 N 24.941 E', '1 Dec 2026'],
      ['/c/1#b', places[1].label, 'Area, 3 corners, about 120 km²', '2 Dec 2026'],
      ['/c/1#c', places[2].label, '59.437 N 24.745 E', '3 Dec 2026'],
    ]);
    expect(html).toContain('<th scope="col">Comment</th><th scope="col">Place</th><th scope="col">Date</th>');
  });

  it('names each point\'s NUTS area once the map is here', () => {
    const html = render(createElement(PlaceTable, { places, caption: 'Comments on the map', columns: ['Date'], map }));
    const cells = [...html.matchAll(/<\/th><td>([^<]+)<\/td>/g)].map((m) => m[1]);
    expect(cells).toEqual(['Helsinki-Uusimaa, 60.172 N 24.941 E', 'Area, 3 corners, about 120 km²', 'Harju County, 59.437 N 24.745 E']);
  });
});
