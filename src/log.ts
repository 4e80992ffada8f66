import { redactText, redactValue } from "./redact.ts";

export type LogLevel = "silent" | "error" | "warn" | "info" | "debug" | "trace";
export type LogFormat = "pretty" | "json";
export type LogFields = Record<string, unknown>;

export interface Logger {
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (request id, account…). */
  child(fields: LogFields): Logger;
  readonly level: LogLevel;
}

export interface LoggerOptions {
  level?: LogLevel;
  format?: LogFormat;
  /** Where lines go; stderr by default so stdout stays clean for results. */
  write?: (line: string) => void;
  /** Disable colours (NO_COLOR). */
  color?: boolean;
}

const LEVELS: Record<LogLevel, number> = { silent: -999, error: 0, warn: 1, info: 3, debug: 4, trace: 5 };

/** Every level, least verbose first (for `--log-level` checks and messages). */
export const LOG_LEVELS = Object.keys(LEVELS) as LogLevel[];

export function isLogLevel(value: string): value is LogLevel {
  return Object.hasOwn(LEVELS, value);
}

type EntryType = "error" | "warn" | "info" | "debug";
/** One line to print: the reporters below format it. */
type Entry = (type: EntryType, message: string, fields: LogFields) => void;

function jsonReporter(write: (line: string) => void): Entry {
  return (type, message, fields) => {
    const line = {
      time: new Date().toISOString(),
      level: type,
      msg: redactText(String(message)),
      ...(redactValue(fields) as LogFields),
    };
    write(`${JSON.stringify(line)}\n`);
  };
}

function prettyReporter(write: (line: string) => void, color: boolean): Entry {
  const paint = (code: number, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const tags: Record<EntryType, string> = {
    error: paint(31, "error"),
    warn: paint(33, "warn "),
    info: paint(36, "info "),
    debug: paint(90, "debug"),
  };
  return (type, message, fields) => {
    const extra = Object.keys(fields).length > 0 ? ` ${paint(90, formatFields(fields))}` : "";
    write(`${tags[type]} ${redactText(String(message))}${extra}\n`);
  };
}

function formatFields(fields: LogFields): string {
  const safe = redactValue(fields) as LogFields;
  return Object.entries(safe)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");
}

/** trace_id/span_id of the active span; installed by src/telemetry only while tracing is on. */
let traceFields: (() => LogFields | undefined) | undefined;

/** Stamps every log line with the active span's ids (`undefined` stops it). */
export function setTraceFields(fields: (() => LogFields | undefined) | undefined): void {
  traceFields = fields;
}

/** Fields without a value are left out: a line never reads `tool=undefined`. */
function defined(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out;
}

function wrap(report: Entry, level: LogLevel, bound: LogFields): Logger {
  // A line is written when its level is at most the logger's (silent writes none); every line is written,
  // identical ones too (no throttling: a log collector counts repeats itself).
  const emit = (type: EntryType) =>
    LEVELS[type] <= LEVELS[level]
      ? (message: string, fields?: LogFields) =>
          report(type, message, defined({ ...traceFields?.(), ...bound, ...fields }))
      : () => {};
  return {
    level,
    error: emit("error"),
    warn: emit("warn"),
    info: emit("info"),
    debug: emit("debug"),
    child: (fields) => wrap(report, level, { ...bound, ...fields }),
  };
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? "info";
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const report =
    options.format === "json" ? jsonReporter(write) : prettyReporter(write, options.color ?? false);
  return wrap(report, level, {});
}

/** A logger that drops everything; the default for library code used without a CLI. */
export const silentLogger: Logger = createLogger({ level: "silent" });
