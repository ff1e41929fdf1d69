import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse, CsvError } from 'csv-parse';
import type { Company, Contact, Deal } from '../domain/types.js';
import { ValidationError } from '../shared/errors.js';
import { createMirrorSink, type TouchWithLinks } from '../store/mirror-loader.js';
import type { Store } from '../store/store.js';
import { detectKind, mapColumns, parseExportDate, type ExportKind } from './export-columns.js';
import { companyRecord, contactRecord, dealRecord, exportOwners } from './export-records.js';

const BATCH = 5_000;

export interface FileReport {
  file: string;
  kind: ExportKind;
  rows: number;
  imported: number;
  rejected: { line: number; reason: string }[];
  rejectedCount: number;
  unknownColumns: string[];
}

export interface ImportReport {
  portalId: number;
  files: FileReport[];
  owners: number;
  approximateTouches: number;
}

/** Fails on the first byte sequence that is not UTF-8, with its offset (HubSpot exports UTF-8). */
function utf8Check(file: string): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        done(
          new ValidationError(
            `${file}: not UTF-8 text (within bytes ${offset}–${offset + chunk.length})`,
            'export the file again as CSV in UTF-8, as HubSpot produces it',
          ),
        );
        return;
      }
      offset += chunk.length;
      done(null, chunk);
    },
  });
}

/**
 * Reads HubSpot CSV exports of contacts, companies and deals into a new portal of the mirror, in
 * one transaction: a file that cannot be read (broken quoting, not UTF-8) leaves nothing behind.
 * Rows that cannot be used are rejected with their line number and reason; the rest stream in
 * batches, so memory stays bounded whatever the file size.
 */
export async function importExports(
  store: Store,
  options: {
    portalId: number;
    name: string;
    files: readonly string[];
    now: number;
    onProgress?: (file: string, bytes: number, total: number) => void;
  },
): Promise<ImportReport> {
  const { portalId, now } = options;
  if (await store.portals.get(portalId))
    throw new ValidationError(
      `portal ${portalId} already exists in ${store.location}`,
      'import into another --portal-id',
    );
  for (const file of options.files)
    if (!fs.existsSync(file))
      throw new ValidationError(
        `${file} does not exist`,
        'give the paths of the CSV files HubSpot exported',
      );

  const { owners, ownerOf } = exportOwners(now);

  const report: ImportReport = { portalId, files: [], owners: 0, approximateTouches: 0 };
  await store.bulkLoad(async (bulk) => {
    const sink = createMirrorSink(bulk, portalId);
    await sink.portal({ portalId, name: options.name, source: 'import', createdAt: now });
    for (const file of options.files) report.files.push(await importFile(file));
    await sink.owners([...owners.values()]);
    report.owners = owners.size;

    async function importFile(file: string): Promise<FileReport> {
      const total = fs.statSync(file).size;
      let bytes = 0;
      let headers: string[] | undefined;
      let kind: ExportKind | undefined;
      let index: Record<string, number> = {};
      const seen = new Set<number>();
      const result: FileReport = {
        file: path.basename(file),
        kind: 'contacts',
        rows: 0,
        imported: 0,
        rejected: [],
        rejectedCount: 0,
        unknownColumns: [],
      };
      const reject = (line: number, reason: string) => {
        result.rejectedCount += 1;
        if (result.rejected.length < 100) result.rejected.push({ line, reason });
      };
      let contacts: Contact[] = [];
      let links: { contactId: number; companyId: number; primary: boolean }[] = [];
      let companies: Company[] = [];
      let deals: { deal: Deal; contactIds: number[]; companyIds: number[] }[] = [];
      let touches: TouchWithLinks[] = [];
      const flush = async () => {
        if (contacts.length > 0) await sink.contacts(contacts, links);
        if (touches.length > 0) await sink.touches(touches);
        if (companies.length > 0) await sink.companies(companies);
        if (deals.length > 0) await sink.deals(deals);
        contacts = [];
        links = [];
        companies = [];
        deals = [];
        touches = [];
      };

      const reader = fs.createReadStream(file);
      reader.on('data', (chunk) => {
        bytes += chunk.length;
        options.onProgress?.(path.basename(file), bytes, total);
      });
      const parser = parse({
        bom: true,
        relax_column_count: true,
        skip_empty_lines: true,
        info: true,
      });
      const consume = new Transform({
        objectMode: true,
        async transform(item: { record: string[]; info: { lines: number } }, _e, done) {
          try {
            const { record, info } = item;
            if (!headers) {
              headers = record;
              const detected = detectKind(headers);
              if (!detected)
                throw new ValidationError(
                  `${path.basename(file)}: not a HubSpot export of contacts, companies or deals (columns: ${headers.slice(0, 6).join(', ')}…)`,
                  'export with HubSpot’s English column labels (Record ID, First Name, Company name, Deal Name…)',
                );
              kind = detected;
              result.kind = kind;
              const mapped = mapColumns(kind, headers);
              index = mapped.index;
              result.unknownColumns = mapped.unknown;
              if (index['id'] === undefined)
                throw new ValidationError(
                  `${path.basename(file)}: no "Record ID" column`,
                  'include the Record ID column in the export',
                );
              done();
              return;
            }
            result.rows += 1;
            const line = info.lines;
            if (record.length !== headers.length) {
              reject(line, `has ${record.length} fields where the header has ${headers.length}`);
              done();
              return;
            }
            const cell = (field: string) => {
              const i = index[field];
              const v = i === undefined ? undefined : record[i]?.trim();
              return v ? v : undefined;
            };
            const id = Number(cell('id'));
            if (!Number.isSafeInteger(id) || id <= 0) {
              reject(line, `Record ID "${cell('id') ?? ''}" is not a record id`);
              done();
              return;
            }
            if (seen.has(id)) {
              reject(line, `Record ID ${id} appears twice; the first row was kept`);
              done();
              return;
            }
            const dates: Record<string, number | null> = {};
            for (const field of [
              'createdAt',
              'updatedAt',
              'lastContacted',
              'lastActivity',
              'closeDate',
            ]) {
              const parsed = parseExportDate(cell(field));
              if (parsed === null) {
                reject(
                  line,
                  `${headers[index[field] ?? 0]} "${cell(field)}" is not a date (expected e.g. 2024-03-05 14:23)`,
                );
                done();
                return;
              }
              dates[field] = parsed ?? null;
            }
            seen.add(id);
            const createdAt = dates['createdAt'] ?? now;
            const updatedAt = dates['updatedAt'] ?? createdAt;
            const row = { id, createdAt, updatedAt, dates, cell, ownerOf };
            if (kind === 'contacts') {
              const made = contactRecord(row);
              contacts.push(made.contact);
              links.push(...made.links);
              touches.push(...made.touches);
              report.approximateTouches += made.touches.length;
            } else if (kind === 'companies') {
              companies.push(companyRecord(row));
            } else {
              const made = dealRecord(row);
              if ('rejection' in made) {
                seen.delete(id);
                reject(line, made.rejection);
                done();
                return;
              }
              deals.push(made);
            }
            result.imported += 1;
            if (contacts.length + companies.length + deals.length >= BATCH) await flush();
            done();
          } catch (error) {
            done(error as Error);
          }
        },
      });
      try {
        await pipeline(reader, utf8Check(path.basename(file)), parser, consume);
      } catch (error) {
        if (error instanceof CsvError)
          throw new ValidationError(
            `${path.basename(file)}, line ${(error as CsvError & { lines?: number }).lines ?? '?'}: ${error.message}`,
            'fix the quoting on that line (or export again); nothing was imported',
          );
        throw error;
      }
      await flush();
      if (!headers)
        throw new ValidationError(
          `${path.basename(file)} is empty`,
          'export again with at least a header row',
        );
      return result;
    }
  });
  return report;
}
