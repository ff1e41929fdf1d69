import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per service instance (tests build several), exposed at /metrics. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'rapport_' });
  return {
    registry,
    webhookRequests: new Counter({
      name: 'rapport_webhook_requests_total',
      help: 'Webhook requests received',
      registers: [registry],
    }),
    webhookEventsAccepted: new Counter({
      name: 'rapport_webhook_events_accepted_total',
      help: 'Webhook events stored in the inbox (new and duplicate)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    webhookRejected: new Counter({
      name: 'rapport_webhook_requests_rejected_total',
      help: 'Webhook requests refused, by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    ackLatency: new Histogram({
      name: 'rapport_webhook_ack_seconds',
      help: 'Time from request start to acknowledgement',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    eventsApplied: new Counter({
      name: 'rapport_inbox_events_applied_total',
      help: 'Inbox events applied to the mirror',
      labelNames: ['subscription'] as const,
      registers: [registry],
    }),
    eventsRetried: new Counter({
      name: 'rapport_inbox_events_retried_total',
      help: 'Inbox events scheduled for another attempt',
      registers: [registry],
    }),
    eventsDeadLettered: new Counter({
      name: 'rapport_inbox_events_dead_lettered_total',
      help: 'Inbox events moved to dead letters',
      registers: [registry],
    }),
    inboxDepth: new Gauge({
      name: 'rapport_inbox_depth',
      help: 'Inbox events by status',
      labelNames: ['status'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
