import express, { type Express } from 'express';
import type { CardApi, CardRoute } from '../card-api/card-api.js';
import { toSignedRequest } from './webhook-route.js';

const ROUTES: readonly [method: 'get' | 'post' | 'put', path: string, route: CardRoute][] = [
  ['get', '/api/contact-card', 'contact-card'],
  ['post', '/api/contact-card/actions', 'contact-action'],
  ['get', '/api/company-card', 'company-card'],
  ['get', '/api/team-card', 'team-card'],
  ['get', '/api/settings', 'settings'],
  ['put', '/api/settings', 'settings-save'],
];

/** The card API's routes: raw bodies (the signature covers the bytes) handed to the framework-free API. */
export function mountCardRoutes(options: {
  api: CardApi;
  publicBaseUrl: string | undefined;
}): (app: Express) => void {
  return (app) => {
    for (const [method, path, route] of ROUTES)
      app[method](path, express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
        const result = await options.api(route, toSignedRequest(req, options.publicBaseUrl));
        res.status(result.status).json(result.body);
      });
  };
}
