import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { Type } from 'typebox';
import { isUiLanguage, negotiateLanguage, UI_LANGUAGES, type Language } from '../../shared/languages.ts';
import { problems } from './problems.ts';
import { declareScopeAccess } from './access.ts';

export const LANGUAGE_COOKIE = 'talsinki_lang';
/** Paths that belong to machine interfaces: never answered with the web app. */
// A dataset's address (/datasets/{id}) is a page for browsers; its DCAT files have extensions.
const API_PREFIXES = ['/api/', '/open311/', '/sta/', '/catalog.'];

/** The first visit follows Accept-Language; a choice made in the app is kept in a cookie. */
/** `?lang=` of the routes that write files for a reader (calendars, PDF): one of the interface's languages. */
export const LangQuery = Type.Object({ lang: Type.Optional(Type.Enum([...UI_LANGUAGES], { type: 'string' })) }, { additionalProperties: false });

/** The reader's language for files: `?lang=`, else the page language. */
export function fileLanguage(request: FastifyRequest & { query: { lang?: Language } }): Language {
  return request.query.lang ?? pageLanguage(request);
}

export function pageLanguage(request: FastifyRequest): Language {
  const chosen = request.cookies[LANGUAGE_COOKIE];
  return isUiLanguage(chosen) ? chosen : negotiateLanguage(request.headers['accept-language']);
}

const MISSING_BUILD = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Talsinki</title>
<main><h1>Talsinki</h1><p>The web app is not built. Run <code>npm start</code> (it builds it) or <code>npm run build</code>.</p></main></html>`;

/** Serves the built single-page app, its hashed assets, and the app shell for every page URL. */
export async function registerWeb(app: FastifyInstance) {
  const indexFile = path.join(app.config.webDir, 'index.html');
  const shell = fs.existsSync(indexFile) ? fs.readFileSync(indexFile, 'utf8') : null;
  if (shell) {
    await app.register(async (files) => {
      declareScopeAccess(files, 'public');
      await files.register(fastifyStatic, {
        root: app.config.webDir,
        wildcard: false,
        index: false,
        serve: true,
        setHeaders: (res, filePath) => {
          const hashed = filePath.includes(`${path.sep}assets${path.sep}`);
          res.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
        },
      });
    });
  }

  function sendShell(request: FastifyRequest, reply: FastifyReply) {
    const lang = pageLanguage(request);
    const html = (shell ?? MISSING_BUILD).replace(/<html lang="[^"]*"/, `<html lang="${lang}"`);
    return reply.header('cache-control', 'no-cache').header('vary', 'accept-language, cookie').type('text/html; charset=utf-8').send(html);
  }

  app.setNotFoundHandler((request, reply) => {
    const isApi = API_PREFIXES.some((prefix) => request.url.startsWith(prefix)) || request.url === '/api';
    const wantsPage = (request.method === 'GET' || request.method === 'HEAD') && !isApi && !path.extname(request.url.split('?')[0]);
    if (wantsPage) return sendShell(request, reply);
    throw problems.notFound(isApi ? 'API endpoint' : 'file');
  });
}
