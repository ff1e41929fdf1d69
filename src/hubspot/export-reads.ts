import { Readable } from 'node:stream';
import type { Client } from '@hubspot/api-client';
import { parse } from 'csv-parse';
import { z } from 'zod';
import type { GatewayCall } from './gateway-call.js';
import { HubspotError } from './hubspot-error.js';
import { remoteObjectSchema, type RemoteObject } from './remote-types.js';

/** The object types the exports API takes by name (custom objects would need their objectTypeId). */
const EXPORT_TYPE: Record<string, string> = {
  contacts: 'CONTACT',
  companies: 'COMPANY',
  deals: 'DEAL',
};

export type ExportStatus =
  { state: 'pending' } | { state: 'complete'; url: string } | { state: 'failed'; reason: string };

/**
 * The exports API (`crm.export`, and the installing user must be a Super Admin): one export job
 * per object type instead of a list page per hundred records. Exports run one at a time per
 * portal; the file is a CSV with internal property names and values (exportInternalValuesOptions
 * NAMES and VALUES), so no label mapping is needed.
 */
export interface ExportReads {
  /** Starts an export of every record of a type with these properties; answers its task id. */
  startExport(objectType: string, properties: readonly string[]): Promise<string>;
  exportStatus(taskId: string): Promise<ExportStatus>;
  /** The export's rows as records, streamed (a million-row file is never held in memory). */
  exportRows(url: string): AsyncIterable<RemoteObject>;
}

const taskSchema = z.object({ id: z.string() });
const statusSchema = z.object({
  status: z.string(),
  result: z.string().optional(),
  errors: z.array(z.object({ message: z.string() })).optional(),
});

/** createdate / lastmodifieddate arrive as epoch milliseconds (VALUES) or ISO dates. */
const isoOf = (value: string | undefined): string => {
  if (!value) return new Date(0).toISOString();
  const n = Number(value);
  return new Date(Number.isFinite(n) ? n : Date.parse(value)).toISOString();
};

export function createExportReads(client: Client, call: GatewayCall): ExportReads {
  return {
    async startExport(objectType, properties) {
      const exportType = EXPORT_TYPE[objectType];
      if (!exportType)
        throw new HubspotError('not_found', `Rapport does not export ${objectType} records`);
      const task = await call(
        'startExport',
        `export ${objectType}`,
        taskSchema,
        // The client's typed `start` cannot serialize its own request union (the
        // `getAttributeTypeMap` bug, hubspot-api-nodejs#649): its raw request sends the same body.
        async () => {
          const response = await client.apiRequest({
            method: 'POST',
            path: '/crm/v3/exports/export/async',
            body: {
              exportType: 'VIEW',
              format: 'CSV',
              exportName: `Rapport backfill of ${objectType}`,
              objectType: exportType,
              objectProperties: ['hs_object_id', 'createdate', 'lastmodifieddate', ...properties],
              language: 'EN',
              exportInternalValuesOptions: ['NAMES', 'VALUES'],
            },
          });
          const body: unknown = await response.json().catch(() => ({}));
          // Shaped like the client's ApiException, so failures are classified like every other.
          if (!response.ok)
            throw Object.assign(new Error(`HTTP ${response.status}`), {
              code: response.status,
              body,
              headers: Object.fromEntries(response.headers.entries()),
            });
          return body;
        },
        objectType,
      );
      return task.id;
    },
    async exportStatus(taskId) {
      const status = await call('exportStatus', `check export ${taskId}`, statusSchema, () =>
        client.crm.exports.publicExportsApi.getStatus(Number(taskId)),
      );
      if (status.status === 'COMPLETE' && status.result)
        return { state: 'complete', url: status.result };
      if (status.status === 'CANCELED' || (status.errors?.length ?? 0) > 0)
        return {
          state: 'failed',
          reason: status.errors?.map((e) => e.message).join('; ') || status.status,
        };
      return { state: 'pending' };
    },
    async *exportRows(url) {
      const response = await fetch(url);
      if (!response.ok || !response.body)
        throw new HubspotError(
          response.status >= 500 ? 'server_error' : 'not_found',
          `the export file could not be downloaded (${response.status})`,
          { status: response.status },
        );
      const rows = Readable.fromWeb(response.body as never).pipe(
        parse({ columns: true, bom: true, skip_empty_lines: true }),
      );
      for await (const row of rows as AsyncIterable<Record<string, string>>) {
        const id = row['hs_object_id'];
        if (!id) continue;
        const properties: Record<string, string | null> = {};
        for (const [name, value] of Object.entries(row))
          properties[name] = value === '' ? null : value;
        yield remoteObjectSchema.parse({
          id,
          properties,
          createdAt: isoOf(row['createdate']),
          updatedAt: isoOf(row['lastmodifieddate']),
        });
      }
    },
  };
}
