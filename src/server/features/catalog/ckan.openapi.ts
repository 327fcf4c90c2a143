import { Type } from 'typebox';
import { ACTION_HELP } from './ckan.service.ts';

/**
 * CKAN's Action API as the OpenAPI document tells it. The routes read their parameters as CKAN
 * does (repeated or JSON lists, Python's booleans, a form), so these schemas describe, and the
 * route's own reading validates: they are for the document (and the tests that check every answer
 * against it), never for the request.
 */
const Help = Type.String({ format: 'uri', description: 'The help_show address of the action' });

const CkanSuccess = Type.Object(
  { help: Help, success: Type.Literal(true), result: Type.Unknown({ description: "The action's result (see CKAN's API guide for each action)" }) },
  { description: "CKAN's envelope of a result" },
);

const CkanFailure = Type.Object(
  {
    help: Help,
    success: Type.Literal(false),
    error: Type.Object(
      { __type: Type.String({ description: 'Not Found Error, Validation Error, Search Query Error…' }), message: Type.Optional(Type.String()) },
      { additionalProperties: true, description: 'A Validation Error names each refused field with its messages' },
    ),
  },
  { description: "CKAN's envelope of an error" },
);

/** CKAN answers some refusals (an unknown action, a body that is not a JSON object) with a bare JSON string. */
const BareMessage = Type.String({ description: 'Bad request - …' });

const text = (description: string) => Type.Optional(Type.String({ description }));
const Parameters = Type.Object({
  id: text('package_show, resource_show, organization_show, group_show: the id or name'),
  q: text("package_search: words, and fielded terms as Solr's standard parser reads them; package_autocomplete: the text"),
  fq: text('package_search: a filter query (Solr syntax)'),
  fq_list: Type.Optional(Type.Array(Type.String(), { description: 'package_search: filter queries, all of which hold' })),
  sort: text('package_search: fields and directions ("metadata_modified desc, name asc"); organization_list, group_list: name or package_count'),
  rows: text('package_search: results a page (default 10, at most 1000)'),
  start: text('package_search: results to skip'),
  facet: text('package_search: "false" leaves the facets out'),
  'facet.field': Type.Optional(Type.Array(Type.String(), { description: 'package_search: the fields to count (a JSON list, or the parameter repeated)' })),
  'facet.limit': text('package_search: values a facet (-1: all)'),
  'facet.mincount': text('package_search: the least count a value shown'),
  include_private: text('package_search: accepted and ignored (no dataset is private)'),
  all_fields: text('organization_list, group_list: whole records rather than names'),
  include_datasets: text('organization_show, group_show: add their datasets'),
  limit: text('package_list, current_package_list_with_resources, organization_list, group_list, package_autocomplete: how many'),
  offset: text('package_list, current_package_list_with_resources, organization_list, group_list: how many to skip'),
  page: text('current_package_list_with_resources: the page'),
  query: text('tag_list: a part of the keywords wanted'),
  name: text('help_show: the action'),
});

const ActionParams = Type.Object({ action: Type.Union(Object.keys(ACTION_HELP).map((action) => Type.Literal(action)), { description: 'The read action' }) });

const actionList = Object.entries(ACTION_HELP)
  .map(([action, help]) => `- \`${action}\`: ${help}`)
  .join('\n');

const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });

/** The documentation of `GET` or `POST {prefix}/{action}`. */
export function ckanActionDocumentation(method: 'GET' | 'POST', versioned: boolean) {
  return {
    tags: ['ckan'],
    summary: `CKAN Action API (read), parameters ${method === 'GET' ? 'in the query' : 'in a JSON body or a form'}${versioned ? '' : ": CKAN's address without the version"}`,
    description: `The read actions of CKAN's Action API, answered in CKAN's envelope:\n\n${actionList}`,
    params: ActionParams,
    ...(method === 'GET' ? { querystring: Parameters } : { body: Parameters, consumes: ['application/json', 'application/x-www-form-urlencoded'] }),
    response: {
      200: json(CkanSuccess, 'The result'),
      400: {
        description: 'A search query that cannot be read (CKAN envelope), an unknown action or a body that is not a JSON object (bare string), or a refused request (problem)',
        content: { 'application/json': { schema: Type.Union([CkanFailure, BareMessage]) }, 'application/problem+json': { schema: Type.Ref('Problem') } },
      },
      404: json(CkanFailure, 'No such dataset, resource, organisation or group'),
      409: json(CkanFailure, 'A parameter refused (Validation Error)'),
      '4xx': Type.Ref('Problem', { description: 'Problem details (RFC 9457): too many requests, a body too large' }),
    },
  };
}
