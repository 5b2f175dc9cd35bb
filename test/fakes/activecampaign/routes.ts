/** Every /api/3 route of the fake. */
import type { FakeApp } from './app';
import { registerAccountRoutes } from './routes/accounts';
import { registerBulkImportRoutes } from './routes/bulk-import';
import { registerContactRoutes } from './routes/contacts';
import { registerCustomObjectRoutes } from './routes/custom-objects';
import { registerFieldRoutes } from './routes/fields';
import { registerListRoutes } from './routes/lists';
import { registerTagRoutes } from './routes/tags';
import { registerUserRoutes } from './routes/users';
import { Router } from './router';

export function buildRouter(app: FakeApp): Router {
  const router = new Router();
  registerUserRoutes(router);
  registerContactRoutes(router, app);
  registerFieldRoutes(router, app);
  registerListRoutes(router, app);
  registerTagRoutes(router, app);
  registerAccountRoutes(router, app);
  registerCustomObjectRoutes(router, app);
  registerBulkImportRoutes(router, app);
  return router;
}
