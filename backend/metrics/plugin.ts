import type { FastifyInstance } from 'fastify';
import { watchHubSpotCalls } from './hubspot-calls';
import { installHttpMetrics } from './http-hook';
import { metricsRoute } from './route';

/**
 * Everything metrics needs on an app: the request hook, `/metrics`, and the HubSpot call
 * counter for this app's API base. Several apps in one process (tests) share one subscription
 * per API base, so no call is counted twice.
 */
export interface MetricsOptions {
  token?: string | undefined;
  hubspotApiBase?: string;
  /** See MetricsRouteOptions.refreshGauges. */
  refreshGauges?: () => Promise<void>;
}

const watchers = new Map<string, { users: number; stop: () => void }>();

function watch(apiBase: string): () => void {
  const key = new URL(apiBase).origin;
  const w = watchers.get(key) ?? { users: 0, stop: watchHubSpotCalls(key) };
  w.users++;
  watchers.set(key, w);
  return () => {
    if (--w.users > 0) return;
    w.stop();
    watchers.delete(key);
  };
}

export function installMetrics(app: FastifyInstance, o: MetricsOptions): void {
  installHttpMetrics(app);
  metricsRoute(app, o);
  if (o.hubspotApiBase) {
    const stop = watch(o.hubspotApiBase);
    app.addHook('onClose', async () => stop());
  }
}
