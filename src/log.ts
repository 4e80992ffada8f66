import { type ConsolaInstance, createConsola, type LogObject } from "consola/core";
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

function jsonReporter(write: (line: string) => void) {
  return {
    log(entry: LogObject) {
      const [message, fields] = entry.args as [string, LogFields | undefined];
      const line = {
        time: entry.date.toISOString(),
        level: entry.type === "log" ? "info" : entry.type,
        msg: redactText(String(message)),
        ...(redactValue(fields ?? {}) as LogFields),
      };
      write(`${JSON.stringify(line)}\n`);
    },
  };
}

function prettyReporter(write: (line: string) => void, color: boolean) {
  const paint = (code: number, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const tags: Record<string, string> = {
    error: paint(31, "error"),
    warn: paint(33, "warn "),
    info: paint(36, "info "),
    debug: paint(90, "debug"),
    trace: paint(90, "trace"),
  };
  return {
    log(entry: LogObject) {
      const [message, fields] = entry.args as [string, LogFields | undefined];
      const extra = fields && Object.keys(fields).length > 0 ? ` ${paint(90, formatFields(fields))}` : "";
      write(`${tags[entry.type] ?? entry.type} ${redactText(String(message))}${extra}\n`);
    },
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

function wrap(consola: ConsolaInstance, level: LogLevel, bound: LogFields): Logger {
  const emit = (type: "error" | "warn" | "info" | "debug") => (message: string, fields?: LogFields) =>
    consola[type](message, defined({ ...traceFields?.(), ...bound, ...fields }));
  return {
    level,
    error: emit("error"),
    warn: emit("warn"),
    info: emit("info"),
    debug: emit("debug"),
    child: (fields) => wrap(consola, level, { ...bound, ...fields }),
  };
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? "info";
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const reporter =
    options.format === "json" ? jsonReporter(write) : prettyReporter(write, options.color ?? false);
  // `consola/core`: the level filter and reporters without the fancy reporter's imports (~2 ms, not
  // ~20 ms, before serve's first /ping). throttle 0: every line is written, identical ones too (a log
  // collector counts repeats itself).
  const consola = createConsola({ level: LEVELS[level], reporters: [reporter], throttle: 0 });
  return wrap(consola, level, {});
}

/** A logger that drops everything; the default for library code used without a CLI. */
export const silentLogger: Logger = createLogger({ level: "silent" });
