import type express from 'express';
import type { FakeHubspotOptions } from './server.js';

/**
 * The fake's exports API: one job at a time (HubSpot's rule), ready after `exportSeconds`, then
 * a file URL on the fake's own file host (outside the API's limits) serving a CSV with internal
 * property names and values, streamed from the records.
 */
export function mountExports(
  app: express.Express,
  options: FakeHubspotOptions,
  scale: number,
): (req: express.Request, path: string) => { status: number; body: unknown } | undefined {
  const exportJobs = new Map<string, { type: string; properties: string[]; readyAt: number }>();
  const EXPORT_TYPES: Record<string, string> = {
    CONTACT: 'contacts',
    COMPANY: 'companies',
    DEAL: 'deals',
  };
  // The export files, as HubSpot's file host serves them (outside the API's limits).
  app.get('/__fake/exports/:id', async (req, res) => {
    const job = exportJobs.get(req.params.id);
    if (!job) {
      res.status(404).end();
      return;
    }
    const columns = ['hs_object_id', ...job.properties.filter((p) => p !== 'hs_object_id')];
    const cell = (v: string | null | undefined) =>
      v == null ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
    res.type('text/csv');
    res.write(`${columns.join(',')}\n`);
    for (let after = 0; ;) {
      const page = options.records.page(job.type, after, 5_000);
      if (page.length === 0) break;
      const text = page
        .map((r) =>
          columns
            .map((c) =>
              cell(
                c === 'hs_object_id'
                  ? r.id
                  : c === 'createdate'
                    ? String(Date.parse(r.createdAt))
                    : c === 'lastmodifieddate'
                      ? String(Date.parse(r.updatedAt))
                      : r.properties[c],
              ),
            )
            .join(','),
        )
        .join('\n');
      if (!res.write(`${text}\n`)) await new Promise((resolve) => res.once('drain', resolve));
      after = Number(page.at(-1)!.id);
    }
    res.end();
  });
  return function exportAnswer(
    req: express.Request,
    path: string,
  ): { status: number; body: unknown } | undefined {
    const now = performance.now();
    if (req.method === 'POST' && path === '/crm/v3/exports/export/async') {
      if (!options.exportsGranted)
        return {
          status: 403,
          body: {
            status: 'error',
            message: "This app hasn't been granted all required scopes to make this call.",
            correlationId: 'fake-0403',
            errors: [
              {
                message: 'One or more of the following scopes are required.',
                context: { requiredGranularScopes: ['crm.export'] },
              },
            ],
            category: 'MISSING_SCOPES',
          },
        };
      if ([...exportJobs.values()].some((j) => j.readyAt > now))
        return {
          status: 400,
          body: {
            status: 'error',
            message: 'Only one export can run at a time',
            category: 'VALIDATION_ERROR',
          },
        };
      const body = req.body as { objectType?: string; objectProperties?: string[] };
      const type = EXPORT_TYPES[body.objectType ?? ''];
      if (!type)
        return {
          status: 400,
          body: { status: 'error', message: 'Unknown objectType', category: 'VALIDATION_ERROR' },
        };
      const id = String(exportJobs.size + 1_000);
      exportJobs.set(id, {
        type,
        properties: body.objectProperties ?? [],
        readyAt: now + ((options.exportSeconds ?? 2) * 1_000) / scale,
      });
      return {
        status: 200,
        body: { id, links: { status: `/crm/v3/exports/export/async/tasks/${id}/status` } },
      };
    }
    const m = /^\/crm\/v3\/exports\/export\/async\/tasks\/([^/]+)\/status$/.exec(path);
    if (req.method === 'GET' && m) {
      const job = exportJobs.get(m[1]!);
      if (!job)
        return {
          status: 404,
          body: { status: 'error', message: 'No such export', category: 'OBJECT_NOT_FOUND' },
        };
      const at = new Date().toISOString();
      return {
        status: 200,
        body:
          job.readyAt > now
            ? { status: 'PROCESSING', startedAt: at, completedAt: at, requestedAt: at }
            : {
                status: 'COMPLETE',
                result: `${req.protocol}://${req.get('host')}/__fake/exports/${m[1]}`,
                startedAt: at,
                completedAt: at,
                requestedAt: at,
              },
      };
    }
    return undefined;
  };
}
