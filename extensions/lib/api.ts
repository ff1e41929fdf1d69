import { hubspot } from '@hubspot/ui-extensions';
import type { z } from 'zod';
import { apiErrorSchema } from './contracts.js';
import { API_BASE } from './api-base.js';

/** Cards wait this long before showing an error (HubSpot allows 15 s by default). */
export const TIMEOUT_MS = 10_000;

export class ApiFailure extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fields: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/**
 * The one way a card reaches the service: `hubspot.fetch` (HubSpot signs the request and appends
 * the portal and user), a timeout, and the response parsed with the contract the service builds to.
 */
export async function callApi<T>(
  path: string,
  schema: z.ZodType<T>,
  options: {
    method?: 'GET' | 'POST' | 'PUT';
    query?: Record<string, string | number>;
    body?: Record<string, unknown>;
  } = {},
): Promise<T> {
  const query = new URLSearchParams(
    Object.entries(options.query ?? {}).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();
  let response: Response;
  try {
    response = await hubspot.fetch(`${API_BASE}${path}${query ? `?${query}` : ''}`, {
      method: options.method ?? 'GET',
      timeout: TIMEOUT_MS,
      ...(options.body ? { body: options.body } : {}),
    });
  } catch (error) {
    throw new ApiFailure(
      `Rapport could not be reached (${(error as Error).message}). Try again in a moment.`,
      0,
    );
  }
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const problem = apiErrorSchema.safeParse(json);
    throw new ApiFailure(
      problem.success ? problem.data.message : `Rapport answered ${response.status}`,
      response.status,
      problem.success ? (problem.data.fields ?? []) : [],
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new ApiFailure(
      'Rapport sent an answer this card does not understand; reload the page.',
      response.status,
    );
  return parsed.data;
}
