import { useId, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { REGIONS } from '../../shared/catalog.ts';
import { checkCommentGeometry } from '../../shared/commentGeometry.ts';
import type { FieldError } from '../../shared/problems.ts';
import type { CommentGeometry } from '../../shared/schemas/geometry.ts';
import { BOUNDARIES_NOTICE, TWIN_PLACES } from '../../shared/twinRegion.ts';
import { areaAt, drawStep, keyAction, type Announcement, type DrawAction, type DrawState, type DrawStep, type LonLat, type TwinMapData, type XY } from './mapInput.ts';
import { fieldText } from './problemText.ts';
import { PlaceShape, placeName, TwinMapBackground, useTwinMap, useTwinMapData } from './TwinMap.tsx';

type T = ReturnType<typeof useTranslation>['t'];

export interface MapInputProps {
  /** The fieldset's visible name (its legend), also the name the early problem starts with. */
  label: string;
  /** The place marked: a checked geometry, or null. */
  value: CommentGeometry | null;
  /** Called with a geometry that passed `checkCommentGeometry`, or null (none, or one that did not pass: its problem shows). */
  onChange: (geometry: CommentGeometry | null) => void;
  /** The fieldset's id: FormErrors links a server error on `geometry` to `field-geometry`. */
  id?: string;
  /** Only a point may be placed (a consultation that takes no areas): no choice of mode, no area to finish. */
  pointsOnly?: boolean;
}

/**
 * A point or an area on a map of the twin region, for a map comment (issue 19 §5). The map is drawn
 * from the boundaries that ship with the app (no tiles) and works by keyboard: the focused map
 * moves a crosshair with the arrow keys (1 km; with Shift 10 km), Enter places a point or adds a
 * corner, Backspace removes the last corner, Escape cancels the area being drawn; "Finish area"
 * and "Clear" are buttons, and a click places too. A polite live line says what was placed and in
 * which NUTS area. Without the map, a place can be chosen from a list or given by its latitude and
 * longitude; all three write the same GeoJSON, checked at once with the server's own check.
 */
export function MapInput(props: MapInputProps) {
  const { data, error } = useTwinMapData();
  return <MapInputView {...props} data={data} loadFailed={Boolean(error)} />;
}

const degrees = (language: string) => new Intl.NumberFormat(language, { minimumFractionDigits: 3, maximumFractionDigits: 3 });

export function MapInputView({ label, value, onChange, id = 'field-geometry', pointsOnly = false, data, loadFailed = false }: MapInputProps & { data: TwinMapData | null; loadFailed?: boolean }) {
  const { t, i18n } = useTranslation();
  const prefix = `map-input-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const map = useTwinMap(data);
  const [draw, setDraw] = useState<DrawState | null>(null);
  const state: DrawState | null = draw ?? (map ? { mode: value?.type === 'Polygon' ? 'area' : 'point', cursor: map.centre, draft: [] } : null);
  const [said, setSaid] = useState('');
  const [problem, setProblem] = useState<{ geometry: CommentGeometry; error: FieldError } | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const number = degrees(i18n.language);
  const where = (at: LonLat) => ({ lat: number.format(at[1]), lon: number.format(at[0]) });

  /**
   * The value to the form when it passes the check; its problem shown (and none sent) when it does
   * not. Answers the problem in words, which the live line then says instead of what was placed.
   */
  const commit = (geometry: CommentGeometry | null): string | null => {
    if (geometry === null) {
      setProblem(null);
      onChange(null);
      return null;
    }
    const result = checkCommentGeometry(geometry, 'geometry');
    setProblem(result.ok ? null : { geometry, error: result.errors[0] });
    onChange(result.ok ? result.geometry : null);
    return result.ok ? null : `${label} ${fieldText(result.errors[0], t)}`;
  };

  /** A drawing step taken: the new state, the value if it changed, and what to say. */
  const apply = (step: DrawStep) => {
    setDraw(step.state);
    const refused = step.emit !== undefined ? commit(step.emit) : null;
    setSaid(refused ?? words(step.say));
  };

  const words = (say: Announcement): string => {
    const name = (at: LonLat) => placeName(t, i18n.language, map ? areaAt(map.index, map.project(at)) : null, at);
    switch (say.kind) {
      case 'cursor':
        return t('mapInput:say.cursor', { place: name(say.at), ...where(say.at) });
      case 'point':
        // Placed from the list or by coordinates while the map is not here: its area is not known.
        if (!map) return t('mapInput:say.pointAt', where(say.at));
        return t('mapInput:say.point', { place: name(say.at), ...where(say.at) });
      case 'corner':
        return t('mapInput:say.corner', { n: say.count, place: name(say.at), ...where(say.at) });
      case 'area':
        return t('mapInput:say.area', { count: say.count, km2: new Intl.NumberFormat(i18n.language, { maximumSignificantDigits: 2 }).format(say.km2) });
      case 'removed':
        return t('mapInput:say.removed', { count: say.count });
      case 'needCorners':
        return t('mapInput:say.needCorners', { count: say.count });
      case 'cancelled':
        return t('mapInput:say.cancelled');
      case 'cleared':
        return t('mapInput:say.cleared');
      case 'mode':
        return say.mode === 'point' ? t('mapInput:say.modePoint') : t('mapInput:say.modeArea');
      case 'nothing':
        return '';
    }
  };

  const act = (action: DrawAction) => {
    if (!map || !state) {
      if (action.kind === 'clear') {
        commit(null);
        setSaid(t('mapInput:say.cleared'));
      }
      return;
    }
    apply(drawStep(state, action, map));
  };

  const onKeyDown = (event: KeyboardEvent<SVGSVGElement>) => {
    const action = keyAction(event.key, event.shiftKey);
    if (!action) return;
    event.preventDefault(); // the arrows would scroll the page, Backspace go back in some browsers
    act(action);
  };

  /** A click moves the crosshair there and places, as Enter does. */
  const onClick = (event: MouseEvent<SVGSVGElement>) => {
    const svg = svgRef.current;
    const matrix = svg?.getScreenCTM();
    if (!svg || !matrix || !map || !state) return;
    const at = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    const moved = drawStep(state, { kind: 'moveTo', xy: [at.x, at.y] }, map).state;
    apply(drawStep(moved, { kind: 'place' }, map));
  };

  /** A place from the list, or typed coordinates: a point, as if placed on the map. */
  const placePoint = (at: LonLat) => {
    const geometry: CommentGeometry = { type: 'Point', coordinates: [at[0], at[1]] };
    if (map && state) setDraw({ ...state, mode: 'point', draft: [], cursor: Number.isFinite(at[0]) && Number.isFinite(at[1]) ? map.project(at) : state.cursor });
    setSaid(commit(geometry) ?? words({ kind: 'point', at }));
  };

  const shown = problem?.geometry ?? value;
  const helpId = `${prefix}-help`;
  const problemId = `${prefix}-problem`;
  return (
    <fieldset id={id} className="map-input" aria-describedby={problem ? problemId : undefined}>
      <legend>{label}</legend>
      {problem && (
        <p className="field__error" id={problemId}>
          {label} {fieldText(problem.error, t)}
        </p>
      )}
      {!pointsOnly && (
        <fieldset className="map-input__mode">
          <legend>{t('mapInput:mode.legend')}</legend>
          {(['point', 'area'] as const).map((mode) => (
            <label key={mode} className="choice">
              <input type="radio" name={`${prefix}-mode`} value={mode} checked={(state?.mode ?? 'point') === mode} disabled={!map} onChange={() => act({ kind: 'mode', mode })} /> {mode === 'point' ? t('mapInput:mode.point') : t('mapInput:mode.area')}
            </label>
          ))}
        </fieldset>
      )}
      <figure className="map-input__figure">
        {map && state ? (
          <svg
            ref={svgRef}
            className="map-input__svg"
            role="group"
            tabIndex={0}
            viewBox={map.viewBox.join(' ')}
            aria-labelledby={`${prefix}-title`}
            aria-describedby={helpId}
            onKeyDown={onKeyDown}
            onClick={onClick}
          >
            <title id={`${prefix}-title`}>{t('mapInput:title')}</title>
            <g aria-hidden="true">
              <TwinMapBackground data={map.data} />
              {shown && <PlaceShape geometry={shown} project={map.project} className={problem ? 'map-input__shape map-input__shape--invalid' : 'map-input__shape'} />}
              {state.draft.length > 0 && <Draft corners={state.draft} cursor={state.cursor} project={map.project} />}
              <Crosshair at={state.cursor} />
            </g>
          </svg>
        ) : (
          <p className={loadFailed ? 'notice' : 'map-input__loading'} role="status">
            {loadFailed ? t('mapInput:failed') : t('mapInput:loading')}
          </p>
        )}
        <figcaption>
          <p className="field__hint" id={helpId}>
            {t(pointsOnly ? 'mapInput:helpPoints' : 'mapInput:help')}
          </p>
          <p className="map-input__notice">
            {t('mapInput:source')} <span lang="en">{map?.data.meta.notice ?? BOUNDARIES_NOTICE}</span>
          </p>
        </figcaption>
      </figure>
      <div className="button-row">
        {!pointsOnly && (
          <button type="button" className="button button--secondary" disabled={!map || state?.mode !== 'area'} onClick={() => act({ kind: 'finish' })}>
            {t('mapInput:finish')}
          </button>
        )}
        <button type="button" className="button button--secondary" onClick={() => act({ kind: 'clear' })}>
          {t('mapInput:clear')}
        </button>
      </div>
      <p className="map-input__marked">{markedText(t, value, number)}</p>
      <p className="map-input__said" aria-live="polite">
        {said}
      </p>
      <WithoutMap prefix={prefix} value={value} onPlace={placePoint} />
    </fieldset>
  );
}

/** What is marked now, in words (visible, so the value is never only a drawing). */
function markedText(t: T, value: CommentGeometry | null, number: Intl.NumberFormat): string {
  if (!value) return t('mapInput:marked.none');
  if (value.type === 'Point') return t('mapInput:marked.point', { lat: number.format(value.coordinates[1]), lon: number.format(value.coordinates[0]) });
  return t('mapInput:marked.area', { count: value.coordinates[0].length - 1 });
}

/** The list of named places and the coordinate fields: the map's equivalents. */
function WithoutMap({ prefix, value, onPlace }: { prefix: string; value: CommentGeometry | null; onPlace: (at: LonLat) => void }) {
  const { t, i18n } = useTranslation();
  const [lat, setLat] = useState('');
  const [lon, setLon] = useState('');
  const language = i18n.language as 'fi' | 'et' | 'en';
  const chosen = value?.type === 'Point' ? TWIN_PLACES.find((p) => p.centroid[0] === value.coordinates[0] && p.centroid[1] === value.coordinates[1])?.id : undefined;
  const parse = (text: string) => (text.trim() === '' ? NaN : Number(text.replace(',', '.')));
  return (
    <fieldset className="map-input__without">
      <legend>{t('mapInput:withoutMap')}</legend>
      <div className="field">
        <label htmlFor={`${prefix}-place`}>{t('mapInput:choosePlace')}</label>
        <select
          id={`${prefix}-place`}
          value={chosen ?? ''}
          onChange={(event) => {
            const place = TWIN_PLACES.find((p) => p.id === event.target.value);
            if (place) onPlace(place.centroid);
          }}
        >
          <option value="">{t('mapInput:choosePlaceNone')}</option>
          {TWIN_PLACES.map((place) => {
            const region = REGIONS.find((r) => r.code === place.id);
            return (
              <option key={place.id} value={place.id}>
                {t('mapInput:placeOption', { name: region?.name[language] ?? place.name })}
              </option>
            );
          })}
        </select>
      </div>
      <div className="map-input__coordinates">
        <div className="field">
          <label htmlFor={`${prefix}-lat`}>{t('mapInput:latitude')}</label>
          <input id={`${prefix}-lat`} type="number" inputMode="decimal" step="any" min={-90} max={90} value={lat} onChange={(event) => setLat(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${prefix}-lon`}>{t('mapInput:longitude')}</label>
          <input id={`${prefix}-lon`} type="number" inputMode="decimal" step="any" min={-180} max={180} value={lon} onChange={(event) => setLon(event.target.value)} />
        </div>
        <button type="button" className="button button--secondary" onClick={() => onPlace([parse(lon), parse(lat)])}>
          {t('mapInput:placePoint')}
        </button>
      </div>
    </fieldset>
  );
}

function Draft({ corners, cursor, project }: { corners: readonly LonLat[]; cursor: XY; project: (at: LonLat) => XY }) {
  const points = corners.map(project);
  return (
    <g className="map-input__draft">
      <polyline points={[...points, cursor].map((p) => p.join(',')).join(' ')} />
      {points.map(([x, y], i) => (
        <rect key={i} x={x - 1} y={y - 1} width={2} height={2} />
      ))}
    </g>
  );
}

function Crosshair({ at: [x, y] }: { at: XY }) {
  return (
    <g className="map-input__crosshair">
      <path d={`M${x - 6} ${y}h4m4 0h4M${x} ${y - 6}v4m0 4v4`} />
    </g>
  );
}
