import { OpsError } from "../errors.ts";

/** Longest SQL text accepted by `query_results` and `call --sql`. */
export const MAX_SQL_CHARS = 20_000;

/** Statements that may start a query: everything else (writes, ATTACH, PRAGMA, VACUUM…) is refused. */
const STARTS = new Set(["SELECT", "WITH", "VALUES"]);

/**
 * Words refused anywhere outside string literals and quoted identifiers: statements that change
 * the database or the connection, and functions that load code or allocate without bound.
 */
const REFUSED = new Set([
  "ATTACH",
  "DETACH",
  "PRAGMA",
  "VACUUM",
  "REINDEX",
  "ANALYZE",
  "INSERT",
  "UPDATE",
  "DELETE",
  "CREATE",
  "DROP",
  "ALTER",
  "LOAD_EXTENSION",
  "ZEROBLOB",
  "RANDOMBLOB",
]);

interface Scan {
  /** Bare words (keywords, identifiers, function names), upper-cased, in order. */
  words: string[];
  /** The text up to the first `;` outside literals; `rest` is what follows it. */
  statement: string;
  rest: string;
}

/** Reads SQL the way SQLite's tokenizer splits it: comments, strings and quoted identifiers are skipped. */
function scan(sql: string): Scan {
  const words: string[] = [];
  let i = 0;
  const closing: Record<string, string> = { "'": "'", '"': '"', "`": "`", "[": "]" };
  while (i < sql.length) {
    const c = sql[i] as string;
    if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? sql.length : end + 1;
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (c in closing) {
      const close = closing[c] as string;
      let j = i + 1;
      for (;;) {
        const end = sql.indexOf(close, j);
        if (end < 0)
          throw new OpsError("E_VALIDATION", `unterminated ${c === "'" ? "string" : "identifier"} in SQL`);
        // A doubled quote inside a string or identifier is an escaped quote.
        if (close !== "]" && sql[end + 1] === close) j = end + 2;
        else {
          i = end + 1;
          break;
        }
      }
    } else if (c === ";") {
      return { words, statement: sql.slice(0, i), rest: sql.slice(i + 1) };
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i, i + 200)) as RegExpExecArray;
      words.push(match[0].toUpperCase());
      i += match[0].length;
    } else i++;
  }
  return { words, statement: sql, rest: "" };
}

/** Whether text holds only whitespace, comments and semicolons. */
const blank = (text: string) => text.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|\s|;/g, "") === "";

/**
 * The first check of a query, before SQLite sees it: one statement (a trailing `;` is fine), starting
 * with SELECT, WITH or VALUES, without refused words. Returns the statement without its `;`.
 * SQLite then prepares it and must report it read-only and returning rows (`checkPrepared`).
 */
export function checkSql(sql: string): string {
  if (typeof sql !== "string" || sql.trim() === "")
    throw new OpsError("E_VALIDATION", "the SQL statement is empty");
  if (sql.length > MAX_SQL_CHARS) {
    throw new OpsError("E_VALIDATION", `the SQL statement is longer than ${MAX_SQL_CHARS} characters`);
  }
  const { words, statement, rest } = scan(sql);
  if (!blank(rest)) {
    throw new OpsError("E_VALIDATION", "one SQL statement per call: remove everything after the first ';'");
  }
  const first = words[0];
  if (first === undefined || !STARTS.has(first)) {
    throw new OpsError(
      "E_VALIDATION",
      `only read queries are allowed: the statement must start with SELECT, WITH or VALUES (got ${first ?? "nothing"})`,
    );
  }
  const refused = words.find((w) => REFUSED.has(w));
  if (refused) {
    throw new OpsError("E_VALIDATION", `${refused} is not allowed: result tables are read-only`, {
      hint: "write one SELECT over the result tables",
    });
  }
  return statement.trim();
}

/** What SQLite says of a prepared statement (`sqlite3_stmt_readonly`, column count, column names). */
export interface PreparedFacts {
  readonly: boolean;
  reader: boolean;
  columnNames: string[];
}

/** The second check, on SQLite's own analysis of the statement: it changes nothing and returns rows. */
export function checkPrepared(facts: PreparedFacts): void {
  if (!facts.readonly || !facts.reader || facts.columnNames.length === 0) {
    throw new OpsError(
      "E_VALIDATION",
      "only read queries are allowed: SQLite reports this statement as a write",
    );
  }
  const seen = new Set<string>();
  for (const name of facts.columnNames) {
    if (seen.has(name)) {
      throw new OpsError(
        "E_VALIDATION",
        `two result columns are named "${name}": give each a distinct alias (AS)`,
      );
    }
    seen.add(name);
  }
}
