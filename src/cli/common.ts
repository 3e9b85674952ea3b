// Helpers shared by the CLI commands.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { configFromEnv, type NodeConfig } from '../config.js';
import { VanbanError } from '../errors.js';
import type { SourceFile } from '../pipeline/types.js';

export class UsageError extends Error {}

export function nodeConfig(values: { db?: string; port?: string; host?: string }): NodeConfig {
  const cfg = configFromEnv(process.env);
  if (values.db) cfg.dbPath = values.db;
  if (values.port) {
    const p = Number(values.port);
    if (!Number.isInteger(p) || p < 0 || p > 65535) throw new UsageError(`invalid port: ${values.port}`);
    cfg.port = p;
  }
  if (values.host) cfg.host = values.host;
  return cfg;
}

export function readSource(path: string, maxBytes: number): SourceFile {
  if (path === '-') {
    const bytes = readFileSync(0);
    return { bytes: new Uint8Array(bytes), filename: 'stdin' };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new VanbanError(400, 'unreadable', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (bytes.length > maxBytes) throw new VanbanError(413, 'too_large', `${path} is ${bytes.length} bytes; the limit is ${maxBytes}`);
  return { bytes: new Uint8Array(bytes), filename: basename(path) };
}

export function describeError(e: unknown): string {
  if (e instanceof VanbanError) return `${e.message} (${e.code})`;
  return (e as Error)?.message ?? String(e);
}
