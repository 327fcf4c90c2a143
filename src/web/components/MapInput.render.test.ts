import fs from 'node:fs';
import i18next from 'i18next';
import { createElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { UI_LANGUAGES } from '../../shared/languages.ts';
import { TWIN_PLACES } from '../../shared/twinRegion.ts';
import type { CommentGeometry } from '../../shared/schemas/geometry.ts';
import { MapInput, MapInputView } from './MapInput.tsx';
import type { TwinMapData } from './mapInput.ts';

// No DOM library in the project: the component is rendered to HTML as the server would, and the
// HTML is read. What runs only in a browser (keys, clicks, the lazy load) is drawStep's, tested in
// mapInput.test.ts; the consultations page's e2e test drives it in Chromium.
const data = JSON.parse(fs.readFileSync(new URL('./map-data/twin-region.json', import.meta.url), 'utf8')) as TwinMapData;
const locale = (lang: string, ns: string) => JSON.parse(fs.readFileSync(new URL(`../locales/${lang}/${ns}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

async function renderer(lang: string) {
  const i18n = i18next.createInstance();
  await i18n.use(initReactI18next).init({
    lng: lang,
    fallbackLng: false,
    resources: { [lang]: { mapInput: locale(lang, 'mapInput'), problems: locale(lang, 'problems') } },
    interpolation: { escapeValue: false },
  });
  return (node: ReactNode) => renderToStaticMarkup(createElement(I18nextProvider, { i18n }, node));
}

const render = await renderer('en');
const noop = () => {};
const view = (value: CommentGeometry | null, mapData: TwinMapData | null = data) => render(createElement(MapInputView, { label: 'Place', value, onChange: noop, data: mapData }));

describe('MapInput', () => {
  const html = view(null);

  it('is a fieldset named by its label, with the id a server error on `geometry` links to', () => {
    expect(html).toMatch(/^<fieldset id="field-geometry" class="map-input"><legend>Place<\/legend>/);
  });

  it('draws a focusable, named and described map whose drawing is hidden from screen readers', () => {
    const svg = /<svg ([^>]*)>(.*?)<\/svg>/.exec(html)!;
    expect(svg[1]).toMatch(/class="map-input__svg" role="group" tabindex="0" viewBox="-?\d+ -?\d+ \d+ \d+" aria-labelledby="([^"]+)-title" aria-describedby="\1-help"/);
    const [, , titleId] = /aria-labelledby="(([^"]+)-title)"/.exec(svg[1])!;
    expect(svg[2]).toContain(`<title id="${titleId}-title">Map of the twin region`);
    expect(html).toContain(`<p class="field__hint" id="${titleId}-help">Focus the map and move the crosshair with the arrow keys (1 km a press, 10 km with Shift).`);
    expect(svg[2]).toMatch(/^<title[^>]*>[^<]*<\/title><g aria-hidden="true">/);
    // FI and EE, the areas in view (the two of the twin region marked), the region's edge, the crosshair.
    expect(svg[2].match(/<g class="map-input__countries">(.*?)<\/g>/)![1].match(/<path /g)).toHaveLength(2);
    expect(svg[2].match(/class="map-input__twin"/g)).toHaveLength(2);
    expect(svg[2]).toContain('<path class="map-input__region" d="M');
    expect(svg[2]).toContain('<g class="map-input__crosshair">');
  });

  it('offers points only when told: no mode to choose, no area to finish, and the help says so', () => {
    const points = render(createElement(MapInputView, { label: 'Place', value: null, onChange: noop, data, pointsOnly: true }));
    expect(points).not.toContain('Finish area');
    expect(points).not.toContain('value="area"');
    expect(points).toContain('>Clear</button>');
    expect(points).toContain('Enter places a point; this consultation takes points, not areas.');
  });

  it('has the buttons, the mode, a polite live line and the EuroGeographics notice', () => {
    expect(html).toContain('>Finish area</button>');
    expect(html).toContain('>Clear</button>');
    expect(html).toMatch(/<legend>Mark<\/legend><label class="choice"><input type="radio" name="[^"]+" checked="" value="point"\/> A point<\/label><label class="choice"><input type="radio" name="[^"]+" value="area"\/> An area<\/label>/);
    expect(html).toContain('<p class="map-input__said" aria-live="polite"></p>');
    expect(html).toContain('<span lang="en">© EuroGeographics for the administrative boundaries</span>');
    expect(html).toContain('<p class="map-input__marked">Nothing is marked yet.</p>');
  });

  it('offers the places of the list and the coordinate fields, each labelled', () => {
    const without = /<fieldset class="map-input__without"><legend>Without the map<\/legend>(.*)<\/fieldset>/.exec(html)![1];
    const options = [...without.matchAll(/<option value="([^"]*)"[^>]*>([^<]+)<\/option>/g)].map((m) => [m[1], m[2]]);
    expect(options).toEqual([
      ['', 'Choose…'],
      ['FI1B1', 'Helsinki-Uusimaa (its centroid)'],
      ['EE001', 'Harju County (its centroid)'],
    ]);
    for (const [label, min, max] of [['Latitude (° N)', -90, 90], ['Longitude (° E)', -180, 180]] as const) {
      const id = new RegExp(`<label for="([^"]+)">${label.replace(/[()]/g, '\\$&')}</label>`).exec(without)![1];
      expect(without).toContain(`<input id="${id}" type="number" inputMode="decimal" step="any" min="${min}" max="${max}" value=""/>`);
    }
    expect(without).toContain('>Place the point</button>');
  });

  it('shows a marked point as a ringed dot and in words, and its place in the list', () => {
    const centroid = TWIN_PLACES[0].centroid;
    const marked = view({ type: 'Point', coordinates: [centroid[0], centroid[1]] });
    expect(marked).toMatch(/<g class="map-input__shape"><circle cx="[-\d.]+" cy="[-\d.]+" r="2.5"><\/circle><circle [^>]*class="map-input__dot"/);
    expect(marked).toContain('<p class="map-input__marked">Marked: a point at 60.364 N 24.747 E.</p>');
    expect(marked).toContain('<option value="FI1B1" selected="">');
  });

  it('shows a marked area as an outline and counts its corners', () => {
    const marked = view({ type: 'Polygon', coordinates: [[[24.8, 59.7], [25.0, 59.7], [25.0, 59.9], [24.8, 59.7]]] });
    expect(marked).toMatch(/<polygon class="map-input__shape" points="[-\d., ]+"><\/polygon>/);
    expect(marked).toContain('Marked: an area with 3 corners.');
    expect(marked).toMatch(/checked="" value="area"/);
  });

  it('before the map is here says so, and the list and fields already work', () => {
    const loading = render(createElement(MapInput, { label: 'Place', value: null, onChange: noop }));
    expect(loading).toContain('<p class="map-input__loading" role="status">Loading the map…</p>');
    expect(loading).not.toContain('<svg');
    expect(loading).toContain('Helsinki-Uusimaa (its centroid)');
    expect(view(null, null)).toContain('© EuroGeographics for the administrative boundaries');
  });

  it.each(UI_LANGUAGES)('is worded in %s, with no key left unworded', async (lang) => {
    const html = (await renderer(lang))(createElement(MapInputView, { label: 'X', value: { type: 'Point', coordinates: [24.85, 59.8] }, onChange: noop, data }));
    expect(html).not.toMatch(/mapInput:|say\.|marked\.|mode\./);
  });
});
