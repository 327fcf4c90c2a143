import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv, type ValidateFunction } from 'ajv';
import { SerializerSelector, type Serializer, type SerializerFactory } from '@fastify/fast-json-stringify-compiler';
import type { Config } from './config.ts';
import type { Database } from './db/connection.ts';
import { migrate } from './db/migrate.ts';
import { registerAuth } from './plugins/auth.ts';
import { resolveApiToken, resolveSession } from './features/accounts/accounts.service.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { checkResponsesAgainstDocument } from './plugins/conformance.ts';
import { registerProblems } from './plugins/problems.ts';
import { addSchemaFormats, registerInputGuard } from './plugins/input.ts';
import { registerRouteCatalogue } from './plugins/routes.ts';
import { requireDeclaredAccess } from './plugins/access.ts';
import { proxyTrust } from './plugins/proxy.ts';
import { registerSecurity } from './plugins/security.ts';
import { registerCors } from './plugins/cors.ts';
import { registerWeb } from './plugins/web.ts';
import { APP_VERSION } from './version.ts';
import { accountsRoutes } from './features/accounts/accounts.routes.ts';
import { usersRoutes } from './features/accounts/users.routes.ts';
import { healthRoutes } from './features/health/health.routes.ts';
import { siteRoutes } from './features/site/site.routes.ts';
import { institutionsRoutes } from './features/institutions/institutions.routes.ts';
import { bottlenecksRoutes } from './features/bottlenecks/bottlenecks.routes.ts';
import { followingRoutes } from './features/bottlenecks/following.ts';
import { open311Routes } from './features/open311/open311.routes.ts';
import { open311ClientsRoutes } from './features/open311/open311.clients.routes.ts';
import { dialoguesRoutes } from './features/dialogues/dialogues.routes.ts';
import { recommendationsRoutes } from './features/recommendations/recommendations.routes.ts';
import { actionsRoutes } from './features/actions/actions.routes.ts';
import { actionsExchangeRoutes } from './features/actions/actions.exchange.routes.ts';
import { roadmapRoutes } from './features/actions/roadmap.routes.ts';
import { reportsRoutes } from './features/reports/reports.routes.ts';
import { countActionsAnswering } from './features/actions/actions.repository.ts';
import { recommendationsFromDialogue } from './features/recommendations/recommendations.service.ts';
import { recommendationsOfBottlenecks } from './features/recommendations/recommendations.repository.ts';
import { dialoguesOfBottlenecks } from './features/dialogues/dialogues.repository.ts';
import type { LinkedItemsOf } from './features/bottlenecks/linked.ts';
import { traceRoutes } from './features/trace/trace.routes.ts';
import { stakeholdersRoutes } from './features/stakeholders/stakeholders.routes.ts';
import { catalogRoutes } from './features/catalog/catalog.routes.ts';
import { ckanRoutes } from './features/catalog/ckan.routes.ts';
import { harvestRoutes } from './features/harvest/harvest.routes.ts';
import { notificationsRoutes } from './features/notifications/notifications.routes.ts';
import { seedInstitutions } from './features/institutions/institutions.service.ts';
import { glossaryRoutes } from './features/glossary/glossary.routes.ts';
import { governanceRoutes } from './features/governance/governance.routes.ts';
import { indicatorRoutes } from './features/indicators/indicators.routes.ts';
import { syncDatasetsReading } from './features/indicators/indicators.catalog.ts';
import { indicatorEditRoutes } from './features/indicators/indicators.edit.routes.ts';
import { kpiRoutes } from './features/indicators/kpis.routes.ts';
import { pxwebRoutes } from './features/indicators/pxweb.routes.ts';
import { statisticsRoutes } from './features/statistics/statistics.routes.ts';
import { seedStatRegions } from './features/indicators/indicators.service.ts';
import { seedGlossary } from './features/glossary/glossary.service.ts';
import { regionsRoutes } from './features/regions/regions.routes.ts';
import { seedRegions } from './features/regions/regions.service.ts';
import { planningEditRoutes } from './features/planning/planning.edit.routes.ts';
import { planningRoutes } from './features/planning/planning.routes.ts';
import { consultationsRoutes } from './features/consultations/consultations.routes.ts';
import { consultationFollowRoutes } from './features/consultations/consultations.follow.routes.ts';
import { consultationMailSweep } from './features/consultations/consultations.mail.ts';
import { consultationOutcomesRoutes } from './features/consultations/consultations.outcomes.routes.ts';
import { consultationReportRoutes } from './features/consultations/consultations.report.routes.ts';
import { seedPlanning } from './features/planning/planning.service.ts';
import { frameworkRoutes } from './features/framework/framework.routes.ts';
import { seedAdoptingBodies } from './features/framework/framework.service.ts';
import { staRoutes } from './features/sta/sta.routes.ts';
import { staMqtt } from './features/sta/sta.mqtt.ts';
import { staSeriesRoutes } from './features/sta/sta.series.routes.ts';
import { pilotsRoutes } from './features/pilots/pilots.routes.ts';
import { syncPilotDatasets } from './features/pilots/pilots.catalog.ts';
import { milestoneSweep } from './features/actions/milestones.mail.ts';
import type { Sweep } from './features/notifications/notifications.service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    config: Config;
    appVersion: string;
  }
}

export interface AppOptions {
  config: Config;
  db: Database;
  /** pino options, or false for silence (tests). */
  logger?: boolean | Record<string, unknown>;
}

/**
 * Bodies are validated strictly (a string is never coerced into a number), while query
 * strings and path parameters, which are text by nature, are coerced to their types.
 */
function validatorCompilers() {
  // verbose: each error carries the value it is about, so an empty field reads as missing (plugins/problems.ts).
  const common = { allErrors: true, verbose: true, removeAdditional: false, useDefaults: true, strict: false } as const;
  const strict = addSchemaFormats(new Ajv({ ...common, coerceTypes: false }));
  const coercing = addSchemaFormats(new Ajv({ ...common, coerceTypes: 'array' }));
  return { strict, coercing };
}

/**
 * A route's validator compiled when it first validates, not when the app starts: compiling every
 * route's schemas took most of a start (about a second), paid by each test file's app for the few
 * routes it calls. Fastify reads `errors` from the function it was given, so they are passed on.
 */
function compiledOnFirstUse(compile: () => ValidateFunction): ValidateFunction {
  let compiled: ValidateFunction | undefined;
  const validate = ((data: unknown) => {
    compiled ??= compile();
    const valid = compiled(data);
    validate.errors = compiled.errors;
    return valid;
  }) as ValidateFunction;
  return validate;
}

/** Fastify's own response serializers (fast-json-stringify), each built when its route first answers with it. */
const serializersCompiledOnFirstUse: SerializerFactory = (externalSchemas, options) => {
  const compile = SerializerSelector()(externalSchemas, options);
  return (route) => {
    let serialize: Serializer | undefined;
    return (data: unknown) => (serialize ??= compile(route))(data);
  };
};

export async function buildApp({ config, db, logger = false }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      logger === true
        ? { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'] }
        : logger,
    bodyLimit: 1024 * 1024,
    trustProxy: proxyTrust(config.trustProxy),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { removeAdditional: false } },
    schemaController: { compilersFactory: { buildSerializer: serializersCompiledOnFirstUse } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerRouteCatalogue(app);
  requireDeclaredAccess(app);
  app.decorate('db', db);
  app.decorate('config', config);
  app.decorate('appVersion', APP_VERSION);

  const { strict, coercing } = validatorCompilers();
  app.setValidatorCompiler(({ schema, httpPart }) => compiledOnFirstUse(() => (httpPart === 'body' ? strict : coercing).compile(schema)));

  registerProblems(app);
  registerInputGuard(app);
  await app.register(cookie);
  await registerSecurity(app);
  registerCors(app);
  await registerOpenApi(app);
  if (config.checkResponses) checkResponsesAgainstDocument(app);

  // First, so that every scope below inherits its not-found handler: a route may hand a browser's
  // request on to the app shell (a dataset's address is its page and its DCAT).
  await registerWeb(app);

  // Everything that answers for the platform's data runs behind authentication.
  await app.register(async (api) => {
    await registerAuth(api, { resolveSession, resolveApiToken });
    await api.register(healthRoutes);
    await api.register(siteRoutes);
    await api.register(accountsRoutes);
    await api.register(usersRoutes);
    await api.register(institutionsRoutes);
    await api.register(bottlenecksRoutes, { linkedItemsOf });
    await api.register(followingRoutes);
    await api.register(open311Routes, { prefix: '/open311' });
    await api.register(open311ClientsRoutes);
    await api.register(dialoguesRoutes, { recommendationsOf: recommendationsFromDialogue });
    await api.register(recommendationsRoutes, { actionsAnswering: countActionsAnswering });
    await api.register(actionsRoutes);
    await api.register(actionsExchangeRoutes);
    await api.register(roadmapRoutes);
    await api.register(reportsRoutes);
    await api.register(traceRoutes);
    await api.register(stakeholdersRoutes);
    await api.register(catalogRoutes);
    await api.register(ckanRoutes);
    await api.register(harvestRoutes);
    await api.register(notificationsRoutes);
    await api.register(glossaryRoutes);
    await api.register(governanceRoutes);
    await api.register(indicatorRoutes);
    await api.register(indicatorEditRoutes);
    await api.register(kpiRoutes);
    await api.register(pxwebRoutes);
    await api.register(statisticsRoutes, { afterImport: (db, tableIds) => syncDatasetsReading(db, tableIds, config.publicUrl) });
    await api.register(regionsRoutes);
    await api.register(planningRoutes);
    await api.register(planningEditRoutes);
    await api.register(frameworkRoutes);
    await api.register(consultationsRoutes);
    await api.register(consultationFollowRoutes);
    await api.register(consultationOutcomesRoutes);
    await api.register(consultationReportRoutes);
    await api.register(staRoutes, { afterStructureChange: (db) => syncPilotDatasets(db, config.publicUrl) });
    await api.register(staMqtt);
    await api.register(staSeriesRoutes);
    await api.register(pilotsRoutes);
  });

  return app;
}

/**
 * What the dialogues and recommendations built on the register did with its bottlenecks, for
 * their timelines and suggested status changes: given to `bottlenecksRoutes`, which imports
 * neither feature.
 */
const linkedItemsOf: LinkedItemsOf = async (db, bottleneckIds) => {
  const [dialogues, recommendations] = await Promise.all([dialoguesOfBottlenecks(db, bottleneckIds), recommendationsOfBottlenecks(db, bottleneckIds)]);
  return [
    ...dialogues.map((d) => ({ bottleneckId: d.bottleneck_id, type: 'dialogue' as const, ref: d.ref, title: d.title, state: d.state, at: d.state === 'minutes_published' ? d.updated_at : d.starts_at, isPublic: d.visibility === 'public' })),
    ...recommendations.map((r) => ({ bottleneckId: r.bottleneck_id, type: 'recommendation' as const, ref: r.ref, title: r.title, state: r.state, at: r.created_at, isPublic: true })),
  ];
};

/**
 * What the outbox worker sweeps on every tick besides the digest: mail that time makes due (a
 * milestone coming due or slipping, a followed consultation opening, closing or reporting). Handed to `startOutboxWorker` by `main.ts`, so the
 * notifications feature, which the features writing mail build on, imports none of them.
 */
export const outboxSweeps: readonly Sweep[] = [milestoneSweep, consultationMailSweep];

/**
 * Migrations, then the reference data every installation has (the real institutions, the
 * glossary's seeded entries, the benchmark regions, the planning systems); returns
 * the migrations applied. Beside `buildApp` because this file is the composition root: the one
 * place that names every feature, so the layers below it never need to.
 */
export async function prepareDatabase(db: Database): Promise<string[]> {
  const applied = await migrate(db);
  await seedInstitutions(db.kysely);
  await seedGlossary(db.kysely);
  await seedRegions(db.kysely);
  await seedStatRegions(db.kysely);
  await seedPlanning(db.kysely);
  await seedAdoptingBodies(db.kysely);
  return applied;
}
