import { OpsError } from "../../src/errors.ts";

/** Runs `fn` and returns the OpsError it throws; anything else (or nothing) fails the test. */
export function thrown(fn: () => unknown): OpsError {
  try {
    fn();
  } catch (error) {
    if (error instanceof OpsError) return error;
    throw error;
  }
  throw new Error("expected an OpsError");
}
