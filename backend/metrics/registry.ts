import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics, in one registry of our own (not prom-client's global one,
 * so a library registering its own metrics cannot collide with ours or leak into /metrics).
 *
 * Counters count what *this process* did; Prometheus sums them across instances. The gauges
 * filled from the database (outbox, rate budget) describe shared state, so every instance
 * reports the same value: aggregate them with max(), not sum().
 */
export const registry = new Registry();
registry.setDefaultLabels({ service: 'portside-backend' });

export const httpRequests = new Counter({
  name: 'portside_http_requests_total',
  help: 'HTTP requests answered, by method, route template and status code.',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

export const httpDuration = new Histogram({
  name: 'portside_http_request_duration_seconds',
  help: 'Time from request received to response sent, by method, route template and status code.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const hubspotCalls = new Counter({
  name: 'portside_hubspot_requests_total',
  help: 'HTTP requests this process sent to HubSpot, by endpoint group and status code ("error" when no answer arrived).',
  labelNames: ['endpoint', 'status'] as const,
  registers: [registry],
});

export const hubspotRateLimited = new Counter({
  name: 'portside_hubspot_rate_limited_total',
  help: 'HubSpot answers with status 429 (rate limited), by endpoint group.',
  labelNames: ['endpoint'] as const,
  registers: [registry],
});

export const tokenRefreshes = new Counter({
  name: 'portside_token_refreshes_total',
  help: 'OAuth access-token refreshes this process made, by result (ok, failed, revoked).',
  labelNames: ['result'] as const,
  registers: [registry],
});

export const deliveries = new Counter({
  name: 'portside_deliveries_total',
  help: 'Outbox writes settled by this process, by kind and result (done, failed, retry, rate_limited, needs_reconnect).',
  labelNames: ['kind', 'result'] as const,
  registers: [registry],
});

export const outboxDepth = new Gauge({
  name: 'portside_outbox_depth',
  help: 'Writes waiting in the outbox (all instances), by portal and status (pending, delivering).',
  labelNames: ['portal', 'status'] as const,
  registers: [registry],
});

export const outboxOldestAge = new Gauge({
  name: 'portside_outbox_oldest_age_seconds',
  help: 'Age of the oldest pending or in-flight write (all instances), by portal.',
  labelNames: ['portal'] as const,
  registers: [registry],
});

export const outboxDeadLetters = new Gauge({
  name: 'portside_outbox_dead_letters',
  help: 'Writes that failed for good and wait for a retry or drop (all instances), by portal.',
  labelNames: ['portal'] as const,
  registers: [registry],
});

export const rateBudgetUsed = new Gauge({
  name: 'portside_rate_budget_used',
  help: 'HubSpot requests started in the current rate window (all instances), by portal.',
  labelNames: ['portal'] as const,
  registers: [registry],
});

export const rateBudgetLimit = new Gauge({
  name: 'portside_rate_budget_limit',
  help: 'Requests allowed per rate window, by portal (the configured budget, lowered by what HubSpot announces).',
  labelNames: ['portal'] as const,
  registers: [registry],
});

export const collectFailures = new Counter({
  name: 'portside_metrics_collect_failures_total',
  help: 'Scrapes whose database-backed gauges could not be read (values then keep their last reading).',
  registers: [registry],
});

export const hubspotOperations = new Counter({
  name: 'portside_hubspot_calls_total',
  help: 'HubSpot calls made through the gateway, by operation and outcome (ok, a translated failure kind, or not_sent when the budget, a stop or a lost lease kept it from leaving).',
  labelNames: ['operation', 'outcome'] as const,
  registers: [registry],
});

export const hubspotOperationDuration = new Histogram({
  name: 'portside_hubspot_call_duration_seconds',
  help: 'Time from a gateway call to its answer (token, budget wait, request, a 401 retry), by operation.',
  labelNames: ['operation'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});
