import type { FastifyRequest } from 'fastify';
import { CONTENT_LANGUAGES, type ContentLanguage, type Language } from '../../../shared/languages.ts';
import { DOMAINS, SITUATIONS, TOPICS, type Domain, type Situation, type Topic } from '../../../shared/register.ts';
import { HttpProblem, problems } from '../../plugins/problems.ts';
import type { QueryBuilder } from '../../db/tables.ts';
import type { CountryCode } from '../../../shared/countries.ts';
import { resolveApiToken, type AuthUser } from '../accounts/accounts.service.ts';
import { reportBottleneck, type IntakeChannel } from '../bottlenecks/bottlenecks.service.ts';
import { filesOf } from '../bottlenecks/bottlenecks.repository.ts';
import { addAttachment, type Upload } from '../attachments/attachments.service.ts';
import * as repo from './open311.repository.ts';
import { REGISTER_TEXTS } from '../../lib/interfaceTexts.ts';

const TEXTS = REGISTER_TEXTS;

/** Two countries a report is about unless the app says otherwise. */
const COUNTRIES = ['FI', 'EE'] as const;

type Datatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
interface AttributeSpec {
  code: string;
  datatype: Datatype;
  label: (lang: Language) => string;
  values?: (lang: Language) => { key: string; name: string }[];
  max?: number;
}

const displayName = (lang: Language, type: 'language' | 'region', code: string) => new Intl.DisplayNames([lang], { type }).of(code) ?? code;

/**
 * The attributes every service takes: the fields of the site's report form that GeoReport has no
 * field for, labelled with the form's own texts.
 */
export const ATTRIBUTES: readonly AttributeSpec[] = [
  { code: 'title', datatype: 'string', label: (l) => TEXTS[l].fields.title, max: 200 },
  { code: 'language', datatype: 'singlevaluelist', label: (l) => TEXTS[l].fields.language, values: (l) => CONTENT_LANGUAGES.map((key) => ({ key, name: displayName(l, 'language', key) })) },
  { code: 'countries', datatype: 'multivaluelist', label: (l) => TEXTS[l].fields.countries, values: (l) => COUNTRIES.map((key) => ({ key, name: displayName(l, 'region', key) })) },
  { code: 'topics', datatype: 'multivaluelist', label: (l) => TEXTS[l].fields.topics, values: (l) => TOPICS.map((key) => ({ key, name: TEXTS[l].topic[key] })) },
  { code: 'situation', datatype: 'singlevaluelist', label: (l) => TEXTS[l].fields.situation, values: (l) => SITUATIONS.map((key) => ({ key, name: TEXTS[l].situation[key] })) },
  { code: 'service_name', datatype: 'string', label: (l) => TEXTS[l].fields.serviceName, max: 200 },
  { code: 'affected_estimate', datatype: 'number', label: (l) => TEXTS[l].fields.affectedEstimate },
];

export function serviceDefinition(code: Domain, lang: Language) {
  return {
    service_code: code,
    attributes: ATTRIBUTES.map((spec, index) => ({
      variable: true,
      code: spec.code,
      datatype: spec.datatype,
      required: false,
      datatype_description: spec.datatype === 'number' ? '1–10000000' : spec.max ? `≤ ${spec.max}` : null,
      order: index + 1,
      description: spec.label(lang),
      ...(spec.values ? { values: spec.values(lang) } : {}),
    })),
  };
}

const ATTRIBUTE_KEY = /^attribute\[([a-z_]{1,40})\](\[\])?$/;

/**
 * Takes GeoReport's `attribute[code]=v` (and `attribute[code][]=v` for a multivaluelist) out of a
 * form body, so the rest is checked against the request's schema.
 */
export function takeAttributes(body: Record<string, unknown>): Map<string, string[]> {
  const taken = new Map<string, string[]>();
  for (const key of Object.keys(body)) {
    const match = ATTRIBUTE_KEY.exec(key);
    if (!match) continue;
    const value = body[key];
    delete body[key];
    const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
    if (values.length) taken.set(match[1], [...(taken.get(match[1]) ?? []), ...values]);
  }
  return taken;
}

const badAttribute = (code: string, why: string) => new HttpProblem(400, 'invalid-value', 'Bad attribute', `attribute[${code}] ${why}`);

export interface AttributeValues {
  title?: string;
  language?: ContentLanguage;
  countries?: CountryCode[];
  topics?: Topic[];
  situation?: Situation;
  serviceName?: string;
  affectedEstimate?: number;
}

/** The attributes sent, checked against their definitions; an unknown code is a 400. */
export function readAttributes(sent: Map<string, string[]>): AttributeValues {
  const out: AttributeValues = {};
  for (const [code, values] of sent) {
    const spec = ATTRIBUTES.find((a) => a.code === code);
    if (!spec) throw badAttribute(code, `is not an attribute of this service; see services/{service_code}.json.`);
    if (spec.datatype !== 'multivaluelist' && values.length > 1) throw badAttribute(code, 'takes one value.');
    if (spec.values) {
      const keys = new Set(spec.values('en').map((v) => v.key));
      const unknown = values.find((v) => !keys.has(v));
      if (unknown !== undefined) throw badAttribute(code, `has no value ${unknown}.`);
    }
    const [value] = values;
    if (spec.max && value.length > spec.max) throw badAttribute(code, `is longer than ${spec.max} characters.`);
    switch (code) {
      case 'title':
        if (value.trim().length < 5) throw badAttribute(code, 'needs at least 5 characters.');
        out.title = value;
        break;
      case 'language':
        out.language = value as ContentLanguage;
        break;
      case 'countries':
        out.countries = [...new Set(values)] as CountryCode[];
        break;
      case 'topics':
        out.topics = [...new Set(values)] as Topic[];
        break;
      case 'situation':
        out.situation = value as Situation;
        break;
      case 'service_name':
        if (!value.trim()) throw badAttribute(code, 'is blank.');
        out.serviceName = value;
        break;
      case 'affected_estimate': {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1 || n > 10_000_000) throw badAttribute(code, 'must be a whole number from 1 to 10000000.');
        out.affectedEstimate = n;
        break;
      }
    }
  }
  return out;
}

export interface Reporter {
  user: AuthUser | null;
  tokenId: string | null;
}

/**
 * Who files an Open311 report: the account of an API token with the write scope (a Bearer
 * header, checked with every request, or GeoReport's `api_key` field), else no one. The session
 * cookie never counts here (`session: false`): Open311 clients do not hold our session, and a
 * form on another site must not file a report in a signed-in visitor's name. An empty `api_key`
 * is no key (GeoReport: an optional argument passed empty is one not passed).
 */
export async function reporterOf(db: QueryBuilder, request: FastifyRequest, apiKey: string | undefined): Promise<Reporter> {
  if (request.auth.via === 'token') {
    // The auth plugin checked this header already; read again for which key it was.
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const resolved = match ? await resolveApiToken(db, match[1]) : null;
    return { user: request.auth.user, tokenId: resolved?.tokenId ?? null };
  }
  if (apiKey === undefined) return { user: request.auth.user, tokenId: null };
  const resolved = await resolveApiToken(db, apiKey);
  if (!resolved) throw new HttpProblem(403, 'invalid-api-key', 'Invalid api_key', 'The api_key is not an API token of this server, or it was revoked or has expired.');
  if (!resolved.scopes.includes('write')) throw new HttpProblem(403, 'insufficient-scope', 'Insufficient scope', 'The API token given as api_key has no write scope.');
  return { user: resolved.user, tokenId: resolved.tokenId };
}

export interface Open311Report {
  serviceCode: Domain;
  /** GeoReport's text, which may be missing or short; the register's description is then made from the rest. */
  description: string | null;
  title?: string;
  language?: ContentLanguage;
  attributes: AttributeValues;
  lat: number | null;
  long: number | null;
  address: string | null;
  addressId: string | null;
  mediaUrl?: string;
  /** The `media` files of a multipart POST, already judged by the attachments module. */
  media: Upload[];
  personal: { email?: string; firstName?: string; lastName?: string; phone?: string; deviceId?: string; accountRef?: string };
}

const TITLE_MAX = 200;

/**
 * The register wants a title of 5 characters or more and a description; GeoReport needs neither
 * (a location is its one requirement). A title the app gave wins, then the description's first
 * sentence; else "service – where" in the report's language, and a missing description is that
 * title too, so the bottleneck reads as something on its page and in the moderation queue.
 */
export function registerTexts(report: Open311Report, serviceName: string): { title: string; description: string } {
  const description = report.description?.trim() ?? '';
  const where = report.address ?? (report.lat !== null ? `${report.lat}, ${report.long}` : null) ?? report.addressId ?? '';
  const made = `${serviceName} – ${where}`.slice(0, TITLE_MAX).trim();
  const sentence = (description.split(/(?<=[.!?])\s/)[0] ?? description).slice(0, TITLE_MAX).trim();
  const given = report.attributes.title ?? report.title;
  const title = given ?? (sentence.length >= 5 ? sentence : made);
  return { title, description: description || made };
}

/**
 * Files the report. A key registered as an Open311 client is limited by its own count per 24
 * hours, in place of the per-account or per-address flood control: counted under the client's
 * row lock in the report's transaction, so parallel reports cannot pass the limit. Every report
 * keeps a row in `open311_reports` (which key filed it, what the app sent about the citizen:
 * personal, for administrators only); its `media` files become the bottleneck's attachments in
 * the same transaction, so a report is never stored without its files.
 */
export async function fileReport(db: QueryBuilder, reporter: Reporter, ip: string, report: Open311Report, links: Parameters<typeof reportBottleneck>[4], serviceName: string) {
  const client = reporter.tokenId ? await repo.findClient(db, reporter.tokenId) : undefined;
  const channel: IntakeChannel = {
    within: async (trx, created) => {
      if (report.lat !== null || report.address !== null || report.addressId !== null) {
        await repo.setLocation(trx, created.id, { lat: report.lat, long: report.long, address: report.address, addressId: report.addressId });
      }
      const p = report.personal;
      // An anonymous reporter's e-mail is the register's own (it is verified from there).
      const email = reporter.user ? (p.email ?? null) : null;
      await repo.insertReport(trx, {
        bottleneck_id: created.id,
        token_id: reporter.tokenId,
        email,
        first_name: p.firstName ?? null,
        last_name: p.lastName ?? null,
        phone: p.phone ?? null,
        device_id: p.deviceId ?? null,
        account_ref: p.accountRef ?? null,
      });
      for (const file of report.media) await addAttachment(trx, filesOf(created.id), file, reporter.user);
    },
  };
  if (client && reporter.tokenId) {
    const tokenId = reporter.tokenId;
    channel.guard = async (trx) => {
      // Removed meanwhile: the key is limited as it was when the request came.
      const limit = (await repo.lockClient(trx, tokenId))?.reports_per_day ?? client.reports_per_day;
      if ((await repo.countReportsByToken(trx, tokenId, new Date(Date.now() - 24 * 3600 * 1000))) >= limit) {
        throw problems.tooMany(`This application's key has filed its ${limit} reports for the last 24 hours.`, 60 * 60);
      }
    };
  }
  const a = report.attributes;
  const texts = registerTexts(report, serviceName);
  return reportBottleneck(
    db,
    reporter.user,
    ip,
    {
      title: texts.title,
      description: texts.description,
      language: a.language ?? report.language ?? 'en',
      domain: report.serviceCode,
      countries: a.countries ?? [...COUNTRIES],
      topics: a.topics,
      situation: a.situation,
      serviceName: a.serviceName,
      affectedEstimate: a.affectedEstimate,
      evidenceLinks: report.mediaUrl ? [report.mediaUrl] : undefined,
      reporterEmail: reporter.user ? undefined : report.personal.email,
    },
    links,
    channel,
  );
}

export const isDomain = (code: string): code is Domain => (DOMAINS as readonly string[]).includes(code);
