import formbody from '@fastify/formbody';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { ckanActionDocumentation } from './ckan.openapi.ts';
import * as ckan from './ckan.service.ts';

type Action = (params: ckan.Params) => unknown;

/**
 * A form's fields as the action's parameters (repeated ones as lists). ckan.js in a browser posts
 * the whole JSON document as one field's name with an empty value: that document is the parameters.
 */
function formParams(form: Record<string, unknown>): unknown {
  const keys = Object.keys(form);
  if (keys.length === 1 && form[keys[0]] === '' && keys[0].trimStart().startsWith('{')) {
    try {
      return JSON.parse(keys[0]);
    } catch {
      return form;
    }
  }
  return form;
}

/**
 * `/api/3/action/{action}` (and CKAN's unversioned `/api/action/{action}`): GET with query
 * parameters or POST with a JSON body, answered in CKAN's envelope. Only reading actions exist;
 * anything else is answered as CKAN answers an unknown action.
 */
export const ckanRoutes: FastifyPluginAsync = async (app) => {
  // CKAN takes a form as well as JSON: clients in a browser (ckan.js) and curl users send one.
  await app.register(formbody, { bodyLimit: 1024 * 1024 });
  const base = app.config.publicUrl;
  const db = () => app.db.genericPlans;
  const actions: Record<string, Action> = {
    package_search: (params) => ckan.packageSearch(db(), params),
    package_show: (params) => ckan.packageShow(app.db.kysely, params),
    package_list: (params) => ckan.packageList(app.db.kysely, params),
    organization_list: (params) => ckan.organizationList(app.db.kysely, params),
    organization_show: (params) => ckan.organizationShow(app.db.kysely, params),
    tag_list: (params) => ckan.tagList(app.db.kysely, params),
    status_show: () => ckan.statusShow(base, app.appVersion),
    group_list: (params) => ckan.groupList(db(), params),
    group_show: (params) => ckan.groupShow(db(), params),
    license_list: () => ckan.licenseList(),
    resource_show: (params) => ckan.resourceShow(app.db.kysely, params),
    current_package_list_with_resources: (params) => ckan.currentPackageListWithResources(db(), params),
    package_autocomplete: (params) => ckan.packageAutocomplete(app.db.kysely, params),
    help_show: (params) => ckan.helpShow(params),
  };
  const help = (action: string) => `${base}/api/3/action/help_show?name=${encodeURIComponent(action)}`;

  const answer = async (action: string, params: ckan.Params, reply: FastifyReply) => {
    const run = Object.hasOwn(actions, action) ? actions[action] : undefined;
    // CKAN answers an unknown action with a bare JSON string, not its envelope.
    if (!run) return reply.code(400).type('application/json; charset=utf-8').send(JSON.stringify(`Bad request - Action name not known: ${action}`));
    try {
      const result = await run(params);
      const body = result instanceof ckan.JsonText ? `{"help":${JSON.stringify(help(action))},"success":true,"result":${result.json}}` : JSON.stringify({ help: help(action), success: true, result });
      return reply.type('application/json; charset=utf-8').send(body);
    } catch (error) {
      if (!(error instanceof ckan.CkanError)) throw error;
      return reply.code(error.status).type('application/json; charset=utf-8').send({ help: help(action), success: false, error: error.error });
    }
  };

  for (const prefix of ['/api/3/action', '/api/action']) {
    const versioned = prefix === '/api/3/action';
    app.get<{ Params: { action: string }; Querystring: ckan.Params }>(`${prefix}/:action`, { config: { access: 'public', anyOrigin: true, documentation: ckanActionDocumentation('GET', versioned) } }, (request, reply) =>
      answer(request.params.action, request.query ?? {}, reply),
    );
    app.post<{ Params: { action: string }; Body: unknown }>(`${prefix}/:action`, { config: { access: 'public', documentation: ckanActionDocumentation('POST', versioned) } }, (request, reply) => {
      const body = request.headers['content-type']?.startsWith('application/x-www-form-urlencoded') ? formParams(request.body as Record<string, unknown>) : request.body;
      if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
        return reply.code(400).type('application/json; charset=utf-8').send(JSON.stringify('Bad request - JSON Error: the body must be a JSON object'));
      }
      return answer(request.params.action, (body ?? {}) as ckan.Params, reply);
    });
  }
};
