import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import openapiTS, { astToString } from 'openapi-typescript';
import { startTestApp, type TestApp } from '../test/harness.ts';
import { documentedPath } from '../test/routes.ts';
import { grantsOf } from './access.ts';
import { operationIdOf, securityOf } from './openapi.ts';

type Operation = { operationId?: string; security?: Record<string, string[]>[]; responses: Record<string, { content?: Record<string, unknown> }> };
type Document = { servers?: { url: string }[]; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown> } };

let t: TestApp;
let doc: Document;
beforeAll(async () => {
  t = await startTestApp();
  doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
});
afterAll(() => t?.close());

const operations = () => Object.entries(doc.paths).flatMap(([path, byMethod]) => Object.entries(byMethod).map(([method, operation]) => ({ where: `${method.toUpperCase()} ${path}`, method, path, operation })));

describe('the OpenAPI document, as API generators read it', () => {
  it("passes Redocly's recommended rules with no error, and only the warnings kept on purpose", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'http://talsinki.test/api/openapi.json', config });
    const said = problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}`);
    expect(said.filter((line) => line.startsWith('error'))).toEqual([]);
    // Kept: /api/bottlenecks/report-status/{token} (in the reporters' e-mails) beside /api/bottlenecks/{id}/…,
    // and /api/regions/criteria/{criterionId} beside /api/regions/{id}/…, which the router tells apart (a fixed
    // segment first); the e-mail confirmation link answers with a redirect, and /mqtt with a WebSocket upgrade (101).
    const KEPT_WITHOUT_2XX = ['~1api~1bottlenecks~1verify-email', '~1mqtt'];
    const kept = (line: string) => /no-ambiguous-paths #\/paths\/~1api~1(bottlenecks|regions)~1\{id\}~1\w+$/.test(line) || KEPT_WITHOUT_2XX.some((path) => line === `warn operation-2xx-response #/paths/${path}/get/responses`);
    expect(said.filter((line) => !kept(line))).toEqual([]);
  });

  it('names every operation once, says who may call it as the access rule does, and what a refusal looks like', () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    const ids = operations().map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9]*$/);

    const routes = new Map(t.app.registeredRoutes.map((route) => [`${route.method} ${documentedPath(route.url)}`, route]));
    for (const { where, method, operation } of operations()) {
      const { access, queryPost } = routes.get(where)!.config!;
      expect(operation.security, where).toEqual(securityOf(access!, queryPost ? 'GET' : method.toUpperCase()));
      for (const requirement of operation.security!) for (const scheme of Object.keys(requirement)) expect(doc.components.securitySchemes, where).toHaveProperty(scheme);
      // Callers without any credential are admitted only where the rule is public.
      expect(operation.security!.some((requirement) => Object.keys(requirement).length === 0), where).toBe(grantsOf(access!).includes('public'));
      const clientErrors = Object.entries(operation.responses).filter(([status]) => status.startsWith('4'));
      expect(clientErrors.length, where).toBeGreaterThan(0);
    }
    // Problems are declared as what they are sent as.
    const problemTypes = operations().flatMap(({ operation }) => Object.values(operation.responses).flatMap((response) => Object.entries(response.content ?? {}).filter(([, media]) => JSON.stringify(media).includes('#/components/schemas/Problem')).map(([type]) => type)));
    expect(new Set(problemTypes)).toEqual(new Set(['application/problem+json']));
  });

  it('maps each access rule to security requirements and each address to a method name', () => {
    expect(securityOf('public', 'GET')).toEqual([{}, { session: [] }, { token: ['read'] }]);
    expect(securityOf('editor', 'POST')).toEqual([{ session: [], csrf: [] }, { token: ['write'] }]);
    expect(securityOf('admin', 'DELETE')).toEqual([{ session: [], csrf: [] }, { token: ['admin'] }]);
    expect(securityOf('session', 'POST')).toEqual([{ session: [], csrf: [] }]);
    expect(securityOf(['moderator', 'relation:reporter'], 'POST')).toEqual([{ session: [], csrf: [] }, { token: ['write'] }, { attachmentToken: [] }]);
    expect(securityOf(['editor', 'relation:assigned-service-owner'], 'GET')).toEqual([{ session: [] }, { token: ['read'] }]);
    expect(operationIdOf('get', '/api/bottlenecks/{id}/answers')).toBe('getBottlenecksByIdAnswers');
    expect(operationIdOf('get', '/open311/v2/requests/{id}.json')).toBe('getOpen311V2RequestsByIdJson');
    expect(operationIdOf('post', '/api/3/action/{action}')).toBe('post3ActionByAction');
  });

  it('gives openapi-typescript a document from which it types every operation by its name', async () => {
    const types = astToString(await openapiTS(doc as never, { defaultNonNullable: false }));
    const named = new Set([...types.slice(types.indexOf('export interface operations')).matchAll(/^ {4}(\w+): \{$/gm)].map((match) => match[1]));
    for (const { where, operation } of operations()) expect(named.has(operation.operationId!), where).toBe(true);
  });
});
