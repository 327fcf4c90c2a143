import type { FastifyInstance, RouteOptions } from 'fastify';

/** One registered route as the tests that walk every route, and the access matrix, read it. */
export interface RegisteredRoute {
  method: string;
  url: string;
  schema: RouteOptions['schema'];
  config: RouteOptions['config'];
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, in order, as Fastify saw it (plugins' routes included). */
    registeredRoutes: RegisteredRoute[];
  }
}

/** Register first: routes added before this hook would not be seen. */
export function registerRouteCatalogue(app: FastifyInstance) {
  const routes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD' && route.exposeHeadRoute !== false && routes.some((r) => r.url === route.url && r.method === 'GET')) continue;
      routes.push({ method, url: route.url, schema: route.schema, config: route.config });
    }
  });
}
