/**
 * The reference for the webhook-ingest benchmark: the barest write-before-ack receiver (raw body,
 * one SQLite WAL transaction per request, no verification, no parsing beyond JSON), like the
 * prototype the research measured. Rapport's receiver is reported as a ratio to this one.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import express from 'express';

const port = Number(process.argv[2] ?? 0);
const dir = process.argv[3] ?? '.';
fs.mkdirSync(dir, { recursive: true });
const db = new Database(path.join(dir, 'bare.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('create table if not exists inbox (id integer primary key, key text unique, payload text)');
const insert = db.prepare('insert or ignore into inbox (key, payload) values (?, ?)');
const writeBatch = db.transaction((events: { eventId: number; occurredAt: number }[]) => {
  for (const e of events) insert.run(`${e.eventId}:${e.occurredAt}`, JSON.stringify(e));
});

const app = express();
app.post('/webhooks/hubspot', express.raw({ type: () => true, limit: '1mb' }), (req, res) => {
  writeBatch(JSON.parse((req.body as Buffer).toString('utf8')));
  res.status(204).end();
});
const server = app.listen(port, '127.0.0.1', () =>
  process.stdout.write(`ready ${(server.address() as { port: number }).port}\n`),
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
