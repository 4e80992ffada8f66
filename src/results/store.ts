import { Database } from "bun:sqlite";
import { renameSync, rmSync } from "node:fs";
import type { CallResult } from "../tools/types.ts";
import { insertCall } from "./insert.ts";
import { runQuery } from "./query.ts";
import type { ResultStore, TableInfo } from "./types.ts";

/** The catalogue table: one row per stored call, queryable like the others. */
export const CATALOG = "result_tables";
/** What the summaries need of each table (for a store reopened from its file). */
const META = "result_meta";

export interface ResultStoreOptions {
  /** A SQLite file (`ask --session`: kept beside the session file); in memory when absent. */
  file?: string;
  /** Bytes the database may hold; older tables are dropped first, then the newest is cut (and says so). */
  maxBytes: number;
}

/**
 * The results database of one session: every tool call becomes a rows table and a units table,
 * listed in `result_tables`. Writes happen only here, on this connection; queries run elsewhere
 * (`runQuery`: a child process over a read-only copy).
 */
export function createResultStore(options: ResultStoreOptions): ResultStore {
  const db = new Database(options.file ?? ":memory:", { create: true, readwrite: true });
  db.run(
    `CREATE TABLE IF NOT EXISTS ${CATALOG} (name TEXT PRIMARY KEY, units_table TEXT, tool TEXT, args TEXT, ` +
      "rows INTEGER, stored_rows INTEGER, units INTEGER, failed_units INTEGER)",
  );
  db.run(`CREATE TABLE IF NOT EXISTS ${META} (name TEXT PRIMARY KEY, info TEXT)`);
  const infos: TableInfo[] = db
    .query<{ info: string }, []>(`SELECT info FROM ${META} ORDER BY rowid`)
    .all()
    .map((r) => JSON.parse(r.info) as TableInfo);
  let counter = infos.length;

  const pragma = (name: string) => Number(db.query(`PRAGMA ${name}`).values()[0]?.[0] ?? 0);
  /** Pages in use (freed pages are reused before the file grows). */
  const bytes = () => (pragma("page_count") - pragma("freelist_count")) * pragma("page_size");

  function dropOldest(keep: string): boolean {
    const oldest = infos.find((t) => t.name !== keep);
    if (!oldest) return false;
    db.run(`DROP TABLE IF EXISTS "${oldest.name}"`);
    db.run(`DROP TABLE IF EXISTS "${oldest.units_table}"`);
    db.run(`DELETE FROM ${CATALOG} WHERE name = ?`, [oldest.name]);
    db.run(`DELETE FROM ${META} WHERE name = ?`, [oldest.name]);
    infos.splice(infos.indexOf(oldest), 1);
    return true;
  }

  /** Room for more rows of table `name`: drops older tables while over the bound. */
  function roomLeft(name: string): boolean {
    while (bytes() > options.maxBytes) if (!dropOldest(name)) return false;
    return true;
  }

  return {
    add(call: CallResult, names) {
      counter++;
      const table = names?.table ?? `${call.tool.replace(/\W/g, "_")}_${counter}`;
      const chosen = names ?? { table, units: `${table}_units` };
      const info = insertCall(db, call, chosen, { roomLeft: () => roomLeft(chosen.table) });
      roomLeft(chosen.table);
      db.run(`INSERT INTO ${META} VALUES (?, ?)`, [info.name, JSON.stringify(info)]);
      db.run(`INSERT INTO ${CATALOG} VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
        info.name,
        info.units_table,
        info.tool,
        JSON.stringify(info.args),
        info.rows,
        info.stored_rows,
        info.units,
        info.failed,
      ]);
      infos.push(info);
      return info;
    },
    tables: () => [...infos],
    query: (sql, limits) => runQuery(db, sql, limits),
    bytes,
    saveTo(file) {
      // VACUUM INTO refuses an existing file: write beside it, then replace it in one rename.
      const tmp = `${file}.${process.pid}.tmp`;
      rmSync(tmp, { force: true });
      db.run("VACUUM INTO ?", [tmp]);
      renameSync(tmp, file);
    },
    close() {
      db.close();
    },
  };
}
