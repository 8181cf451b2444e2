import type { RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { Metrics } from '../../runtime/metrics.js';
import { noteError, observeRequest, type Observation } from '../../runtime/observation.js';

export interface RequestObserverOptions {
  logger: Logger;
  metrics: Metrics;
  /** Distinct operation names given their own metric label; later ones are counted as `other`. */
  maxOperationLabels?: number;
}

/** Express middleware that refuses a request early answers with res.json: note its error code too. */
function noteJsonErrors(res: Response): void {
  const json = res.json.bind(res);
  res.json = (body: unknown) => {
    const errors = (body as { errors?: unknown } | null)?.errors;
    if (Array.isArray(errors)) errors.forEach((error) => noteError(error as { extensions?: Record<string, unknown> }));
    return json(body);
  };
}

function outcomeOf(observation: Observation, res: Response): string {
  if (!res.writableFinished) return 'CLIENT_CLOSED';
  return observation.errorCode ?? (res.statusCode < 400 ? 'ok' : `HTTP_${res.statusCode}`);
}

/**
 * One log line and one set of metrics per GraphQL request, whatever refused or answered it: request
 * id, operation name, actor kind, organization id, duration (and the part of it spent waiting for
 * admission), HTTP status and outcome (`ok` or the
 * first error code). Never headers, variables or the document: nothing a client sends in secret.
 * Operation names come from clients, so only the first `maxOperationLabels` become metric labels.
 */
export function requestObserver({ logger, metrics, maxOperationLabels = 200 }: RequestObserverOptions): RequestHandler {
  const operationLabels = new Set<string>();

  function operationLabel(name: string | null | undefined): string {
    if (name === undefined) return '(unresolved)';
    if (name === null) return '(anonymous)';
    if (operationLabels.has(name)) return name;
    if (operationLabels.size >= maxOperationLabels) return '(other)';
    operationLabels.add(name);
    return name;
  }

  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const observation: Observation = { requestId: res.locals.requestId as string, limits: [] };
    noteJsonErrors(res);
    res.on('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const outcome = outcomeOf(observation, res);
      const labels = { operation: operationLabel(observation.operationName), outcome };
      metrics.requests.inc(labels);
      metrics.duration.observe(labels, seconds);
      if (outcome === 'RATE_LIMITED') metrics.rateLimited.inc({ actor: observation.actorKind ?? 'anonymous' });
      for (const limit of observation.limits) metrics.limitRejections.inc({ limit });
      logger.info(
        {
          requestId: observation.requestId,
          operationName: observation.operationName,
          actorKind: observation.actorKind ?? null,
          organizationId: observation.organizationId ?? null,
          durationMs: Math.round(seconds * 1e4) / 10,
          admissionWaitMs: observation.admissionWaitMs === undefined ? null : Math.round(observation.admissionWaitMs * 10) / 10,
          status: res.statusCode,
          outcome,
        },
        'graphql request',
      );
    });
    observeRequest(observation, next);
  };
}
