/** Types of generate.mjs (plain JavaScript, shared with the benchmark run by node itself). */
export const BENCH_NOW: string;
export const GENERATOR_VERSION: number;
export interface Generated { tickets: number; seconds: number; loadSeconds: number; optimizeSeconds: number; orgSeconds: number }
/** Generates the database at `file` (replacing it); `progress(done, total)` is called as tickets land. */
export function generate(o: { file: string; tickets: number; seed?: number; now?: string; progress?: (done: number, total: number) => void }): Promise<Generated>;
export function cachedDatabase(dir: string, tickets: number, schemaVersion: number, log?: (line: string) => void): Promise<{ file: string; generated: Generated | null }>;
/** Fills an empty store (SQLite or PostgreSQL) with the benchmark's desk. */
export function generateInto(store: unknown, o: { tickets: number; seed?: number; now?: string; progress?: (done: number, total: number) => void }): Promise<Generated>;
